"""The dependency rule: knowledge/ imports nothing of ours; the core never loads telegram."""
import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _imports(package):
    found = set()
    for path in (REPO / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found


def test_knowledge_imports_nothing_of_ours():
    assert not _imports("knowledge") & {"bot", "handlers", "telegram"}


def test_core_does_not_import_telegram_or_handlers():
    assert not _imports("bot") & {"telegram"}


def test_importing_the_core_never_loads_telegram():
    code = ("import sys, bot, bot.cli, bot.console, bot.engine, bot.store, bot.settings, bot.bench, knowledge; "
            "import bot.quiz, bot.quiz.coach, bot.quiz.rounds, bot.quiz.generate, bot.quiz.arguments; "
            "import bot.scenarios, bot.pictures, bot.pictures.drawing; "
            "import bot.chats, bot.chats.schedule, bot.chats.insight, bot.chats.manage, bot.chats.timing; "
            "print(any(m == 'telegram' or m.startswith('telegram.') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert out.stdout.strip() == "False", out.stderr


def test_start_up_does_not_pay_for_matplotlib():
    """Pictures load matplotlib on the first one drawn, so answering starts as fast as before."""
    code = ("import sys, bot.cli, bot.console, bot.pictures, bot.scenarios, bot.quiz, bot.chats; "
            "print(any(m == 'matplotlib' or m.startswith('matplotlib.') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert out.stdout.strip() == "False", out.stderr


def test_every_package_is_installed_by_pip_install_dot():
    """A subpackage missing from pyproject's list works in the editable checkout and breaks `pip install .`."""
    import tomllib

    import pytest

    find_packages = pytest.importorskip("setuptools").find_packages  # in every 3.11 venv; not in 3.12+

    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]
    packaged = set(find_packages(str(REPO), include=config["include"]))
    on_disk = {str(p.parent.relative_to(REPO)).replace("/", ".") for top in ("bot", "handlers", "knowledge")
               for p in (REPO / top).rglob("__init__.py")}
    assert on_disk <= packaged
