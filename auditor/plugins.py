"""Loading plugins the Python way: entry points, as pytest, flake8 and sqlfluff do.

A distribution declares, in its ``pyproject.toml``::

    [project.entry-points."auditor.readers"]      # or "auditor.formats"
    pdf = "auditor_pdf:READER"

and auditor finds it with :func:`importlib.metadata.entry_points`. auditor's own readers
and formats are declared the same way, so there is one path for everything and no
hand-written list to edit when a format is added.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from importlib.metadata import EntryPoint, entry_points

#: The distribution whose plugins are auditor's own: a failure to load one is a bug.
OWN_DISTRIBUTION = "auditor"


class PluginError(RuntimeError):
    """An installed plugin that does not load or does not have the shape its group requires."""


def plugin_points(group: str) -> list[EntryPoint]:
    """The entry points of a group, in name order, each name once (the first found wins)."""
    found: dict[str, EntryPoint] = {}
    for point in sorted(entry_points(group=group), key=lambda p: p.name):
        found.setdefault(point.name, point)
    return list(found.values())


def load_plugin(point: EntryPoint, check: type) -> object:
    """The object an entry point names, checked against a protocol; PluginError if it is not one."""
    plugin = point.load()
    if not isinstance(plugin, check):
        raise PluginError(f"{point.value} is not a {check.__name__}")
    return plugin


def load_plugins(group: str, check: type, points: Iterable[EntryPoint] | None = None) -> dict[str, object]:
    """Every plugin of an entry-point group by name, in name order, each checked against a protocol.

    A name declared twice (the same distribution seen on two paths) is loaded once. A
    third party's plugin that fails to load is reported on stderr and left out, so that
    one broken package cannot stop every check; one of auditor's own is a bug, and raises.
    """
    found: dict[str, object] = {}
    for point in plugin_points(group) if points is None else points:
        try:
            plugin = load_plugin(point, check)
        except Exception as exc:  # noqa: BLE001 - a third party's import error must not stop auditor
            if point.dist is not None and point.dist.name == OWN_DISTRIBUTION:
                raise
            print(f"auditor: the plugin {point.name} ({group}) cannot be used: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        found[point.name] = plugin
    return found
