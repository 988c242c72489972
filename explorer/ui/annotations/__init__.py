"""The user's annotations in the window: notes, tags, assessments, periods, links, undo and redo.

`edits.AnnotationEdits` (owned by the Session as `session.annotations`) performs every write
through the store and the undo stack; `install.AnnotationTools`, built by the MainWindow, adds the
panels, docks, timeline overlays and connects the menu actions.
"""
