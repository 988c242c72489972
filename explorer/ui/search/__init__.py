"""Full-text search in the window: the search field, the ranked results and hit stepping.

`explorer.state.search.SearchState` (`session.search`) runs the query through explorer.store.search
and marks the hits on the session (the search field debounces the typing); `search_panel.SearchPanel` is the dock; `install.install(window)` wires it.
"""
