"""The registry of the apps' demo loaders, filled from each app's ``AppConfig.ready()``.

``manage.py demo_data`` fills the kernel first (programme, pilot sites, accounts), then calls
every registered loader in ``order`` with the programme. An app registers the dotted path of
its loader, so its demo module (and the libraries it needs to draw pictures or make files) is
imported only when the command runs, never at start-up::

    class VideosConfig(AppConfig):
        def ready(self) -> None:
            from resursnaya_sreda.kernel.demo_loaders import register_demo

            register_demo("videos", "videos.demo.populate", order=50)

The kernel knows no app by name: the list of loaders is whatever the installed apps register.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import import_string


@dataclass(frozen=True)
class DemoLoader:
    key: str
    path: str
    order: int

    def load(self) -> Callable[[Any], None]:
        """The loader function; an unimportable path fails loudly (a typo is a bug)."""
        return import_string(self.path)


_loaders: dict[str, DemoLoader] = {}


def register_demo(key: str, path: str, *, order: int) -> None:
    """Add an app's demo loader ``path`` (``"app.demo.populate"``), called with the programme.

    Registering the same key again replaces the entry, so a reloaded app config stays single.
    """
    _loaders[key] = DemoLoader(key=key, path=path, order=order)


def unregister_demo(key: str) -> None:
    _loaders.pop(key, None)


def demo_loaders() -> list[DemoLoader]:
    """The registered loaders in the order ``demo_data`` calls them."""
    return sorted(_loaders.values(), key=lambda loader: (loader.order, loader.key))
