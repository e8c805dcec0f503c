"""Travel times between stops: on the road graph (pgRouting) or estimated straight-line."""
