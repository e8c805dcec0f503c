"""Folium map builders for the pages and the project's small Folium plugins.

Builders take plain facts (codes, names, years, URLs) and return a `folium.Map`; they never
query the ORM and never fetch the API. The browser fetches the features from the API.
"""
