"""The matching core imports no Django, so it runs in batch jobs and on Spark workers."""

import ast
from pathlib import Path

import zhusan.identity

DJANGO_SIDE = {
    "models.py",
    "actions.py",
    "views.py",
    "access.py",
    "queries.py",
    "apps.py",
    "admin.py",
    "urls.py",
    "reindex.py",
}
CORE = Path(zhusan.identity.__file__).parent


def test_no_core_module_imports_django():
    offenders = []
    for path in sorted(CORE.glob("*.py")):
        if path.name in DJANGO_SIDE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "django"]
    assert offenders == []
