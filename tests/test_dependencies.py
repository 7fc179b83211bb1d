"""Dependencies flow one way: each app imports only apps to its left, at module level, and no
modules import each other. Read from the source (AST), so it holds for code no test runs.

Imports inside a function are how a module reaches to its right when it must (a Celery task
loading its service, a role check loading the creator): they run late and cannot make a cycle
at import time, so only module-level imports count.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Left to right. `outbox` is infrastructure the project's queue writes to, beside
# partner_center; `demo` may import everything and is imported by nothing.
ORDER = [
    "partner_center",
    "outbox",
    "accounts",
    "tiktok",
    "linking",
    "creators",
    "campaigns",
    "insights",
]
DEMO = "demo"
APPS = [*ORDER, DEMO]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def module_level_imports(source: str, module: str, *, is_package: bool = False) -> set[str]:
    """The modules `module` imports when it is imported: its body's imports, and those under
    a top-level `if` or `try`, but not under `if TYPE_CHECKING:`."""
    found: set[str] = set()
    package = module if is_package else module.rpartition(".")[0]

    def visit(statements: list[ast.stmt]) -> None:
        for node in statements:
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                found.add(base)
                # `from app import module` imports app.module when it is one.
                found.update(f"{base}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.If):
                if "TYPE_CHECKING" not in ast.unparse(node.test):
                    visit(node.body)
                    visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)
                for handler in node.handlers:
                    visit(handler.body)
                visit(node.orelse)
                visit(node.finalbody)

    visit(ast.parse(source).body)
    return found


def project_graph() -> dict[str, set[str]]:
    """Module → the project's modules it imports at module level."""
    sources = {
        module_name(path): path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    }
    graph = {}
    for module, path in sources.items():
        imports = module_level_imports(
            path.read_text(), module, is_package=path.name == "__init__.py"
        )
        graph[module] = {name for name in imports if name in sources}
    return graph


def wrong_way(graph: dict[str, set[str]]) -> list[str]:
    """Imports of an app to the importer's right, or of demo."""
    problems = []
    for module, imports in graph.items():
        app = module.split(".")[0]
        for imported in imports:
            other = imported.split(".")[0]
            if other == app or app == DEMO:
                continue
            if other == DEMO or ORDER.index(other) > ORDER.index(app):
                problems.append(f"{module} imports {imported}")
    return sorted(problems)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each cycle of module-level imports, once (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph.get(node, ()):
            if other not in index:
                connect(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def test_it_finds_every_app_and_its_modules():
    graph = project_graph()
    assert {module.split(".")[0] for module in graph} == set(APPS)
    assert "linking.services" in graph["linking.views"]


def test_it_lets_each_app_import_only_apps_to_its_left():
    assert wrong_way(project_graph()) == []


def test_it_has_no_modules_that_import_each_other():
    assert cycles(project_graph()) == []


# --- The checks themselves ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from creators.models import Creator", {"creators.models", "creators.models.Creator"}),
        ("from . import services", {"linking", "linking.services"}),
        ("from .models import X", {"linking.models", "linking.models.X"}),
        ("import campaigns.models", {"campaigns.models"}),
        ("def f():\n    from campaigns import models", set()),
        (
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import campaigns",
            {"typing", "typing.TYPE_CHECKING"},
        ),
        ("try:\n    import creators\nexcept ImportError:\n    pass", {"creators"}),
    ],
)
def test_it_reads_module_level_imports(source, expected):
    assert module_level_imports(source, "linking.views") == expected


def test_it_reports_an_app_importing_to_its_right_or_demo():
    graph = {
        "accounts.roles": {"creators.models"},
        "linking.views": {"accounts.roles", "linking.models"},
        "linking.models": set(),
        "creators.models": set(),
        "campaigns.seed": {"demo.people"},
        "demo.people": {"campaigns.models"},
    }
    assert wrong_way(graph) == [
        "accounts.roles imports creators.models",
        "campaigns.seed imports demo.people",
    ]


def test_it_reports_modules_that_import_each_other():
    graph = {"creators.services": {"creators.tasks"}, "creators.tasks": {"creators.services"}}
    assert cycles(graph) == [["creators.services", "creators.tasks"]]
    assert cycles({"a.x": {"a.y"}, "a.y": set()}) == []
