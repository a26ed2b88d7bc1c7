"""Declared target options: one parser for every target, clear errors, the README lists them
all, and a secret option never reaches what is printed, stored or logged."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drive_adapters.plan import save_plan
from drive_adapters.remote.options import (
    HIDDEN,
    Kind,
    Option,
    OptionError,
    markdown_table,
    parse_options,
)
from drive_adapters.targets import TargetError, declared_options, parse_spec, shown_spec

README = Path(__file__).resolve().parents[2] / "README.md"
SCHEMES = ("onedrive", "gdrive", "simulated")
SECRET = "Zz9-verborgen-geheim-0042"

DECLARED = (
    Option("concurrency", Kind.INT, 4, "Requests in flight.", minimum=1),
    Option("chunk_size", Kind.INT, 262144, "Chunk.", minimum=262144, multiple_of=262144),
    Option("retry_scale", Kind.FLOAT, 1.0, "Scale.", minimum=0, above=True),
    Option("auth", Kind.CHOICE, "device", "Sign-in.", choices=("device", "secret")),
    Option("pin", Kind.INT, None, "A secret number.", minimum=1000, secret=True),
)


def test_values_are_typed_and_defaults_fill_the_rest() -> None:
    opts = parse_options("demo", DECLARED, {"concurrency": "8", "retry_scale": "0.001", "auth": ""})
    assert opts.int("concurrency") == 8 and opts.float("retry_scale") == 0.001
    assert opts.int("chunk_size") == 262144 and opts.text("auth") == "device"
    assert opts.is_set("concurrency") and not opts.is_set("auth")  # empty means the default


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (
            {"concurrency": "vier"},
            "The demo option concurrency must be a whole number of at least 1",
        ),
        ({"concurrency": "0"}, 'must be a whole number of at least 1; "0" is not.'),
        ({"chunk_size": "300000"}, "a multiple of 262144"),
        ({"retry_scale": "0"}, "must be a number above 0"),
        ({"retry_scale": "nan"}, "must be a number above 0"),
        ({"auth": "password"}, "must be one of device, secret"),
        ({"concurency": "4"}, "has no option concurency. Did you mean concurrency?"),
    ],
)
def test_bad_values_say_the_option_and_what_is_allowed(raw: dict[str, str], says: str) -> None:
    with pytest.raises(OptionError) as info:
        parse_options("demo", DECLARED, raw)
    message = str(info.value)
    assert says in message
    assert "'" not in message  # no Python reprs


def test_a_refused_secret_is_not_repeated_in_the_error() -> None:
    with pytest.raises(OptionError) as info:
        parse_options("demo", DECLARED, {"pin": "12"})
    assert "pin must be a whole number of at least 1000" in str(info.value)
    assert "12" not in str(info.value).replace("1000", "")


def test_every_target_option_is_refused_when_unknown_not_ignored() -> None:
    from drive_adapters.gdrive.target import open_target as open_gdrive
    from drive_adapters.onedrive.target import open_target as open_onedrive

    with pytest.raises(OptionError, match="Did you mean concurrency"):
        open_onedrive("me", {"base_url": "http://127.0.0.1:9/v1.0", "concurency": "2"})
    with pytest.raises(OptionError, match="gdrive target has no option fast_retries"):
        open_gdrive("shared:Team", {"fast_retries": "1"})


def test_shown_spec_hides_secret_values_only() -> None:
    spec = f"onedrive:me?base_url=http://x/v1.0&client_secret={SECRET}&concurrency=2"
    shown = shown_spec(spec)
    assert SECRET not in shown
    assert shown == f"onedrive:me?base_url=http://x/v1.0&client_secret={HIDDEN}&concurrency=2"
    assert shown_spec("local-copy:/srv/nieuw") == "local-copy:/srv/nieuw"


def test_a_malformed_option_is_refused_without_echoing_it() -> None:
    with pytest.raises(TargetError) as info:
        parse_spec(f"onedrive:me?base_url=http://x&client_secret{SECRET}")
    assert SECRET not in str(info.value) and "option 2" in str(info.value)


def _readme_block(scheme: str) -> str:
    text = README.read_text("utf-8")
    found = re.search(rf"<!-- options:{scheme} -->\n(.*?)<!-- /options -->", text, re.S)
    assert found, f"README has no <!-- options:{scheme} --> … <!-- /options --> block"
    return found.group(1)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_readme_lists_every_declared_option(scheme: str) -> None:
    expected = markdown_table(scheme, declared_options(scheme))
    assert _readme_block(scheme) == expected, (
        f"README's {scheme} options table is out of date; replace it with:\n{expected}"
    )


def test_a_secret_option_never_reaches_output_plan_journal_or_logs(
    run_cli: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from tests.fakes.graph_server import FakeGraphServer
    from tests.onedrive.conftest import make_tree
    from tests.onedrive.onedrive_plans import upload_plan

    share = make_tree(tmp_path / "share", {"kaart a/les.txt": 300, "kaart b/toets.txt": 500})
    plan_dir = tmp_path / "plan"
    save_plan(upload_plan(share), plan_dir)
    caplog.set_level(logging.DEBUG)
    with FakeGraphServer() as graph:
        spec = (
            f"onedrive:me?base_url={graph.url}&client_secret={SECRET}&retry_scale=0.001"
            "&simple_upload_max=100000"
        )
        applied = run_cli("migrate", "apply", str(plan_dir), "--target", spec)
        verified = run_cli("migrate", "verify", str(plan_dir), "--target", spec)
    copy_dir = tmp_path / "copy"
    with FakeGraphServer() as graph:
        spec = f"onedrive:me?base_url={graph.url}&client_secret={SECRET}&retry_scale=0.001"
        copied = run_cli("migrate", "copy", str(share), "--target", spec, "--plan", str(copy_dir))
    assert applied.exit_code == 0, applied.output + applied.stderr
    assert verified.exit_code == 0, verified.output + verified.stderr
    assert copied.exit_code == 0, copied.output + copied.stderr
    assert f"client_secret={HIDDEN}" in applied.output  # the "check it" line, redacted
    assert f"client_secret={HIDDEN}" in copied.output  # the "undo" hint, redacted
    for result in (applied, verified, copied):
        assert SECRET not in result.output + result.stderr
    assert SECRET not in caplog.text
    written = [
        p for p in tmp_path.rglob("*") if p.is_file() and {plan_dir, copy_dir} & set(p.parents)
    ]
    assert any(p.name.startswith("journal") for p in written)
    for path in written:
        assert SECRET.encode() not in path.read_bytes(), path.name


@given(
    name=st.sampled_from([o.name for o in DECLARED] + ["concurency", "x"]),
    raw=st.text(max_size=30),
)
def test_any_text_is_a_value_or_a_clear_refusal(name: str, raw: str) -> None:
    """Whatever is typed after ?: a typed value, or an OptionError naming the option; never
    another exception, and a secret's text never in the message."""
    try:
        opts = parse_options("demo", DECLARED, {name: raw})
    except OptionError as error:
        message = str(error)
        assert name in message
        if name == "pin":  # the secret: the same words whatever was typed
            assert message == (
                "The demo option pin must be a whole number of at least 1000; "
                "the value given is not."
            )
        return
    option = next(o for o in DECLARED if o.name == name)
    value = opts.values[name]
    if raw and option.kind is Kind.INT:
        assert isinstance(value, int) and value >= (option.minimum or 0)
    if raw and option.kind is Kind.CHOICE:
        assert value in option.choices
