"""The form endpoint: validates and stores requests, and gives librarians a queue.

Knows nothing of MkDocs: the build writes ``assets/pustaka/forms.json`` (see
`forms.write_forms`) and the endpoint serves what that file describes.
"""
