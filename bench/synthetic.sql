-- Fill an empty, migrated geoportal database with a synthetic campaign, fast, in SQL.
-- psql variables: villages (count), sites (count), west, south, cell (degrees per village).
-- Villages are grid cells; a township is a block of 4 × 8 cells; everything is deterministic.
\set ON_ERROR_STOP on
SET synchronous_commit = off;

CREATE TEMP TABLE grid AS
SELECT n,
       ceil(sqrt(:villages::float))::int AS cols,
       (n - 1) % ceil(sqrt(:villages::float))::int AS col,
       (n - 1) / ceil(sqrt(:villages::float))::int AS row
FROM generate_series(1, :villages) AS n;

ALTER TABLE grid ADD COLUMN township int;
UPDATE grid SET township = (row / 8) * (ceil(cols / 4.0)::int) + col / 4 + 1;

INSERT INTO layers_county (updated_at, code, name, boundary, source)
SELECT now(), '999999', '合成省', ST_Multi(ST_MakeEnvelope(
    :west - :cell, :south - :cell,
    :west + (max(col) + 2) * :cell, :south + (max(row) + 2) * :cell, 4326)), 'synthetic'
FROM grid;

INSERT INTO layers_township (updated_at, code, name, kind, boundary, seat, is_schematic)
SELECT now(), (400000000 + township)::text, '合成乡' || township, 'township',
       ST_Multi(ST_MakeEnvelope(:west + min(col) * :cell, :south + min(row) * :cell,
                                :west + (max(col) + 1) * :cell, :south + (max(row) + 1) * :cell,
                                4326)),
       ST_SetSRID(ST_MakePoint(:west + (min(col) + 0.5) * :cell,
                               :south + (min(row) + 0.5) * :cell), 4326),
       true
FROM grid GROUP BY township;

INSERT INTO layers_village (updated_at, code, name, short_name, committee_type, township_id,
                            boundary, label_point, is_schematic)
SELECT now(), ((400000000 + g.township)::bigint * 1000 + row_number() OVER w)::text,
       '合成' || g.n || '村村委会', '合成' || g.n || '村', 'village_committee', t.id,
       ST_Multi(ST_MakeEnvelope(:west + g.col * :cell, :south + g.row * :cell,
                                :west + (g.col + 1) * :cell, :south + (g.row + 1) * :cell, 4326)),
       ST_SetSRID(ST_MakePoint(:west + (g.col + 0.5) * :cell, :south + (g.row + 0.5) * :cell),
                  4326),
       true
FROM grid g JOIN layers_township t ON t.code = (400000000 + g.township)::text
WINDOW w AS (PARTITION BY g.township ORDER BY g.n);

-- Ratings: a deterministic hash decides each star; 2023 adds a star to a third of villages.
INSERT INTO layers_starrating (updated_at, village_id, year, branch, industry, ecology, safety,
                               civility, is_quasi_five_star, is_weak_branch, collective_income,
                               transferred_land_mu, note)
SELECT now(), v.id, y.year,
       (h % 100) < 80 OR (y.year = 2023 AND h % 3 = 0),
       (h / 7 % 100) < 45, (h / 11 % 100) < 60, (h / 13 % 100) < 70, (h / 17 % 100) < 40,
       false, (h % 100) >= 95, (h % 2000) * 1000, (h % 500), ''
FROM layers_village v
CROSS JOIN (VALUES (2022), (2023)) AS y(year)
CROSS JOIN LATERAL (SELECT abs(hashtext(v.code || y.year)::bigint) AS h) AS x;

INSERT INTO layers_creationtarget (updated_at, township_id, year, level, count)
SELECT now(), t.id, y, level, 1 + (t.id + level) % 6
FROM layers_township t, generate_series(2022, 2023) y, generate_series(1, 5) level;

-- Cleared sites: random points inside random villages.
INSERT INTO layers_clearedsite (updated_at, code, kind, status, reported_on, cleared_on,
                                verified_on, reuse, village_id, location, area_m2, note)
SELECT now(), 'S' || lpad(s::text, 8, '0'),
       (ARRAY['pond', 'garbage', 'ruined_wall', 'hollow_yard', 'other'])[1 + s % 5],
       (ARRAY['reported', 'cleared', 'verified'])[1 + s % 3],
       date '2022-03-01' + (s % 300),
       CASE WHEN s % 3 > 0 THEN date '2022-03-01' + (s % 300) + 20 END,
       CASE WHEN s % 3 = 2 THEN date '2022-03-01' + (s % 300) + 40 END,
       CASE WHEN s % 3 = 2 THEN (ARRAY['park', 'garden', 'vegetable_plot'])[1 + s % 3 + 0]
            ELSE '' END,
       v.id,
       ST_SetSRID(ST_MakePoint(ST_X(v.label_point) + (random() - 0.5) * :cell * 0.9,
                               ST_Y(v.label_point) + (random() - 0.5) * :cell * 0.9), 4326),
       50 + s % 900, ''
FROM generate_series(1, :sites) AS s
JOIN layers_village v ON v.id = (SELECT min(id) FROM layers_village) + (s::bigint * 7919) % :villages;

INSERT INTO layers_servicecentre (updated_at, village_id, name, location, built_year,
                                  floor_area_m2)
SELECT now(), v.id, v.short_name || '党群服务中心', v.label_point, 2020 + v.id % 4, 300
FROM layers_village v WHERE v.id % 3 < 2;

INSERT INTO layers_eodproject (updated_at, code, name, sub_project, planned_investment, status,
                               description)
SELECT now(), 'EOD-' || k, k, k, 500000000, 'building', ''
FROM unnest(ARRAY['village_sewage', 'sewage_plant', 'clean_gas', 'saline_land',
                  'sludge_reuse', 'industry_park']) AS k;

INSERT INTO layers_eodsite (updated_at, project_id, code, name, village_id, geom, investment,
                            status)
SELECT now(), p.id, 'EODS-' || v.id, v.short_name || '污水站', v.id, v.label_point, 2000000,
       'building'
FROM layers_village v
JOIN layers_eodproject p ON p.code = 'EOD-village_sewage'
WHERE v.id % 10 = 0;

INSERT INTO layers_pairing (updated_at, village_id, year, partner_kind, partner)
SELECT now(), v.id, y, CASE WHEN v.id % 2 = 0 THEN 'leader' ELSE 'department' END,
       '合成单位' || (v.id % 127)
FROM layers_village v, generate_series(2022, 2023) y
WHERE v.id % 2 = 1 OR v.id % 5 = 0;

ANALYZE;
