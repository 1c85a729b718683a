"""Every action name the code can pass to ``gongkai.audit.services.record``, read from the source.

The tests use it to hold the label registry (gongkai/audit/labels.py) complete: a new ``record(…,
"x.y", …)`` without a label fails them. Each call's action argument is resolved statically: a
string, either branch of a conditional, an f-string whose placeholders resolve, a local variable
assigned such a value, or a parameter of the enclosing function, resolved at every call of that
function in the package (by name) — recursively. What cannot be resolved so (a loop variable, an
attribute) is reported as unresolved, with its place, and the test names an expansion for it.
"""

from __future__ import annotations

import ast
import itertools
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "gongkai"


@dataclass
class Module:
    path: Path
    text: str
    _tree: ast.Module | None = None
    _calls: dict[str, list[ast.Call]] | None = None
    _parents: dict[ast.AST, ast.AST] | None = None
    _imports: list[ast.Import | ast.ImportFrom] | None = None

    @property
    def tree(self) -> ast.Module:
        if self._tree is None:
            self._tree = ast.parse(self.text)
        return self._tree

    def calls(self, name: str) -> list[ast.Call]:
        """The calls of ``name(…)`` or ``x.name(…)`` in this module (parsed only when the text has it)."""
        if name + "(" not in self.text:
            return []
        if self._calls is None:
            self._calls = {}
            for node in ast.walk(self.tree):
                if isinstance(node, ast.Call) and (called := _call_name(node)):
                    self._calls.setdefault(called, []).append(node)
        return self._calls.get(name, [])

    @property
    def imports(self) -> list[ast.Import | ast.ImportFrom]:
        if self._imports is None:
            self._imports = [n for n in ast.walk(self.tree) if isinstance(n, ast.Import | ast.ImportFrom)]
        return self._imports

    @property
    def dotted(self) -> str:
        return ".".join(self.path.relative_to(PACKAGE.parent).with_suffix("").parts)

    def aliases_of(self, dotted: str) -> set[str]:
        """The names under which this module imported the module ``dotted``."""
        parent, _dot, leaf = dotted.rpartition(".")
        names = set()
        for node in self.imports:
            if isinstance(node, ast.ImportFrom) and node.module == parent:
                names |= {a.asname or a.name for a in node.names if a.name == leaf}
            elif isinstance(node, ast.Import):
                names |= {a.asname for a in node.names if a.name == dotted and a.asname}
        return names

    def imports_name(self, dotted: str, name: str) -> bool:
        return any(
            isinstance(node, ast.ImportFrom) and node.module == dotted and any(a.name == name for a in node.names)
            for node in self.imports
        )

    def enclosing_function(self, node: ast.AST) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        if self._parents is None:
            self._parents = {child: parent for parent in ast.walk(self.tree) for child in ast.iter_child_nodes(parent)}
        while node in self._parents:
            node = self._parents[node]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                return node
        return None


@dataclass
class Found:
    actions: set[str] = field(default_factory=set)
    unresolved: list[str] = field(default_factory=list)  # "path:line: expression"


def _modules() -> list[Module]:
    modules = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        modules.append(Module(path, path.read_text(encoding="utf-8")))
    return modules


def _imports_record(module: Module) -> bool:
    return module.imports_name("gongkai.audit.services", "record")


def _call_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _argument(call: ast.Call, index: int, name: str) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    if index < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args[: index + 1]):
        return call.args[index]
    return None


