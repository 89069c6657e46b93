"""The document engine: kinds of documents in one registry, rendered to PDF or Excel.

Apps declare their documents in their own ``documents.py`` (a subclass of :class:`Document`
decorated with :func:`register`) and import that module from ``AppConfig.ready()``. The engine
imports no app of the portal; dependencies point from the apps to it.
"""

from reports.engine.base import Column, Document, Format, ParametersForm, Progress, Sheet
from reports.engine.registry import UnknownDocument, register, registry
from reports.engine.sections import (
    PageGeometry,
    PageNumbers,
    Section,
    SectionedDocument,
    SectionFailed,
)

__all__ = [
    "Column",
    "Document",
    "Format",
    "ParametersForm",
    "PageGeometry",
    "PageNumbers",
    "Progress",
    "Section",
    "SectionFailed",
    "SectionedDocument",
    "Sheet",
    "UnknownDocument",
    "register",
    "registry",
]
