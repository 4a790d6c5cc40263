"""The layers of the house are a contract (pyproject.toml) that ``lint-imports`` checks.

It holds for the code as it is, and it breaks, naming the import, when a module imports a
layer above its own: the check runs on a copy of the project's packages with one import
added.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["hub", "home", "events", "partners", "neighbourday", "search"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(folder):
    return subprocess.run(  # noqa: S603
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_layers_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "added", "contract"),
    [
        ("events/filters.py", "import partners.models", "events does not import partners"),
        ("hub/locations.py", "from events import choices", "Layers"),
        ("partners/filters.py", "from search import kinds", "Layers"),
        ("search/search.py", "import home.models", "Layers"),
    ],
)
def test_an_import_up_the_layers_breaks_the_build(tmp_path, module, added, contract):
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=lambda folder, names: (
                [name for name in names if not name.endswith(".py") and "." in name]
                + ["__pycache__", "static"]
            ),
        )
    target = tmp_path / module
    target.write_text(target.read_text() + f"\n{added}  # noqa\n")
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{contract}" in result.stdout and "BROKEN" in result.stdout
    broken = module.removesuffix(".py").replace("/", ".")
    assert broken in result.stdout, result.stdout
