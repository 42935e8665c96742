"""The command line: sub-commands on the embedded data and clean errors."""

from __future__ import annotations

import pytest

import paretoland
from paretoland import default_data_dir
from paretoland.cli import main
from paretoland.io.folders import MARKER_FILE


def _has_default_data() -> bool:
    try:
        return (default_data_dir() / "cities.csv").exists()
    except Exception:  # noqa: BLE001 - no embedded data at all
        return False


needs_data = pytest.mark.skipif(not _has_default_data(), reason="the embedded dataset is not built")


def test_version_prints_the_package_version(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"paretoland {paretoland.__version__}"


@needs_data
def test_baseline_report_prints(capsys) -> None:
    assert main(["baseline"]) == 0
    out = capsys.readouterr().out
    assert "calibrated baseline" in out and "National" in out and "80.20" in out


@needs_data
def test_wedges_command_writes_outputs(tmp_path, capsys) -> None:
    out = tmp_path / "w"
    assert main(["wedges", "--out", str(out), "--tenure-rate", "0.05"]) == 0
    assert (out / "wedge_shares.png").exists() and (out / "wedges_by_city.csv").exists()
    assert "sellers" in capsys.readouterr().out


@needs_data
def test_data_flags_and_summary(capsys) -> None:
    assert main(["data", "flags"]) == 0
    assert "share_flagged" in capsys.readouterr().out
    assert main(["data", "summary"]) == 0


@needs_data
def test_keep_tibet_flag(capsys) -> None:
    assert main(["data", "summary"]) == 0
    default = capsys.readouterr().out
    assert "Cities:     313" in default and "西藏自治区" in default
    assert main(["data", "summary", "--keep-tibet"]) == 0
    kept = capsys.readouterr().out
    assert "Cities:     319" in kept and "Sample:" not in kept


def test_invalid_parameter_is_a_clean_error(capsys, four_city_frames, tmp_path) -> None:
    from paretoland import CityData

    folder = CityData.from_frames(*four_city_frames).to_dir(tmp_path / "d")
    assert main(["baseline", "--data", str(folder), "--kappa", "0.5"]) == 2
    assert "kappa must be greater than 1" in capsys.readouterr().err


def test_missing_dataset_is_a_clean_error(capsys, tmp_path) -> None:
    assert main(["baseline", "--data", str(tmp_path / "nowhere")]) == 2
    assert "error" in capsys.readouterr().err


def test_supply_variant_needs_an_output_folder(capsys, tmp_path) -> None:
    assert main(["data", "build", "--raw", str(tmp_path), "--land", "supply"]) == 2
    assert "never replaces the embedded dataset: pass --out DIR" in capsys.readouterr().err


def test_build_needs_an_existing_raw_folder(capsys, tmp_path) -> None:
    assert main(["data", "build", "--raw", str(tmp_path / "nope"), "--out", str(tmp_path)]) == 2
    assert "does not exist" in capsys.readouterr().err


@needs_data
def test_scenarios_command_prints_and_writes(tmp_path, capsys) -> None:
    from pathlib import Path

    example = Path(__file__).resolve().parents[1] / "problems" / "transactions_example.csv"
    out = tmp_path / "s"
    assert (
        main(
            [
                "scenarios",
                "--no-robustness",
                "--quiet",
                "--transactions",
                str(example),
                "--measure",
                "theil",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    text = capsys.readouterr().out
    assert "Table 1: recorded transactions" in text and "theil" in text
    assert "Where the outcomes come from, Table 3" in text
    assert {
        "results.csv",
        "table1.csv",
        "table2.csv",
        "table3.csv",
        "scenarios.md",
        "findings.csv",
        "decomposition.csv",
        "run.json",
        MARKER_FILE,
    } == {p.name for p in out.iterdir()}
    assert (
        main(
            [
                "scenarios",
                "--no-robustness",
                "--quiet",
                "--no-decomposition",
                "--out",
                str(tmp_path / "n"),
            ]
        )
        == 0
    )
    assert "Where the outcomes" not in capsys.readouterr().out


@needs_data
def test_scenarios_bad_transactions_is_a_clean_error(tmp_path, capsys) -> None:
    bad = tmp_path / "tx.csv"
    bad.write_text(
        "seller,buyer,area_mu,price_yuan_mu\nAtlantis,合肥市,100,200000\n", encoding="utf-8"
    )
    out = tmp_path / "s"
    assert (
        main(
            [
                "scenarios",
                "--no-robustness",
                "--quiet",
                "--transactions",
                str(bad),
                "--out",
                str(out),
            ]
        )
        == 2
    )
    assert "Atlantis" in capsys.readouterr().err
    assert not out.exists()
