"""What the docgen program settles before a command imports its models, and as it ends.

pydantic looks for plugins the first time a model is built: it imports `importlib.metadata`
(with email, zipfile, socket…) and reads the entry points of every installed distribution —
16 ms of a `docgen render` that takes 190 ms, for plugins docgen never uses. A plugin would also see
every validated document, and docgen's documents carry people's names and positions. So the
command line (`docgen …`, the web app it serves) tells pydantic there are none, as
`PYDANTIC_DISABLE_PLUGINS` does, without the import: pydantic's plugin loader is registered as a
module that finds no plugin. Importing docgen as a library changes nothing; `DOCGEN_PYDANTIC_PLUGINS=1`
leaves pydantic's own loader in place (tests/test_startup.py checks both, and that the models build).
"""

from __future__ import annotations

import gc
import os
import sys
import types

LOADER = "pydantic.plugin._loader"


def _no_plugins() -> tuple:
    return ()


def skip_pydantic_plugin_discovery() -> None:
    if os.environ.get("DOCGEN_PYDANTIC_PLUGINS") == "1" or LOADER in sys.modules:
        return
    loader = types.ModuleType(LOADER, "docgen: pydantic plugins are not loaded (docgen/startup.py)")
    loader.get_plugins = _no_plugins
    loader.PYDANTIC_ENTRY_POINT_GROUP = "pydantic"      # the names the real loader has, for any reader
    loader._plugins = {}
    loader._loading_plugins = False
    sys.modules[LOADER] = loader


def leave_objects_to_the_system() -> None:
    """The process ends next. Python's shutdown would run the garbage collector over everything a
    command leaves — a batch's caches of thousands of texts: ≈ 40 ms of a 0.6 s command — to free
    memory the system takes back whole anyway. Frozen, they are not walked. Shutdown is otherwise
    unchanged: atexit handlers run, modules are cleared (files still open are closed); only objects
    in reference cycles are not finalised, which Python never promises at exit."""
    gc.freeze()
