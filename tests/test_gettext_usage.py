"""Every translatable string in the Python code is one xgettext can extract.

xgettext reads the source as text: it extracts ``_("…")`` only when the message is a plain string
literal, and it never looks inside an f-string, so ``f"{_('Objectives and targets')}"`` or
``_(f"… {year}")`` leave the catalogue without the message and the page shows it in English
whatever the language (ruff's INT rules catch the second form only). Write
``_("… %(year)s") % {"year": year}`` instead: the placeholder stays inside the message.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PACKAGES = ("asm_guide", "setup_phase", "strategy", "implementation")

# The gettext functions (Django's and the standard library's) and how many of their first
# positional arguments are messages or contexts xgettext must be able to read.
GETTEXT_MESSAGE_ARGS = {
    "_": 1, "gettext": 1, "gettext_lazy": 1, "gettext_noop": 1,
    "ngettext": 2, "ngettext_lazy": 2,
    "pgettext": 2, "pgettext_lazy": 2,
    "npgettext": 3, "npgettext_lazy": 3,
}


def python_files() -> list[Path]:
    return sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py")
                  if "migrations" not in path.parts)


def gettext_name(call: ast.Call) -> str | None:
    func = call.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
    return name if name in GETTEXT_MESSAGE_ARGS else None


def is_literal(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def findings(path: Path, root: Path = ROOT) -> list[str]:
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text, filename=str(path))
    where = path.relative_to(root)
    found = []
    in_fstring: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            in_fstring |= {id(inner) for inner in ast.walk(node) if inner is not node}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or (name := gettext_name(node)) is None:
            continue
        source = ast.get_source_segment(text, node) or name
        if id(node) in in_fstring:
            found.append(f"{where}:{node.lineno}: {name}() inside an f-string: {source}")
        wanted = GETTEXT_MESSAGE_ARGS[name]
        if node.keywords or len(node.args) < wanted or not all(is_literal(arg) for arg in node.args[:wanted]):
            found.append(f"{where}:{node.lineno}: {name}() on something else than a string literal: {source}")
    return found


def test_the_scan_covers_the_project():
    files = python_files()
    assert len(files) > 50
    assert ROOT / "asm_guide" / "wizard" / "rendering.py" in files


@pytest.mark.parametrize("source", [
    'x = f"{prefix}.1 {_(\'Objectives and targets\')}"',
    'x = _(f"{year}")',
    'x = _("by {year}".format(year=year))',
    'x = _("by %s" % year)',
    'x = translation.gettext(label)',
    'x = ngettext("one", plural, n)',
    'x = f"{conditional_escape(_(\'Error:\'))}"',
])
def test_the_scan_finds_each_form_xgettext_misses(tmp_path, source):
    path = tmp_path / "sample.py"
    path.write_text(source + "\n", encoding="utf-8")
    assert findings(path, root=tmp_path)


@pytest.mark.parametrize("source", [
    'x = _("by %(year)s") % {"year": year}',
    'x = ngettext("%(n)s day", "%(n)s days", n) % {"n": n}',
    'x = pgettext_lazy("unit", "day")',
    'x = f"{prefix}.1 {title}"',
    'x = _("one" "two")',
])
def test_the_scan_accepts_what_xgettext_extracts(tmp_path, source):
    path = tmp_path / "sample.py"
    path.write_text(source + "\n", encoding="utf-8")
    assert findings(path, root=tmp_path) == []


def test_no_gettext_call_hides_its_message_from_xgettext():
    found = [line for path in python_files() for line in findings(path)]
    assert found == [], "xgettext cannot extract these messages:\n" + "\n".join(found)
