"""`archgen lsp`: a language server for arch.yaml (diagnostics, completion, hover, go-to-definition,
references and rename), built on pygls. The editor starts it and talks to it over stdio."""
