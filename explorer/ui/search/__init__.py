"""Full-text search in the window: the search field, the ranked results and hit stepping.

`search_state.SearchState` runs the query (debounced) through explorer.store.search and marks the
hits on the session; `search_panel.SearchBar` and `SearchResults` are the bar and the dock; `install.SearchFeature` is what
the MainWindow builds (it is given the FilterState, whose filter narrows the hits).
"""
