"""OGC API - Features (Part 1 core, GeoJSON, OpenAPI 3.0; Part 2 coordinate reference systems)."""
