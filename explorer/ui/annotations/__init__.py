"""The user's annotations in the window: notes, tags, assessments, periods, links, undo and redo.

`explorer.state.annotations.AnnotationEdits` (the Session's `session.annotations`) performs every
write through the store and its Qt-free undo stack; `install.AnnotationTools`, built by the MainWindow,
adds the panels, docks, timeline overlays and connects the menu actions.
"""
