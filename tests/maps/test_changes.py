"""The year-on-year feed of the county page: counts against SQL, bad input named."""

import json

from layers.models import StarRating


def test_changes_answer_every_village_with_its_change(viewer, county):
    new, old = county.years[-1], county.years[-2]
    response = viewer.get(f"/county/changes.geojson?from={old}&to={new}")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert len(data["features"]) == county.villages
    new_ratings = {r.village_id: r for r in StarRating.objects.filter(year=new)}
    old_ratings = {r.village_id: r for r in StarRating.objects.filter(year=old)}
    up = sum(
        1
        for vid, r in new_ratings.items()
        if vid in old_ratings and r.level > old_ratings[vid].level
    )
    assert sum(f["properties"]["change"] == "up" for f in data["features"]) == up


def test_changes_name_bad_years_and_unknown_parameters(viewer, county):
    response = viewer.get("/county/changes.geojson?from=1999&to=abc&colour=red")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"from", "to", "colour"}
