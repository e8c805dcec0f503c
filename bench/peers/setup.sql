-- Flat copies of the rows the geoportal feeds serve, for the peers (tipg, pygeoapi) and
-- the SQL-only limit. Same rows, same properties, same geometry; rebuilt on every run.
DROP SCHEMA IF EXISTS bench CASCADE;
CREATE SCHEMA bench;

CREATE TABLE bench.villages AS
SELECT v.code, v.name, v.short_name, t.code AS township_code, t.name AS township_name,
       y.year::integer AS year, r.level, r.branch, r.industry, r.ecology, r.safety,
       r.civility, r.is_quasi_five_star, r.is_weak_branch, v.is_schematic,
       v.boundary AS geom
FROM layers_village v
JOIN layers_township t ON t.id = v.township_id
CROSS JOIN (SELECT max(year) AS year FROM layers_starrating) y
LEFT JOIN layers_starrating r ON r.village_id = v.id AND r.year = y.year
ORDER BY v.code;
ALTER TABLE bench.villages ADD PRIMARY KEY (code);
CREATE INDEX ON bench.villages USING gist (geom);

CREATE TABLE bench.cleared_sites AS
SELECT s.code, s.kind, s.status, s.reuse, s.reported_on, s.cleared_on, s.verified_on,
       v.code AS village_code, s.location AS geom
FROM layers_clearedsite s JOIN layers_village v ON v.id = s.village_id
ORDER BY s.code;
ALTER TABLE bench.cleared_sites ADD PRIMARY KEY (code);
CREATE INDEX ON bench.cleared_sites USING gist (geom);

ANALYZE bench.villages;
ANALYZE bench.cleared_sites;
