-- A generated, deterministic hiring-decision log (no randomness: every
-- "random" draw is arithmetic on the application number), used by the demo
-- (test/demo.sql) and by the regression test sql/audits_demo.sql.
--
-- 6000 applications from 1 January to 31 March 2024, screened by a model in
-- an A/B test: odd applications by model v1, even ones by model v2.  About
-- 45 % of applicants are qualified (the ground truth, known later).  The
-- model scores applicants and hires those with score >= 0.5.
--
-- Planted disparity: model v1 scores women 0.12 lower than men with the same
-- qualification.  Model v2 treats everyone alike: the fair slice.
-- Gender is 'female' (47 %), 'male' (48 %), undisclosed (NULL, 4.8 %) or
-- 'non-binary' (0.2 %: too few rows to report, so suppressed).
CREATE TABLE hiring_decisions (
	application_id integer PRIMARY KEY,
	applied_at timestamptz NOT NULL,
	model_version text NOT NULL,
	gender text,
	qualified boolean NOT NULL,
	score float8 NOT NULL,
	hired boolean NOT NULL
);

INSERT INTO hiring_decisions
SELECT i, applied_at, model_version, gender, qualified, round(score::numeric, 3), round(score::numeric, 3) >= 0.5
FROM (
	SELECT i, applied_at, model_version, gender, qualified,
	       CASE WHEN qualified THEN 0.65 ELSE 0.35 END + (u_score - 0.5) * 0.6
	       - CASE WHEN model_version = 'v1' AND gender = 'female' THEN 0.12 ELSE 0 END AS score
	FROM (
		SELECT i,
		       timestamptz '2024-01-01 00:00:00+00' + i * interval '1296 seconds' AS applied_at,
		       CASE WHEN i % 2 = 1 THEN 'v1' ELSE 'v2' END AS model_version,
		       CASE WHEN (i * 7919) % 1000 < 470 THEN 'female'
		            WHEN (i * 7919) % 1000 < 950 THEN 'male'
		            WHEN (i * 7919) % 1000 < 998 THEN NULL
		            ELSE 'non-binary' END AS gender,
		       (i * 104729) % 1013 < 456 AS qualified,
		       ((i::bigint * 15485863) % 1019) / 1019.0 AS u_score
		FROM generate_series(1, 6000) i
	) draws
) scored;