class Resolver:
    def __init__(self) -> None:
        self.modules = _modules()
        self._keywords: dict[str, set[str]] = {}

    def resolve(self, module: Module, expr: ast.expr, depth: int = 0) -> set[str] | None:
        """The strings ``expr`` can take, or None when that cannot be read from the source."""
        if depth > 6:
            return None
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return {expr.value}
        if isinstance(expr, ast.IfExp):
            return self._union(module, [expr.body, expr.orelse], depth)
        if isinstance(expr, ast.JoinedStr):
            return self._fstring(module, expr, depth)
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "get":
            return self._dict_get(module, expr, depth)
        if isinstance(expr, ast.Name):
            return self._name(module, expr, depth)
        if isinstance(expr, ast.Attribute):
            return self._attribute(expr)
        return None

    def _union(self, module: Module, exprs: list[ast.expr], depth: int) -> set[str] | None:
        result: set[str] = set()
        for expr in exprs:
            values = self.resolve(module, expr, depth + 1)
            if values is None:
                return None
            result |= values
        return result

    def _fstring(self, module: Module, expr: ast.JoinedStr, depth: int) -> set[str] | None:
        parts: list[set[str]] = []
        for value in expr.values:
            if isinstance(value, ast.Constant):
                parts.append({str(value.value)})
            elif isinstance(value, ast.FormattedValue):
                resolved = self.resolve(module, value.value, depth + 1)
                if resolved is None:
                    return None
                parts.append(resolved)
        return {"".join(combo) for combo in itertools.product(*parts)}

    def _dict_get(self, module: Module, expr: ast.Call, depth: int) -> set[str] | None:
        """``MAPPING.get(key, default)`` with a module-level dict literal: its values and the default."""
        owner = expr.func.value if isinstance(expr.func, ast.Attribute) else None
        if not isinstance(owner, ast.Name) or len(expr.args) != 2:
            return None
        for node in module.tree.body:
            target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
            if isinstance(target, ast.Name) and target.id == owner.id and isinstance(node.value, ast.Dict):  # type: ignore[union-attr]
                values = self._union(module, [v for v in node.value.values if v is not None], depth)  # type: ignore[union-attr]
                default = self.resolve(module, expr.args[1], depth + 1)
                return None if values is None or default is None else values | default
        return None

    def _name(self, module: Module, name: ast.Name, depth: int) -> set[str] | None:
        function = module.enclosing_function(name)
        if function is None or not _binds(function, name.id):
            return self._constant(module, name.id, depth)
        assigned = [
            node.value
            for node in ast.walk(function)
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name.id for t in node.targets)
        ]
        if assigned:
            return self._union(module, assigned, depth)
        params = [*function.args.posonlyargs, *function.args.args]
        names = [p.arg for p in params]
        kwonly = [p.arg for p in function.args.kwonlyargs]
        if name.id not in names and name.id not in kwonly:
            return None  # a loop variable or a global
        index = names.index(name.id) if name.id in names else 10**6
        if names and names[0] in {"self", "cls"}:
            index -= 1
        callers = self._callers(module, function.name)
        if not callers:
            return None
        result: set[str] = set()
        for caller_module, call in callers:
            argument = _argument(call, index, name.id)
            where = caller_module
            if argument is None:
                argument, where = self._default(function, name.id), module
                if argument is None:
                    return None
            values = self.resolve(where, argument, depth + 1)
            if values is None:
                return None
            result |= values
        return result

    def _callers(self, module: Module, function: str) -> list[tuple[Module, ast.Call]]:
        """Calls of ``module.function``: by name in its module or where it is imported by name, or
        as an attribute of the module where the module is imported."""
        found = []
        leaf = module.dotted.rsplit(".", 1)[1]
        candidates = [m for m in self.modules if m is module or (leaf in m.text and function in m.text)]
        for caller, call in ((m, c) for m in candidates for c in m.calls(function)):
            if isinstance(call.func, ast.Name):
                same = caller is module or caller.imports_name(module.dotted, function)
            else:
                owner = call.func.value if isinstance(call.func, ast.Attribute) else None
                same = isinstance(owner, ast.Name) and owner.id in caller.aliases_of(module.dotted)
            if same:
                found.append((caller, call))
        return found

    def _attribute(self, expr: ast.Attribute) -> set[str] | None:
        if expr.attr not in self._keywords:
            self._keywords[expr.attr] = self._keyword_values(expr.attr)
        return self._keywords[expr.attr] or None

    def _keyword_values(self, attr: str) -> set[str]:
        """``page.action``: every dotted name given as the keyword ``action`` to a class (a constructor;
        audit actions are dotted, so ``ItemEvent(action="import")`` is not one)."""
        needle = f"{attr}="
        values = {
            keyword.value.value
            for module in self.modules
            if needle in module.text
            for node in ast.walk(module.tree)
            if isinstance(node, ast.Call) and (_call_name(node) or "")[:1].isupper()
            for keyword in node.keywords
            if keyword.arg == attr
            and isinstance(keyword.value, ast.Constant)
            and isinstance(keyword.value.value, str)
            and "." in keyword.value.value
        }
        return values

    def _constant(self, module: Module, name: str, depth: int) -> set[str] | None:
        """A module-level ``NAME = "x.y"``."""
        for node in module.tree.body:
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
                return self.resolve(module, node.value, depth + 1)
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == name:
                return self.resolve(module, node.value, depth + 1) if node.value is not None else None
        return None

    @staticmethod
    def _default(function: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> ast.expr | None:
        positional = [*function.args.posonlyargs, *function.args.args]
        given = function.args.defaults
        defaults = dict(zip([p.arg for p in positional][len(positional) - len(given) :], given, strict=True))
        keywords = zip(function.args.kwonlyargs, function.args.kw_defaults, strict=True)
        defaults |= {p.arg: d for p, d in keywords if d is not None}
        return defaults.get(name)


def _binds(function: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> bool:
    """Whether ``name`` is a parameter of ``function`` or assigned in it."""
    arguments = function.args
    params = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    if any(p.arg == name for p in params):
        return True
    return any(isinstance(t, ast.Name) and t.id == name for t in _targets(function))


def _targets(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.AST]:
    """Every name the function binds: assignments, loop variables, ``with … as``."""
    roots: list[ast.AST] = []
    for node in ast.walk(function):
        if isinstance(node, ast.Assign):
            roots += node.targets
        elif isinstance(node, ast.For | ast.AugAssign | ast.AnnAssign | ast.comprehension):
            roots.append(node.target)
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            roots.append(node.optional_vars)
    return [t for root in roots for t in ast.walk(root)]


def recorded_actions() -> Found:
    """Every action the package passes to ``record``; unresolved call sites listed apart."""
    resolver = Resolver()
    found = Found()
    for module in resolver.modules:
        if "gongkai.audit.services import" not in module.text or not _imports_record(module):
            continue
        for node in module.calls("record"):
            if not isinstance(node.func, ast.Name):
                continue
            argument = _argument(node, 1, "action")
            values = resolver.resolve(module, argument) if argument is not None else None
            if values is None:
                where = f"{module.path.relative_to(PACKAGE.parent)}:{node.lineno}"
                found.unresolved.append(f"{where}: {ast.unparse(argument) if argument else '?'}")
            else:
                found.actions |= values
    return found
