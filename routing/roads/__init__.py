"""Road networks: read OSM extracts or shapefiles, split ways at junctions, store for pgRouting."""
