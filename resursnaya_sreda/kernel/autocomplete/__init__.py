"""Search-as-you-type choice fields (DESIGN §4): a choice among records that grow is never a
drop-down of every row.

- :class:`Lookup` (lookups.py): how a kind of record is searched, filtered, paged, labelled.
- :class:`AutocompleteView` (views.py): the JSON endpoint an app subclasses with its scoped
  selector and permission; the kernel's own are in endpoints.py, at /autocomplete/.
- :class:`AutocompleteChoiceField` (fields.py) with :class:`AutocompleteWidget` (widgets.py):
  the form field; accessible with the keyboard (kernel/static/kernel/autocomplete.js) and a
  plain text search resolved on the server without JavaScript.
- :class:`AutocompleteMultipleChoiceField` (multiple.py): several records, as chips with a
  remove button; without JavaScript checked boxes and names separated by «;».

Document parameter forms need no endpoint of their own: the document engine serves a field's
list from the form itself (``reports:choices``).
"""

from resursnaya_sreda.kernel.autocomplete.fields import AutocompleteChoiceField
from resursnaya_sreda.kernel.autocomplete.lookups import Lookup
from resursnaya_sreda.kernel.autocomplete.multiple import AutocompleteMultipleChoiceField
from resursnaya_sreda.kernel.autocomplete.views import AutocompleteView
from resursnaya_sreda.kernel.autocomplete.widgets import AutocompleteWidget, TypedChoice

__all__ = [
    "AutocompleteChoiceField",
    "AutocompleteMultipleChoiceField",
    "AutocompleteView",
    "AutocompleteWidget",
    "Lookup",
    "TypedChoice",
]
