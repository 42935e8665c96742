"""Wedge shares by region, trading roles, and the all-or-nothing export."""

from __future__ import annotations

import numpy as np
import pytest

from paretoland import CityData, calibrate, trading_roles, wedge_shares
from paretoland.io.folders import MARKER_FILE
from paretoland.reporting import wedges as exports
from paretoland.reporting.wedges import WEDGE_FILES, export_wedges


@pytest.fixture
def calibration(four_city_frames):
    return calibrate(CityData.from_frames(*four_city_frames))


def test_roles_follow_wedge_signs(calibration) -> None:
    roles = trading_roles(calibration)
    for use, wedge in (
        ("productive", calibration.wedge_productive),
        ("residential", calibration.wedge_residential),
    ):
        assert list(roles[f"role_{use}"] == "buyer") == list(wedge > 0)
        assert list(roles[f"role_{use}"] == "seller") == list(wedge < 0)


def test_shares_by_region_count_positive_wedges(calibration) -> None:
    table = wedge_shares(calibration)
    assert list(table.index) == ["National", "East", "Central", "West", "Northeast"]
    assert list(table["n_cities"]) == [4, 3, 0, 1, 0]
    expected = (calibration.wedge_productive > 0).mean() * 100
    assert table.loc["National", "productive_positive_pct"] == pytest.approx(expected)
    east = calibration.data.regions == "East"
    assert table.loc["East", "residential_positive_pct"] == pytest.approx(
        (calibration.wedge_residential[east] > 0).mean() * 100
    )
    assert np.isnan(table.loc["Central", "productive_positive_pct"])
    assert table.loc["National", "paper_productive_pct"] == 80.20
    assert table.loc["National", "paper_residential_pct"] == 66.75


def test_export_writes_csv_and_png(calibration, tmp_path) -> None:
    out = tmp_path / "wedges"
    text = export_wedges(calibration, out)
    assert sorted(p.name for p in out.iterdir()) == sorted([*WEDGE_FILES, MARKER_FILE])
    assert (out / "wedge_shares.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "National" in text and "sellers" in text and "buyers" in text


def test_failed_export_leaves_previous_output_untouched(calibration, tmp_path, monkeypatch) -> None:
    out = tmp_path / "wedges"
    export_wedges(calibration, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(exports, "plot_wedge_shares", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        export_wedges(calibration, out, overwrite=True)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["wedges"]  # no staging folder left
