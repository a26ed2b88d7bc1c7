"""The path a cloud really measures: the site and library in front, the staging folder inside.

SharePoint's 400-character limit counts "the decoded path including site, library and file
name" (learn.microsoft.com/office365/servicedescriptions/sharepoint-online-service-description/
sharepoint-online-limits), and an in-place run first builds the new tree inside its staging
folder, so every path is one folder longer while the run is under way. A plan checked against
the bare 400 characters would pass and then fail half-way through the run.
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import unquote, urlsplit

from drive_adapters.rules import RuleSet

__all__ = ["library_prefix_chars", "rules_with_prefix"]


def library_prefix_chars(web_url: str | None) -> int:
    """Characters a library's URL path adds in front of every item path (``/sites/x/Docs/``,
    its trailing separator included: the rules measure a path as this prefix plus the names
    and the separators between them)."""
    if not web_url:
        return 0
    path = unquote(urlsplit(web_url).path).rstrip("/")
    return len(path) + 1 if path else 0


def rules_with_prefix(rules: RuleSet, prefix_chars: int, staging: str | None = None) -> RuleSet:
    """``rules`` whose path limits also count the library prefix and the staging folder."""
    extra = prefix_chars + (len(staging) + 1 if staging else 0)
    if not extra or not rules.path_limits:
        return rules
    return replace(rules, path_prefix_chars=rules.path_prefix_chars + extra)
