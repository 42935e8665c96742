"""Saving figures with their data; Chinese text and its fallback."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from matplotlib.figure import Figure

from paretoland.exceptions import ConfigError
from paretoland.reporting.figures import (
    CJKFontWarning,
    city_map,
    figure_data,
    find_cjk_font,
    frontier_2d,
    province_flows,
    save_figure,
)
from paretoland.reporting.figures import fonts as font_module


def test_save_figure_writes_print_formats_and_the_data(small_run, tmp_path) -> None:
    fig = frontier_2d(small_run)
    paths = save_figure(fig, tmp_path / "sub" / "frontier", dpi=72)
    assert [p.name for p in paths] == [
        "frontier.png",
        "frontier.svg",
        "frontier.pdf",
        "frontier.csv",
    ]
    assert all(p.stat().st_size > 0 for p in paths)
    assert paths[0].read_bytes()[:4] == b"\x89PNG" and paths[2].read_bytes()[:4] == b"%PDF"
    back = pd.read_csv(paths[3])
    assert back.shape == figure_data(fig).shape
    assert save_figure(fig, tmp_path / "only", formats=("png",), data=False) == [
        tmp_path / "only.png"
    ]


def test_figure_data_needs_a_paretoland_figure() -> None:
    with pytest.raises(ConfigError, match="paretoland_data"):
        figure_data(Figure())


def test_chinese_labels(small_run, monkeypatch) -> None:
    monkeypatch.setattr(font_module, "find_cjk_font", lambda: "DejaVu Sans")
    fig = frontier_2d(small_run, lang="zh")
    ax = fig.axes[0]
    assert "总产出" in ax.get_xlabel() and "产出差距" in ax.get_ylabel()
    assert "更优" in ax.get_xlabel()
    assert ax.xaxis.label.get_fontfamily()[0] == "DejaVu Sans"
    assert fig.paretoland_lang == "zh"
    assert (
        "现状"
        in fig.paretoland_data.loc[fig.paretoland_data["kind"] == "status_quo", "label"].item()
    )


def test_chinese_falls_back_to_english_without_a_font(small_run, monkeypatch) -> None:
    monkeypatch.setattr(font_module, "find_cjk_font", lambda: None)
    with pytest.warns(CJKFontWarning, match="noto-cjk-sans-otc"):
        fig = frontier_2d(small_run, lang="zh")
    assert fig.axes[0].get_xlabel().startswith("GDP (% change)")
    assert fig.paretoland_lang == "en"


def test_chinese_renders_with_the_installed_font(small_run, chosen, tmp_path) -> None:
    family = find_cjk_font()
    if family is None:
        pytest.skip("no CJK font installed (pip install noto-cjk-sans-otc)")
    allocations = small_run.allocations()
    figures = [
        frontier_2d(small_run, chosen=chosen, lang="zh"),
        province_flows(allocations[allocations["point"] == chosen], lang="zh"),
        city_map(pd.Series({"110000": 1.0, "371200": 2.0}), title="地图", lang="zh"),
    ]
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing")
        for k, fig in enumerate(figures):
            save_figure(fig, tmp_path / f"zh{k}", formats=("png",), dpi=50)
    assert figures[1].axes[0].get_yticklabels()[0].get_fontfamily()[0] == family
    map_texts = " ".join(t.get_text() for t in figures[2].axes[0].texts)
    assert "审图号" in map_texts and "底图" in map_texts
    legend = [t.get_text() for t in figures[2].axes[0].get_legend().get_texts()]
    assert "台湾省、香港、澳门：无数据" in legend and "不在2017年样本中" in legend
    assert "南海诸岛" in " ".join(t.get_text() for t in figures[2].axes[0].child_axes[0].texts)
