"""factory_boy factories for the campaign layers, on the known grid of tests/grid.py."""

import datetime as dt

import factory

from layers import models
from tests.grid import cell, centre


class TownshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Township
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"9{n:08d}")
    name = factory.Sequence(lambda n: f"测试乡{n}")
    kind = models.Township.Kind.TOWNSHIP
    boundary = factory.LazyFunction(lambda: cell(0, 0, 4, 4))
    seat = factory.LazyFunction(lambda: centre(1, 1))
    is_schematic = True


class VillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Village
        django_get_or_create = ["code"]

    township = factory.SubFactory(TownshipFactory)
    code = factory.LazyAttributeSequence(
        lambda o, n: f"{o.township.code}{n % 1000:03d}"
    )
    name = factory.Sequence(lambda n: f"测试{n}村村委会")
    short_name = factory.Sequence(lambda n: f"测试{n}村")
    committee_type = models.Village.CommitteeType.VILLAGE
    boundary = factory.LazyFunction(lambda: cell(0, 0))
    label_point = factory.LazyFunction(lambda: centre(0, 0))
    is_schematic = True


class StarRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StarRating

    village = factory.SubFactory(VillageFactory)
    year = 2022


class ClearedSiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ClearedSite

    code = factory.Sequence(lambda n: f"T{n:08d}")
    kind = models.ClearedSite.Kind.POND
    status = models.ClearedSite.Status.REPORTED
    reported_on = dt.date(2022, 5, 1)
    village = factory.SubFactory(VillageFactory)
    location = factory.LazyFunction(lambda: centre(0, 0))
