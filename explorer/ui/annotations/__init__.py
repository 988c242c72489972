"""The user's annotations in the window: notes, tags, assessments, periods, links, undo and redo.

`edits.AnnotationEdits` (owned by the Session as `session.annotations`) performs every write
through the store and the undo stack; `install.install(window)` adds the panels, docks, timeline
overlays and menu actions.
"""
