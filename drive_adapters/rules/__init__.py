"""Each target's naming rules as data, one validator that applies them, and their fixes.

>>> from drive_adapters.rules import get_ruleset, sanitize_name
>>> sanitize_name("Kerst: draaiboek?.docx", get_ruleset("onedrive"), is_folder=False)
'Kerst_ draaiboek_.docx'
"""

from drive_adapters.rules.catalog import (
    GDRIVE,
    LOCAL,
    ONEDRIVE,
    PORTABLE,
    RULESETS,
    SMB,
    get_ruleset,
)
from drive_adapters.rules.lift import LIFTED_NAME, LiftTarget
from drive_adapters.rules.model import (
    LengthUnit,
    Limit,
    RuleSet,
    Severity,
    Throughput,
    Violation,
    combine,
)
from drive_adapters.rules.names import (
    as_text,
    check_name,
    has_undecodable,
    measure,
    name_ok,
    sanitize_name,
    sibling_key,
    split_extension,
    with_counter,
)
from drive_adapters.rules.tree import Node
from drive_adapters.rules.validator import TreeStats, fix_tree, node_key, validate_tree

__all__ = [
    "GDRIVE",
    "LIFTED_NAME",
    "LOCAL",
    "ONEDRIVE",
    "PORTABLE",
    "RULESETS",
    "SMB",
    "LengthUnit",
    "LiftTarget",
    "Limit",
    "Node",
    "RuleSet",
    "Severity",
    "Throughput",
    "TreeStats",
    "Violation",
    "as_text",
    "check_name",
    "combine",
    "fix_tree",
    "get_ruleset",
    "has_undecodable",
    "measure",
    "name_ok",
    "node_key",
    "sanitize_name",
    "sibling_key",
    "split_extension",
    "validate_tree",
    "with_counter",
]
