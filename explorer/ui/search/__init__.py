"""Full-text search in the window: the search field, the ranked results and hit stepping.

`explorer.state.search.SearchState` (`session.search`) runs the query through explorer.store.search
and marks the hits on the session (the search field debounces the typing); `search_panel.SearchBar` and
`SearchResults` are the bar and the dock; `install.SearchFeature` is what the MainWindow builds.
"""
