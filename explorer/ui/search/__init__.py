"""Full-text search in the window: the search field, the ranked results and hit stepping.

`search_state.SearchState` runs the query (debounced) through explorer.store.search and marks the
hits on the session; `search_panel.SearchPanel` is the dock; `install.install(window)` wires it.
"""
