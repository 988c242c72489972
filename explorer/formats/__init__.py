"""Readers and writers, no Qt. Exports: `registry.FORMATS` / `registry.get(name).write(bundle, path, ...)`
on a `bundle.gather(db, ids)`; clipboard text: `clipboard.as_markdown`, `clipboard.as_tsv`. Imports:
`importer.plan_import(path)` (checks, never writes) then `importer.apply_import(db, plan)`.
See docs/export.md and docs/formats.md.
"""
