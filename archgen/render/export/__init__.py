"""Exports: the model handed on to other diagram tools (draw.io, D2, Structurizr).

Each module renders the resolved view as one file in another tool's language, as
`archgen.outputs` names it; none reads files or knows where its output goes. Model text is
escaped for each language by the module that writes it.
"""
