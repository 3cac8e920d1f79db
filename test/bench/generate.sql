-- Decision table for test/bench/run.sh: psql -v tbl=NAME -v rows=N -f generate.sql
--
-- A synthetic decision log with a fixed seed: the same rows on every run
-- and every machine (random() after setseed() is deterministic as long as
-- one process evaluates it in order, hence no parallel plan here).
--
--   id        bigint   1..rows, the physical order
--   gender    text     female 47 %, male 47 %, non-binary 3 %, NULL 3 %
--   age_band  text     six bands, 18-24 .. 65+
--   actual    boolean  the outcome; base rate depends on the group; NULL 4 %
--                      (ground truth not known yet)
--   predicted boolean  score >= 0.5, slightly biased by group; NULL 1 %
--   score     float8   model score in [0, 1]
--   weight    float8   sample weight in [0.5, 2.5)
--   salary    float8   a skewed positive amount (for outcome measures)
--   race      text     seven values, from a hash of id (no random() call, so
--                      the columns above are the same as before it existed)
--   region    text     four values, from another hash of id
\set ON_ERROR_STOP 1
SET max_parallel_workers_per_gather = 0;
SELECT setseed(0.2026);
CREATE TABLE :"tbl" AS
SELECT id,
	   gender,
	   age_band,
	   CASE WHEN u_null_label < 0.04 THEN NULL ELSE label END AS actual,
	   CASE WHEN u_null_pred < 0.01 THEN NULL ELSE score >= 0.5 END AS predicted,
	   score,
	   weight,
	   salary,
	   (ARRAY['asian', 'black', 'hispanic', 'native', 'pacific', 'white', 'multiple'])[1 + (id * 2654435761) % 1000003 % 7] AS race,
	   (ARRAY['north', 'east', 'south', 'west'])[1 + (id * 40503) % 65521 % 4] AS region
FROM (
	SELECT id, gender, age_band, label, u_null_label, u_null_pred, weight,
		   least(1.0, greatest(0.0,
				 0.10 + 0.30 * label::int + 0.60 * u_score
				 + CASE gender WHEN 'male' THEN 0.03 WHEN 'female' THEN -0.02 ELSE 0 END
		   )) AS score,
		   round((18000 + 90000 * u_salary * u_salary
				  + CASE gender WHEN 'male' THEN 6000 ELSE 0 END)::numeric, 2)::float8 AS salary
	FROM (
		SELECT id,
			   CASE WHEN u_gender < 0.47 THEN 'female'
					WHEN u_gender < 0.94 THEN 'male'
					WHEN u_gender < 0.97 THEN 'non-binary' END AS gender,
			   (ARRAY['18-24', '25-34', '35-44', '45-54', '55-64', '65+'])[1 + floor(u_age * 6)::int] AS age_band,
			   u_label < CASE WHEN u_gender < 0.47 THEN 0.30
							  WHEN u_gender < 0.94 THEN 0.38 ELSE 0.33 END AS label,
			   u_null_label, u_null_pred, u_score, u_salary,
			   0.5 + 2.0 * u_weight AS weight
		FROM (
			SELECT i::bigint AS id,
				   random() AS u_gender, random() AS u_age, random() AS u_label,
				   random() AS u_null_label, random() AS u_null_pred,
				   random() AS u_score, random() AS u_weight, random() AS u_salary
			FROM generate_series(1, :rows) AS i
		) u
	) g
) s;
VACUUM (FREEZE, ANALYZE) :"tbl";
