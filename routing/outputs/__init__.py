"""What a plan hands out: GPX, KML, links and the words they share."""
