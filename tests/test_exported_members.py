"""The public API is what __all__ says: sorted, complete and importable."""

import importlib
import pkgutil

import pricing_engine


def _packages() -> list[str]:
    names = ["pricing_engine"]
    for info in pkgutil.walk_packages(pricing_engine.__path__, "pricing_engine."):
        if info.ispkg and ".cli" not in info.name:
            names.append(info.name)
    return names


def test_every_package_declares_a_sorted_all() -> None:
    for name in _packages():
        module = importlib.import_module(name)
        exported = getattr(module, "__all__", None)
        assert exported is not None, f"{name} has no __all__"
        assert list(exported) == sorted(exported), f"{name}.__all__ is not sorted"
        for member in exported:
            assert hasattr(module, member), f"{name}.__all__ names missing {member}"


def test_top_level_names_are_public_and_have_docstrings() -> None:
    for member in pricing_engine.__all__:
        if member.startswith("__"):
            continue
        obj = getattr(pricing_engine, member)
        assert obj.__doc__, f"pricing_engine.{member} has no docstring"


def test_importing_the_package_loads_no_heavy_part() -> None:
    import subprocess
    import sys

    code = ("import sys, pricing_engine; "
            "print(sorted(m for m in sys.modules if m.startswith('pricing_engine.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    for heavy in ("rules", "landed", "screening", "decision", "engine"):
        assert f"'pricing_engine.{heavy}" not in out, out


def test_lazy_names_resolve_to_their_modules_objects() -> None:
    from pricing_engine.engine import Engine
    from pricing_engine.quote import load_quote
    from pricing_engine.rules import load_rules

    assert pricing_engine.Engine is Engine
    assert pricing_engine.load_rules is load_rules
    assert pricing_engine.load_quote is load_quote


def test_documents_are_read_by_public_loaders() -> None:
    # A quote file and a proposal file each have a loader in the public API.
    assert {"load_quote", "load_proposal", "parse_proposal"} <= set(pricing_engine.__all__)


def test_screening_frame_functions_load_lazily_without_dask_or_pandas() -> None:
    import subprocess
    import sys

    code = ("import sys, pricing_engine.screening as s; "
            "print(sorted(m.split('.')[0] for m in sys.modules "
            "if m.split('.')[0] in ('dask', 'distributed', 'pandas')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]", out
    from pricing_engine import screening
    from pricing_engine.screening.distributed import screen_dask
    from pricing_engine.screening.frame import screen_frame

    assert screening.screen_frame is screen_frame
    assert screening.screen_dask is screen_dask
    assert {"screen_dask", "screen_frame"} <= set(dir(screening))
