"""Outlets: who copies whom across the whole corpus, and who credits it.

- :mod:`retold.outlets.identity`: one outlet, one name (aliases, domains, unknowns).
- :mod:`retold.outlets.summary`: the ``outlets`` and ``outlet_links`` tables, from the
  stored articles and reuse links.
"""

from retold.outlets.identity import load_aliases, outlet_names
from retold.outlets.summary import outlet_tables

__all__ = ["load_aliases", "outlet_names", "outlet_tables"]
