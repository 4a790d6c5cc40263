"""Figures about the code's layout: import circles, imports inside functions, module lengths.

Run from the project folder: ``python benchmarks/bench_layout.py``. Every first-party package
(a folder with ``__init__.py`` next to ``manage.py``, migrations left out) is read with
``ast``, so nothing is imported and the figures do not depend on settings.

* Import circles: the strongly connected components of more than one module in the graph of
  first-party imports, counting imports anywhere in a module (inside functions too, since
  those still tie the modules together at run time).
* Imports inside functions: ``import`` statements in a function or method body, all of them
  and those of first-party modules.
* Module lengths: the longest first-party modules, in lines.
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def packages():
    return sorted(
        path.name
        for path in ROOT.iterdir()
        if (path / "__init__.py").exists() and path.name not in ("tests", "benchmarks")
    )


def modules(names):
    """{dotted module name: path} of every first-party module but migrations."""
    found = {}
    for name in names:
        for path in sorted((ROOT / name).rglob("*.py")):
            relative = path.relative_to(ROOT).with_suffix("")
            if "migrations" in relative.parts:
                continue
            parts = list(relative.parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def imported(module, path, tree, known):
    """(first-party module imported, line, inside a function) for every import statement."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    inside = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for child in ast.walk(node):
                if child is not node:
                    inside.add(id(child))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        in_function = id(node) in inside
        first_party = set()
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != module:
                first_party.add(target)
        yield node.lineno, in_function, sorted(first_party)


def circles(graph):
    """The strongly connected components of more than one node (Tarjan's algorithm)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def main():
    names = packages()
    known = modules(names)
    graph = {module: set() for module in known}
    in_functions = []
    lengths = []
    for module, path in known.items():
        text = path.read_text()
        lengths.append((text.count("\n"), str(path.relative_to(ROOT))))
        tree = ast.parse(text)
        for line, in_function, targets in imported(module, path, tree, known):
            graph[module].update(targets)
            if in_function:
                in_functions.append((str(path.relative_to(ROOT)), line, targets))
    found = circles(graph)
    first_party = [entry for entry in in_functions if entry[2]]
    print(f"packages: {', '.join(names)} ({len(known)} modules, migrations left out)")
    print(f"import circles: {len(found)} ({sum(map(len, found))} modules in them)")
    for component in found:
        print(f"  {len(component)}: {' '.join(component)}")
    print(
        f"imports inside functions: {len(in_functions)}, of first-party modules: {len(first_party)}"
    )
    for path, line, targets in first_party:
        print(f"  {path}:{line} {' '.join(targets)}")
    lengths.sort(reverse=True)
    print("longest modules: " + ", ".join(f"{path} {count}" for count, path in lengths[:5]))


if __name__ == "__main__":
    main()
