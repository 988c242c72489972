"""Faceted filters and saved views in the window: the Filters and Saved views docks and their state.

`explorer.state.filters.FilterState` (`session.filters`) holds the facet Filter and applies it as a row mask;
`facet_panel.FacetPanel` and `views_panel.SavedViewsPanel` are the docks; `install.FiltersFeature` and
`install.SavedViewsFeature` are what the MainWindow builds.
"""
