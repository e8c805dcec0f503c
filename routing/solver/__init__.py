"""The route solver: plain Python over plain data (no Django, no SQL)."""
