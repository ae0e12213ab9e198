"""`archgen serve`: the live preview, the brief redrawn in the browser on every save.

    watch (watchfiles) ─▶ preview (the render, in memory) ─▶ site (what is served now)
                                                         ─▶ app (HTTP: pages, files, events)

`preview` renders the model's HTML and SVG outputs through the same code as `archgen render`,
keeping the last drawing so that a prose edit never runs Graphviz again; `page` adds the reload
script and the problems overlay to served pages only (a rendered brief stays script-free);
`app` serves the latest render from memory, to this machine's own pages only; `server` runs it
all and stops it whole. Nothing here writes into the project.
"""
