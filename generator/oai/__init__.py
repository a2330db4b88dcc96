"""OAI-PMH 2.0 for harvesters (Indonesia OneSearch, BASE, Garuda…).

`protocol` builds the XML shared by the static repository file and the live
interface; `app` is the live interface, a Starlette app to mount at ``/oai``.
"""
