"""Complete sorts through the Pilot: by keyboard (open, closed, hybrid), by mouse clicks and by
drag, finish validation, undo, the move dialog and the small terminal."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from cardsort.tui.screens.board import BoardScreen
from cardsort.tui.screens.finish import FinishScreen, ThanksScreen
from cardsort.tui.sort_app import SortApp
from cardsort.tui.sorting import UNSORTED, UNSURE
from sessions.models import PlacementState, StudyKind
from sessions.store import Store
from sessions.studies import get_study, load_sort, participants_of

AppFactory = Callable[..., SortApp]


async def join(pilot: Pilot[None], name: str = "Anna") -> BoardScreen:
    await pilot.pause()
    await pilot.press(*name, "enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, BoardScreen)
    return screen


def labels_by_group(store: Store, study: str = "team") -> dict[str, list[str]]:
    """What the store holds: group label (or @unsure/@unsorted) → card labels."""
    found = get_study(store, study)
    (participant,) = participants_of(store, found.id)
    sort = load_sort(store, participant.id)
    names = {g.key: g.label for g in sort.groups}
    cards = {r["id"]: r["label"] for r in store.conn.execute("SELECT id, label FROM cards")}
    result: dict[str, list[str]] = {}
    for placement in sorted(sort.placements, key=lambda p: p.position):
        if placement.state is PlacementState.PLACED:
            key = names[placement.group_key or ""]
        else:
            key = "@" + placement.state.value
        result.setdefault(key, []).append(cards[placement.card_id])
    return result


async def finish(pilot: Pilot[None]) -> None:
    await pilot.press("f")
    await pilot.pause()
    assert isinstance(pilot.app.screen, FinishScreen)
    await pilot.press("y")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ThanksScreen)


async def test_open_sort_by_keyboard(make_app: AppFactory, store: Store) -> None:
    app = make_app(StudyKind.OPEN)
    async with app.run_test(size=(100, 30)) as pilot:
        await join(pilot)
        await pilot.press("n", *"Planning", "enter")  # Roosters → new group 1
        await pilot.press("1")  # Nieuwsbrieven → 1
        await pilot.press("n", *"Feesten", "enter")  # Sinterklaas → new group 2
        await pilot.press("2")  # Kerst → 2
        await pilot.press("u")  # Cito-toetsen → not sure
        await pilot.press("m", *"plan", "enter")  # Notulen MR → via the dialog
        await pilot.pause()
        assert app.board is not None and app.board.piles[UNSORTED] == []
        await finish(pilot)
    assert labels_by_group(store) == {
        "Planning": ["Roosters", "Nieuwsbrieven", "Notulen MR"],
        "Feesten": ["Sinterklaas", "Kerst"],
        "@unsure": ["Cito-toetsen"],
    }
    (participant,) = participants_of(store, get_study(store, "team").id)
    assert participant.finished and participant.duration_s is not None


async def test_closed_sort_by_keyboard_cannot_make_groups(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app(StudyKind.CLOSED)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await join(pilot)
        await pilot.press("n")  # not allowed: no dialog, a warning
        await pilot.pause()
        assert app.screen is screen
        assert len(app.board.groups) == 3 if app.board else False
        await pilot.press("1", "1", "2", "2", "3", "3")
        await finish(pilot)
    assert labels_by_group(store) == {
        "Organisatie": ["Roosters", "Nieuwsbrieven"],
        "Vieringen": ["Sinterklaas", "Kerst"],
        "Onderwijs": ["Cito-toetsen", "Notulen MR"],
    }
    sort = load_sort(store, participants_of(store, get_study(store, "team").id)[0].id)
    assert all(g.category_id is not None for g in sort.groups)


async def test_hybrid_sort_adds_own_group_after_categories(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app(StudyKind.HYBRID)
    async with app.run_test(size=(100, 30)) as pilot:
        await join(pilot)
        await pilot.press("1", "1")
        await pilot.press("n", *"MR-zaken", "enter")  # Sinterklaas → own group, number 4
        await pilot.press("2", "3", "4")
        await finish(pilot)
    assert labels_by_group(store) == {
        "Organisatie": ["Roosters", "Nieuwsbrieven"],
        "MR-zaken": ["Sinterklaas", "Notulen MR"],
        "Vieringen": ["Kerst"],
        "Onderwijs": ["Cito-toetsen"],
    }


async def test_sort_by_mouse_clicks(make_app: AppFactory, store: Store) -> None:
    app = make_app(StudyKind.CLOSED)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await join(pilot)
        for target in (".key-cat2", ".key-cat3"):
            await pilot.click("#pile-unsorted", offset=(4, 1))  # the top card
            await pilot.pause()
            assert screen.picked is not None
            await pilot.click(target, offset=(4, 1))
            await pilot.pause()
            assert screen.picked is None
    assert labels_by_group(store)["Vieringen"] == ["Roosters"]
    assert labels_by_group(store)["Onderwijs"] == ["Nieuwsbrieven"]


async def test_sort_by_drag_and_drop(make_app: AppFactory, store: Store) -> None:
    app = make_app(StudyKind.CLOSED)
    async with app.run_test(size=(100, 30)) as pilot:
        await join(pilot)
        await pilot.mouse_down("#pile-unsorted", offset=(4, 2))  # the second card
        await pilot.hover(".key-cat3", offset=(4, 2))
        await pilot.pause()
        assert app.screen.query_one(".key-cat3").has_class("-drop-target")
        await pilot.mouse_up(".key-cat3", offset=(4, 2))
        await pilot.pause()
        assert not app.screen.query_one(".key-cat3").has_class("-drop-target")
    assert labels_by_group(store)["Onderwijs"] == ["Nieuwsbrieven"]


async def test_finish_requires_named_groups(make_app: AppFactory, store: Store) -> None:
    app = make_app(StudyKind.OPEN)
    async with app.run_test(size=(100, 30)) as pilot:
        await join(pilot)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FinishScreen)
        assert [p.key for p in app.screen.problems] == ["finish.problem.nothing_sorted"]
        await pilot.press("escape")
        await pilot.press("n", "enter")  # a group without a name
        await pilot.press("f")
        await pilot.pause()
        assert [p.key for p in app.screen.problems] == ["finish.problem.unnamed"]  # type: ignore[attr-defined]
        await pilot.press("y")  # cannot confirm
        await pilot.pause()
        assert isinstance(app.screen, FinishScreen)
        await pilot.press("escape")
        await pilot.press("r", "enter", *"Rooster", "enter")  # choose the group, name it
        await finish(pilot)
    assert labels_by_group(store)["Rooster"] == ["Roosters"]


async def test_finish_can_require_every_card_sorted(make_app: AppFactory) -> None:
    app = make_app(StudyKind.CLOSED, require_all_sorted=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await join(pilot)
        await pilot.press("1", "f")
        await pilot.pause()
        assert isinstance(app.screen, FinishScreen)
        assert [p.key for p in app.screen.problems] == ["finish.problem.unsorted"]


async def test_undo_takes_back_moves_in_order(make_app: AppFactory, store: Store) -> None:
    app = make_app(StudyKind.CLOSED)
    async with app.run_test(size=(100, 30)) as pilot:
        await join(pilot)
        await pilot.press("1", "2", "u")
        await pilot.press("z")
        await pilot.pause()
        assert app.board is not None
        assert app.board.piles[UNSURE] == []
        await pilot.press("z")
        await pilot.pause()
        assert app.board.piles["cat2"] == []
        assert app.board.piles["cat1"] != []
    assert list(labels_by_group(store)) == ["Organisatie", "@unsorted"]


async def test_groups_can_be_merged_and_deleted(make_app: AppFactory, store: Store) -> None:
    app = make_app(StudyKind.OPEN)
    async with app.run_test(size=(100, 30)) as pilot:
        await join(pilot)
        await pilot.press("n", *"A", "enter", "n", *"B", "enter", "n", *"C", "enter")
        await pilot.press("g", "enter")  # merge group 1 (A, the first offered)…
        await pilot.press("down", "down", "enter")  # …into C: to the list, then one down
        await pilot.pause()
        board = app.board
        assert board is not None
        assert [g.label for g in board.ordered_groups()] == ["B", "C"]
        await pilot.press("x", "enter", "y")  # delete B: its card goes back
        await pilot.pause()
        assert [g.label for g in board.ordered_groups()] == ["C"]
    result = labels_by_group(store)
    assert result["C"] == ["Sinterklaas", "Roosters"]
    assert "Nieuwsbrieven" in result["@unsorted"]


async def test_move_dialog_filters_by_typing(make_app: AppFactory) -> None:
    app = make_app(StudyKind.CLOSED)
    async with app.run_test(size=(100, 30)) as pilot:
        await join(pilot)
        await pilot.press("m", *"vier")
        await pilot.pause()
        options = app.screen.query_one("#targets")
        assert options.option_count == 1  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert app.board is not None and len(app.board.piles["cat2"]) == 1


async def test_small_terminal_shows_board_and_reflows(
    make_app: AppFactory, screen_text: Callable[[SortApp], str]
) -> None:
    app = make_app(StudyKind.CLOSED)
    async with app.run_test(size=(80, 24)) as pilot:
        await join(pilot)
        groups = app.screen.query_one("#groups")
        assert groups.styles.grid_size_columns == 2
        text = screen_text(app)
        assert "To sort (6)" in text and "Organisatie" in text
        await pilot.resize_terminal(160, 40)
        await pilot.pause()
        assert groups.styles.grid_size_columns >= 5


async def test_returning_participant_resumes_and_finished_one_sees_thanks(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app(StudyKind.CLOSED)
    async with app.run_test(size=(100, 30)) as pilot:
        await join(pilot, "Bram")
        await pilot.press("2", "3")
    again = SortApp(app.session.__class__.open(store, "team"), lang="nl")
    async with again.run_test(size=(100, 30)) as pilot:
        await join(pilot, "Bram")
        assert again.board is not None
        assert len(again.board.piles["cat2"]) == 1 and len(again.board.piles["cat3"]) == 1
        await finish(pilot)
    third = SortApp(app.session.__class__.open(store, "team"), lang="nl")
    async with third.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*"Bram", "enter")
        await pilot.pause()
        assert isinstance(third.screen, ThanksScreen) and third.screen.already


async def test_participant_code_is_checked(make_app: AppFactory, store: Store) -> None:
    app = make_app(StudyKind.OPEN, require_code=True)
    code = get_study(store, "team").access_code
    assert code
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*"Anna", "enter")  # jumps to the code field
        await pilot.press(*"000000"[: 6 if code != "000000" else 5], "enter")
        await pilot.pause()
        assert not isinstance(app.screen, BoardScreen)
        assert participants_of(store, get_study(store, "team").id) == []
        app.screen.query_one("#code").value = code  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)


async def test_subgroup_by_keyboard(make_app: AppFactory, store: Store) -> None:
    app = make_app(StudyKind.OPEN, allow_subgroups=True, allow_unsure=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await join(pilot)
        assert "@unsure" not in screen.piles  # this study has no "not sure" pile
        await pilot.press("u")  # hidden and refused
        await pilot.press("n", *"Onderwijs", "enter")
        await pilot.press("s", "enter", *"Rekenen", "enter")  # parent chosen, card goes in
        await pilot.pause()
        board = app.board
        assert board is not None
        sub = board.ordered_groups()[1]
        assert sub.label == "Rekenen" and sub.parent_key == board.ordered_groups()[0].key
        assert len(board.piles[sub.key]) == 1
        assert str(screen.piles[sub.key].border_title) == "↳ 2 Rekenen"
        assert str(screen.piles[sub.key].border_subtitle) == "1 card"
    sort = load_sort(store, participants_of(store, get_study(store, "team").id)[0].id)
    assert {g.label: g.parent_key is not None for g in sort.groups} == {
        "Onderwijs": False,
        "Rekenen": True,
    }


async def test_tab_walks_the_piles(make_app: AppFactory) -> None:
    app = make_app(StudyKind.CLOSED)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await join(pilot)
        seen = []
        for _ in range(5):
            await pilot.press("tab")
            focused = app.focused
            assert focused is not None and focused in screen.piles.values()
            seen.append(focused)
        assert len(set(seen)) == 5  # unsure + 3 categories + back to the stack


async def test_a_full_group_gets_a_scrollbar_and_loses_it_again(make_app: AppFactory) -> None:
    """A move repaints only the piles involved, yet a pile that overflows still scrolls."""
    app = make_app(StudyKind.OPEN)
    # The one group gets all the height the screen has: 10 rows leave room for five cards.
    async with app.run_test(size=(100, 10)) as pilot:
        screen = await join(pilot)
        await pilot.press("n", *"Alles", "enter")
        for _ in range(5):
            await pilot.press("1")
        await pilot.pause()
        group = next(p for key, p in screen.piles.items() if key not in (UNSORTED, UNSURE))
        visible = group.scrollable_content_region.height
        assert len(group.card_ids) == 6 > visible  # six cards in a pile that shows five
        assert group.virtual_size.height == 6
        assert group.show_vertical_scrollbar
        group.focus()
        await pilot.pause()
        await pilot.press("end")
        await pilot.pause()
        assert group.scroll_y > 0  # the last card scrolled into view
        await pilot.press("0")  # the last card back to the stack
        await pilot.pause()
        assert group.virtual_size.height == 5 and not group.show_vertical_scrollbar
