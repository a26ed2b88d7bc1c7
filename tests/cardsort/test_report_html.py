"""The HTML report a school leader reads: what it shows, and how it looks in a real browser."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from cardsort.analysis import AnalysisOptions, SortData, analyse, simulate_sorts
from cardsort.report_html import render_report
from tests.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS


def _team() -> SortData:
    data, _ = simulate_sorts(
        n_cards=24,
        n_participants=14,
        n_groups=4,
        noise=0.15,
        seed=5,
        group_names=["Zorg", "Vieringen", "ICT", "Directie"],
    )
    return data


@pytest.fixture(scope="module")
def page() -> str:
    result = analyse(_team(), options=AnalysisOptions(n_resamples=40, curve_always=True))
    return render_report(result, "demo", lang="nl")


def test_the_report_draws_what_a_researcher_expects(page: str) -> None:
    # heatmap, dendrogram, sample-size curve and AAM tree, all inline SVG
    assert page.count("<svg") == 4
    for heading in (
        "Welke kaarten horen bij elkaar",
        "Boomdiagram",
        "Hoe de uitkomst groeit met het team",
        "Hoeveel collega's het eens zijn (AAM)",
        "Drie sorteringen die het meest op die van de anderen lijken",
        "Waar collega's elke kaart legden",
    ):
        assert heading in page, heading


def test_folders_are_outlined_and_coloured_alike(page: str) -> None:
    swatches = re.findall(r'class="swatch" style="background:(#[0-9A-Fa-f]{6})"', page)
    assert len(swatches) >= 3
    for colour in swatches:  # the folder's colour outlines it on the heatmap
        assert f"stroke: {colour.lower()}" in page.lower() or f"stroke:{colour}" in page


def test_the_bottom_half_reads_in_words_and_folds_away(page: str) -> None:
    assert "<details" in page and "<summary>" in page
    assert "all_in_one" not in page and "too_fast" not in page
    assert "meegeteld" in page


def test_cards_are_listed_by_label_in_natural_order(page: str) -> None:
    table = page[page.index("<h2>Kaarten</h2>") :]
    names = re.findall(r"<tr><td>(Card \d+)</td>", table)
    assert names[:3] == ["Card 1", "Card 2", "Card 3"]
    assert names.index("Card 10") > names.index("Card 9")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed")
def test_the_report_renders_in_headless_chromium(page: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            view = browser.new_page(viewport={"width": 1100, "height": 900})
            view.goto(path.as_uri())
            assert view.locator("svg").count() == 4
            assert view.locator("h1").inner_text().startswith("Kaartsortering")
            view.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
        finally:
            browser.close()
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000


def test_the_report_tells_the_same_story_as_the_terminal() -> None:
    data, _ = simulate_sorts(n_cards=30, n_participants=12, n_groups=6, noise=0.35, seed=5)
    result = analyse(
        data, options=AnalysisOptions(n_groups=4, n_resamples=30, sample_size_curve=False)
    )
    page = render_report(result, "demo", lang="en")
    assert result.warnings, "a forced, noisy partition comes with notes"
    for warning in result.warnings:
        assert html.escape(warning["en"]) in page
    assert html.escape(result.verdict.text["en"]) in page
    assert "fits poorly" in page
    assert "<b>4</b>top-level folders" in page
