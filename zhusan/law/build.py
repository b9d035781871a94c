"""Compile the batch path's hot modules with mypyc, in place: optional, for bulk assessment.

    .venv/bin/python -m zhusan.law.build           # compile (needs a C compiler)
    .venv/bin/python -m zhusan.law.build --clean   # back to pure Python

The package is the same Python either way (tests run it pure); compiled, the modules below run
as C extensions next to their sources, which Python imports in preference to the .py files.
Recompile after changing them, or clean: a stale extension would hide the change.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.machinery
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parents[1]
MODULES = ("batch", "facts", "periods", "term", "epochs")
GROUP = "zhusan.law.native"  # the shared runtime library, zhusan/law/native__mypyc*.so
SETUP = """
from setuptools import setup
from mypyc.build import mypycify

setup(ext_modules=mypycify({paths!r}, group_name={group!r}, opt_level="3"))
"""


def compiled() -> list[str]:
    """Return the modules of MODULES that are loaded from a compiled extension."""
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    return [
        name
        for name in MODULES
        if str(importlib.import_module(f"zhusan.law.{name}").__file__).endswith(suffixes)
    ]


def _extensions() -> list[Path]:
    found = []
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        found += [PACKAGE / f"{name}{suffix}" for name in MODULES]
        found += list(PACKAGE.glob(f"{GROUP.rsplit('.', 1)[1]}__mypyc*{suffix}"))
    return sorted({path for path in found if path.exists()})  # suffixes overlap: once each


def clean() -> None:
    """Remove the compiled extensions, leaving the pure Python modules."""
    for path in _extensions():
        path.unlink(missing_ok=True)


def build() -> None:
    """Compile MODULES with mypyc into extensions beside their sources."""
    clean()
    paths = [f"zhusan/law/{name}.py" for name in MODULES]
    with tempfile.TemporaryDirectory() as scratch:
        setup = Path(scratch) / "setup.py"
        setup.write_text(SETUP.format(paths=paths, group=GROUP), "utf-8")
        command = [sys.executable, str(setup), "build_ext", "--inplace", "-b", scratch]
        command += ["-t", str(Path(scratch) / "temp")]
        subprocess.run(command, cwd=ROOT, check=True)  # noqa: S603 (our own interpreter)
    shutil.rmtree(ROOT / "build", ignore_errors=True)  # what mypyc leaves of its C sources


def main(argv: list[str] | None = None) -> int:
    """Compile, or with --clean remove, the extensions."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clean", action="store_true", help="remove the compiled extensions")
    args = parser.parse_args(argv)
    if args.clean:
        clean()
    else:
        build()
    print("compiled: " + (", ".join(compiled()) or "nothing (pure Python)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
