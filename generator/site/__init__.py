"""What the site is, below everything that makes or serves it.

Its URLs and sections (`urls`), the pages the collection becomes and the data each page
needs (`plan`), its interface text (`i18n`), and the contract between the static pages and
the form endpoint (`forms`, `item_choice`, `zones`: the definitions the build writes and the
endpoint validates against). `render`, `search`, `metadata`, `oai` and `endpoint` import
from here and not from each other; tests/test_import_graph.py holds the allowed arrows.
Nothing here knows MkDocs or Jinja.
"""
