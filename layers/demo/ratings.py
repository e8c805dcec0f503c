"""Demo star ratings and creation targets for Neihuang, reproducing the county's 2022 figures.

2022 reproduces the report exactly: 6 five-star, 30 four-star, 149 three-star, 208 two-star,
114 one-star and 25 weak branches (level 0), 19 quasi-five-star candidates among the four-star
villages. 2023 shows plausible upgrades from there. Everything is seeded, so reruns agree.
"""

import random
from dataclasses import dataclass

STARS = ["branch", "industry", "ecology", "safety", "civility"]
# How often each star comes with a level: strong branches come first, industry is hardest.
STAR_WEIGHTS = {
    "branch": 1.0,
    "industry": 0.55,
    "ecology": 0.85,
    "safety": 0.9,
    "civility": 0.7,
}

# 产业兴旺 requires 清五 (collective income of at least 50,000 yuan, the county's 2022
# report); a holder's demo income is raised to it so the evidence checks agree with the
# ratings (evidence.demo). Raising it draws nothing from the seeded stream, so every
# other figure stays as it was.
INDUSTRY_INCOME_FLOOR = 50_000

COUNTY_2022 = {5: 6, 4: 30, 3: 149, 2: 208, 1: 114}
WEAK_2022 = 25
QUASI_2022 = 19
COUNTY_TARGETS = {
    2022: COUNTY_2022,
    2023: {5: 25, 4: 60, 3: 175, 2: 180, 1: 77},
}

# The report's named villages: (level in 2022, level in 2023, figures)
SHOWCASE = {
    "410527103219": {  # 冯庄村, 梁庄镇
        "levels": (5, 5),
        "income": (2_000_000, 2_300_000),
        "land_mu": (1400, 1400),
        "note": "全村1400亩土地全部流转至合作社；剁辣椒加工厂年产值近2000万元；村集体收入200万元",
    },
    "410527207203": {  # 西沟村, 宋村乡
        "levels": (3, 4),
        "income": (300_000, 420_000),
        "land_mu": (500, 500),
        "note": "“股份合作社+农业服务+保险”土地托管500亩；村集体收入一年由3万元增至30万元",
    },
    "410527001238": {  # 东长固村, 繁阳街道 (the report still says 城关镇)
        "levels": (4, 5),
        "income": (650_000, 800_000),
        "land_mu": (300, 320),
        "note": "低压线路入地3300米；硬化街巷1.7万平方米；铺设排水管道5000余米；"
        "拆除残垣断壁、闲置宅院33处；建成小游园4个、停车场3个、书影馆1个",
    },
}


@dataclass
class Rating:
    village_code: str
    year: int
    stars: tuple[str, ...]
    is_quasi_five_star: bool
    is_weak_branch: bool
    collective_income: int
    transferred_land_mu: int
    note: str = ""

    @property
    def level(self) -> int:
        return len(self.stars)


def pick_stars(
    rng: random.Random, level: int, keep: tuple[str, ...] = ()
) -> tuple[str, ...]:
    """Choose `level` stars, keeping `keep` and drawing the rest by STAR_WEIGHTS."""
    chosen = list(keep)[:level]
    while len(chosen) < level:
        pool = [star for star in STARS if star not in chosen]
        chosen.append(rng.choices(pool, weights=[STAR_WEIGHTS[s] for s in pool])[0])
    return tuple(star for star in STARS if star in chosen)


def income_for(rng: random.Random, level: int) -> int:
    """Return a plausible collective income in yuan for a level (rounded to 1,000)."""
    base = [20_000, 60_000, 110_000, 200_000, 400_000, 900_000][level]
    return int(round(base * rng.lognormvariate(0, 0.35), -3))


def land_for(rng: random.Random, level: int) -> int:
    """Return plausible transferred land in mu for a level."""
    return int(round(rng.uniform(0.3, 1.0) * [60, 120, 200, 320, 500, 800][level], -1))


def ranking_2022(villages: list[dict], rng: random.Random) -> list[dict]:
    """Order villages best first by township strength + village noise (urban ones a bit ahead)."""
    townships = sorted({v["township_code"] for v in villages})
    strength = {code: rng.gauss(0, 0.6) for code in townships}
    scores = {
        v["code"]: strength[v["township_code"]]
        + (0.4 if v["committee_type"] == "residents_committee" else 0.0)
        + rng.gauss(0, 1)
        for v in villages
    }
    return sorted(villages, key=lambda v: (-scores[v["code"]], v["code"]))


def levels_2022(villages: list[dict], rng: random.Random) -> dict[str, int]:
    """Assign 2022 levels so the county totals match the report exactly."""
    quotas = {**COUNTY_2022, 0: WEAK_2022}
    assert sum(quotas.values()) == len(villages), "532 villages expected"
    levels = {
        code: facts["levels"][0]
        for code, facts in SHOWCASE.items()
        if any(v["code"] == code for v in villages)
    }
    for level in levels.values():
        quotas[level] -= 1
    ranked = [v for v in ranking_2022(villages, rng) if v["code"] not in levels]
    position = 0
    for level in (5, 4, 3, 2, 1, 0):
        for village in ranked[position : position + quotas[level]]:
            levels[village["code"]] = level
        position += quotas[level]
    return levels


