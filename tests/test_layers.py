"""The layers of issue #16 hold (import-linter contracts in pyproject.toml, also run by `make test`),
and the contracts do catch an import that breaks one."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("asm_guide", "setup_phase", "strategy", "implementation")


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    command = Path(sys.executable).with_name("lint-imports")
    assert command.exists(), "import-linter is a test dependency: pip install -e '.[test]'"
    return subprocess.run([str(command), "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_the_layers_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.fixture
def tree(tmp_path) -> Path:
    """The Python source of the four packages and the contracts, copied."""
    for package in PACKAGES:
        for source in (ROOT / package).rglob("*.py"):
            target = tmp_path / source.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    shutil.copyfile(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


@pytest.mark.parametrize(("module", "line", "contract"), [
    ("asm_guide/casefile/formats.py", "import asm_guide.review.workflow", "Core layers"),
    ("asm_guide/casefile/scope.py", "from asm_guide.reports import views", "Core layers"),
    ("asm_guide/wizard/registry.py", "import asm_guide.review.comments", "Core layers"),
    ("asm_guide/cases/models.py", "import asm_guide.wizard.registry", "Core layers"),
    ("asm_guide/review/diff.py", "import asm_guide.reports.context", "Core layers"),
    ("asm_guide/guide/views.py", "import asm_guide.review.history", "Core layers"),
    ("asm_guide/wizard/views.py", "import strategy.rules", "The core does not import the parts"),
    ("strategy/steps.py", "import asm_guide.review.workflow", "The parts build on the engine"),
    ("setup_phase/rules.py", "import strategy.models", "Parts in their order"),
    ("strategy/steps.py", "import setup_phase.rules", "Part 2 reads Part 1 only through"),
    ("implementation/steps.py", "from strategy import rules", "Part 3 reads Parts 1 and 2 only through"),
])
def test_a_broken_layer_is_caught(tree, module, line, contract):
    path = tree / module
    path.write_text(path.read_text() + f"\n{line}  # the breach\n")
    result = lint_imports(tree)
    assert result.returncode != 0, result.stdout + result.stderr
    assert "Broken contracts" in result.stdout, result.stdout + result.stderr
    report = result.stdout.split("Broken contracts", 1)[1]
    assert any(text.startswith(contract) for text in report.splitlines()), result.stdout
    assert module.removesuffix(".py").replace("/", ".") in report, result.stdout