def ratings_2022(villages: list[dict], rng: random.Random) -> dict[str, Rating]:
    """Build the 2022 ratings."""
    levels = levels_2022(villages, rng)
    four_star = sorted(code for code, level in levels.items() if level == 4)
    quasi = {"410527001238"} | set(
        rng.sample([c for c in four_star if c != "410527001238"], QUASI_2022 - 1)
    )
    ratings = {}
    for village in villages:
        code, level = village["code"], levels[village["code"]]
        ratings[code] = Rating(
            village_code=code,
            year=2022,
            stars=pick_stars(rng, level, keep=("branch",) if level >= 3 else ()),
            is_quasi_five_star=code in quasi,
            is_weak_branch=level == 0,
            collective_income=income_for(rng, level),
            transferred_land_mu=land_for(rng, level),
        )
    return ratings


def next_level(rng: random.Random, before: Rating) -> int:
    """Return a village's 2023 level given its 2022 rating."""
    if before.is_quasi_five_star:
        return 5 if rng.random() < 0.8 else 4
    if before.is_weak_branch:
        return rng.choice([0, 1, 1, 2])
    roll = rng.random()
    if roll < 0.04 and before.level > 1:
        return before.level - 1
    if roll < 0.36 and before.level < 5:
        return before.level + 1
    return before.level


def ratings_2023(before: dict[str, Rating], rng: random.Random) -> dict[str, Rating]:
    """Build the 2023 ratings as upgrades (and a few downgrades) of 2022."""
    ratings = {}
    for code in sorted(before):
        old = before[code]
        level = (
            SHOWCASE[code]["levels"][1] if code in SHOWCASE else next_level(rng, old)
        )
        kept = old.stars if level >= old.level else old.stars[: max(level, 0)]
        still_weak = old.is_weak_branch and level == 0
        ratings[code] = Rating(
            village_code=code,
            year=2023,
            stars=pick_stars(rng, level, keep=kept),
            is_quasi_five_star=False,
            is_weak_branch=still_weak,
            collective_income=max(old.collective_income, income_for(rng, level)),
            transferred_land_mu=max(old.transferred_land_mu, land_for(rng, level)),
        )
    four_star = sorted(code for code, r in ratings.items() if r.level == 4)
    for code in rng.sample(four_star, min(20, len(four_star))):
        ratings[code].is_quasi_five_star = True
    return ratings


def apply_industry_floor(ratings: dict[str, Rating]) -> None:
    """Raise each 产业兴旺 holder's collective income to the 清五 threshold."""
    for rating in ratings.values():
        if "industry" in rating.stars:
            rating.collective_income = max(
                rating.collective_income, INDUSTRY_INCOME_FLOOR
            )


def apply_showcase(ratings: dict[str, Rating]) -> None:
    """Put the report's figures on the named villages."""
    for code, facts in SHOWCASE.items():
        rating = ratings.get(code)
        if rating is None:
            continue
        index = 0 if rating.year == 2022 else 1
        rating.collective_income = facts["income"][index]
        rating.transferred_land_mu = facts["land_mu"][index]
        rating.note = facts["note"]


def all_ratings(villages: list[dict], seed: int) -> list[Rating]:
    """Return the 2022 and 2023 ratings of every village."""
    rng = random.Random(seed)
    first = ratings_2022(villages, rng)
    apply_industry_floor(first)
    second = ratings_2023(first, rng)
    apply_industry_floor(second)
    apply_showcase(first)
    apply_showcase(second)
    return [first[code] for code in sorted(first)] + [
        second[code] for code in sorted(second)
    ]


def largest_remainder(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Split `total` into whole shares proportional to `weights` (Hamilton's method)."""
    weight_sum = sum(weights.values())
    exact = {key: total * weight / weight_sum for key, weight in weights.items()}
    shares = {key: int(value) for key, value in exact.items()}
    leftover = total - sum(shares.values())
    by_remainder = sorted(exact, key=lambda key: (-(exact[key] - shares[key]), key))
    for key in by_remainder[:leftover]:
        shares[key] += 1
    return shares


def township_targets(village_counts: dict[str, int]) -> list[tuple[str, int, int, int]]:
    """Return (township_code or '', year, level, count) rows; townships sum to the county."""
    rows = []
    for year, by_level in COUNTY_TARGETS.items():
        for level, count in sorted(by_level.items(), reverse=True):
            rows.append(("", year, level, count))
            for code, share in sorted(largest_remainder(count, village_counts).items()):
                if share:
                    rows.append((code, year, level, share))
    return rows
