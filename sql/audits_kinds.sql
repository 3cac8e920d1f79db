-- Audits of every summary kind: scores (score_column without threshold,
-- fairness.scores) and outcomes (outcome_column, fairness.outcomes) with
-- the history, incremental runs, verdicts, alerts and views of decision
-- audits, one report row type and one status vocabulary.
--
-- The expected numbers were computed independently by
-- test/audits/kinds_expected.py (numpy/scipy: Mann-Whitney AUC, DeLong
-- variance, pooled two-proportion z-test, Holm, Welch's t-test); the
-- checks below compare the audit's values with them.
\pset null '(null)'
\set SHOW_CONTEXT never

-- 1. A score audit: 7 rows of group a and 6 of group b, 10 times each
CREATE TABLE cand (g text, y boolean, score float8, day date);
INSERT INTO cand
SELECT v.g, v.y, v.score, date '2024-01-01' + (i % 2)
FROM (VALUES ('a', true, 0.9), ('a', true, 0.8), ('a', true, 0.4), ('a', false, 0.7),
             ('a', false, 0.3), ('a', false, 0.2), ('a', false, 0.25),
             ('b', true, 0.6), ('b', true, 0.35), ('b', false, 0.45), ('b', false, 0.15),
             ('b', false, 0.1), ('b', false, 0.05)) v(g, y, score),
     generate_series(1, 10) i;

SELECT fairness.create_audit('cand scores', 'cand', '{g}', 'y', score_column => 'score') AS scores_id \gset
SELECT name, fairness.audit_kind(to_jsonb(a)) AS kind, alert_metrics FROM fairness.audits a WHERE id = :scores_id;
SELECT fairness.run_audit('cand scores') AS r1 \gset
SELECT status, mode, rows_scanned, slices, violations FROM fairness.audit_runs WHERE id = :r1;
-- the history holds the fairness.scores summary, and only it
SELECT summary IS NULL AS no_confusion, outcomes IS NULL AS no_outcomes, fairness.total(scores) AS total
FROM fairness.audit_results WHERE run_id = :r1;

-- the report, against the values of kinds_expected.py (reference a, the
-- largest group; t = 0.8, significance 0.05)
SELECT group_name, metric, n, round(value::numeric, 6) AS value, round(ratio::numeric, 6) AS ratio,
       test, round(p_value::numeric, 6) AS p, round(p_value_adjusted::numeric, 6) AS p_holm,
       adverse_impact, status, alert
FROM fairness.latest_audit_report WHERE audit = 'cand scores' AND metric IN ('auc', 'base_rate', 'scoring_rate')
ORDER BY metric, group_name;
WITH expected(metric, value, ratio, p, p_holm, status) AS (VALUES
	('auc', 0.875, 0.954545, 0.449633, 0.531677, 'ok'),
	('base_rate', 0.333333, 0.777778, 0.265838, 0.531677, 'possible_disparity'),
	('scoring_rate', 0.333333, 0.583333, 0.00663352, 0.0199005, 'disparity'))
SELECT e.metric,
       abs(r.value - e.value) < 1e-6 AS value_ok, abs(r.ratio - e.ratio) < 1e-6 AS ratio_ok,
       abs(r.p_value / e.p - 1) < 1e-4 AS p_ok, abs(r.p_value_adjusted / e.p_holm - 1) < 1e-4 AS holm_ok,
       r.status = e.status AS status_ok
FROM expected e JOIN fairness.latest_audit_report r ON r.metric = e.metric
WHERE r.audit = 'cand scores' AND r.group_name = 'b'
ORDER BY 1;
-- group a: AUC 11/12, base rate 3/7, scoring rate 4/7 (above the median 0.35)
SELECT metric, abs(value - e.v) < 1e-9 AS exact
FROM fairness.latest_audit_report r
JOIN (VALUES ('auc', 11 / 12.0), ('base_rate', 3 / 7.0), ('scoring_rate', 4 / 7.0)) e(m, v) ON e.m = r.metric
WHERE r.audit = 'cand scores' AND r.group_name = 'a' AND r.status = 'reference' ORDER BY 1;
-- every metric of the kind, the alert rules naming metric and threshold
SELECT metric, status, alert, kind, ratio_threshold, alert_rule
FROM fairness.latest_audit_report WHERE audit = 'cand scores' AND group_name = 'b' ORDER BY metric;
SELECT audit, kind, group_name, metric, status, message, alert_rule FROM fairness.alerts WHERE audit = 'cand scores';

-- 2. An outcome audit, incremental (paid_on), with an unknown and a small group
CREATE TABLE pay (g text, salary numeric, paid_on date);
INSERT INTO pay
SELECT v.g, v.salary, date '2024-01-01' + (i - 1)
FROM (VALUES ('m', 100), ('m', 120), ('m', 110), ('m', 130), ('m', 125), ('m', 115),
             ('f', 90), ('f', 95), ('f', 100), ('f', 85), ('f', 105)) v(g, salary),
     generate_series(1, 2) i;
INSERT INTO pay VALUES ('x', 200, '2024-01-01'), ('x', 210, '2024-01-02'), ('x', 190, '2024-01-02'),
                       (NULL, 50, '2024-01-01'), (NULL, 70, '2024-01-02');
SELECT fairness.create_audit('pay', 'pay', '{g}', NULL, outcome_column => 'salary', time_column => 'paid_on',
                             reference => 'm', impact_ratio_threshold => 0.9, min_group_size => 5) AS pay_id \gset
SELECT fairness.audit_kind(to_jsonb(a)) AS kind, alert_metrics FROM fairness.audits a WHERE id = :pay_id;
SELECT fairness.run_audit('pay') AS p1 \gset
SELECT status, mode, rows_scanned, slices, violations FROM fairness.audit_runs WHERE id = :p1;
SELECT period, rows, fairness.total(outcomes) AS total, summary IS NULL AND scores IS NULL AS only_outcomes
FROM fairness.audit_periods WHERE run_id = :p1 ORDER BY period;
-- mean 95 vs 116.67 (ratio 0.814286 < 0.9), Welch p 1.46105e-05: disparity;
-- pay gap 0.185714 judged on the ratio of means; x (3 rows) suppressed;
-- the unknown group not compared
SELECT group_name, metric, n, round(value::numeric, 6) AS value, reference_group, round(ratio::numeric, 6) AS ratio,
       test, to_char(p_value, '9.999EEEE') AS p, status, alert
FROM fairness.latest_audit_report WHERE audit = 'pay' ORDER BY group_name NULLS LAST, metric;
SELECT abs(value - 95) < 1e-9 AS mean_ok, abs(ratio - 0.814286) < 1e-6 AS ratio_ok,
       abs(p_value / 1.46105e-05 - 1) < 1e-4 AS welch_ok
FROM fairness.latest_audit_report WHERE audit = 'pay' AND group_name = 'f' AND metric = 'mean';
SELECT abs(value - 0.185714) < 1e-6 AS pay_gap_ok, status
FROM fairness.latest_audit_report WHERE audit = 'pay' AND group_name = 'f' AND metric = 'pay_gap';
SELECT group_name, metric, status, message, ratio_threshold, alert_rule FROM fairness.alerts WHERE audit = 'pay';

-- incremental: a third day; only its rows are scanned, the evaluated
-- summary equals recomputing over every row
INSERT INTO pay SELECT g, salary + 1, '2024-01-03' FROM pay WHERE paid_on = '2024-01-01';
SELECT fairness.run_audit('pay') AS p2 \gset
SELECT mode, rows_scanned, scan_from, scan_to FROM fairness.audit_runs WHERE id = :p2;
SELECT bool_and(abs(s.mean - d.mean) < 1e-9 AND s.n = d.n) AS equals_direct, count(*) AS groups
FROM fairness.audit_results re
CROSS JOIN LATERAL fairness.outcome_stats(re.outcomes) s
JOIN fairness.outcome_stats((SELECT fairness.outcomes(g, salary::float8) FROM pay)) d
  ON d.group_name IS NOT DISTINCT FROM s.group_name AND d.is_overall = s.is_overall
WHERE re.run_id = :p2;
-- restate the last two days (re-counted: the same totals)
SELECT fairness.run_audit('pay', restate_from => '2024-01-02') AS p3 \gset
SELECT mode, rows_scanned FROM fairness.audit_runs WHERE id = :p3;
SELECT sum(rows) AS current_rows, count(*) FILTER (WHERE run_id = :p3) AS restated_days
FROM fairness.audit_periods WHERE audit_id = :pay_id AND superseded_by IS NULL;
-- the daily, monthly and rolling views and the window function, for outcomes
SELECT period_start, slice_rows, round(value::numeric, 4) AS mean_f, status
FROM fairness.audit_daily_report WHERE audit = 'pay' AND group_name = 'f' AND metric = 'mean' ORDER BY 1;
SELECT period_start, period_end, slice_rows, round(value::numeric, 4) AS mean_f, kind
FROM fairness.audit_monthly_report WHERE audit = 'pay' AND group_name = 'f' AND metric = 'mean';
SELECT period_start, period_end, slice_rows, round(value::numeric, 4) AS mean_f
FROM fairness.audit_rolling_report WHERE audit = 'pay' AND group_name = 'f' AND metric = 'mean' ORDER BY 2;
SELECT period_start, period_end, slice_rows, round(value::numeric, 4) AS mean_f, status
FROM fairness.audit_window_report('pay', '2024-01-02', '2024-01-03') WHERE group_name = 'f' AND metric = 'mean';
-- retention
SELECT fairness.alter_audit('pay', '{"keep_runs": 1}');
SELECT fairness.run_audit('pay') > 0 AS ran;
SELECT count(*) AS runs_kept FROM fairness.audit_runs WHERE audit_id = :pay_id;

-- 3. Incremental score audit, sliced: the merged days give the snapshot's AUC
SELECT fairness.create_audit('cand by day', 'cand', '{g}', 'y', score_column => 'score',
                             time_column => 'day', slice_columns => '{day}') > 0 AS created;
SELECT fairness.run_audit('cand by day') AS s1 \gset
SELECT mode, rows_scanned, slices FROM fairness.audit_runs WHERE id = :s1;
SELECT abs(w.value - 11 / 12.0) < 1e-9 AS auc_a_over_both_days
FROM (SELECT fairness.merge(scores) AS s FROM fairness.audit_results WHERE run_id = :s1) m
CROSS JOIN LATERAL (SELECT auc AS value FROM fairness.auc(m.s) WHERE group_name = 'a') w;
SELECT slice, metric, group_name, status FROM fairness.audit_daily_report
WHERE audit = 'cand by day' AND metric = 'auc' ORDER BY period_start, group_name;
-- max_slices applies to every kind: the failure is a run_failed row of kind scores
SET fairness.max_slices = 1;
SELECT fairness.alter_audit('cand by day', '{"time_column": null}');
SET client_min_messages = error;	-- (the WARNING names the run id)
SELECT fairness.run_audit('cand by day') AS s2 \gset
RESET client_min_messages;
RESET fairness.max_slices;
SELECT status, error_sqlstate FROM fairness.audit_runs WHERE id = :s2;
SELECT kind, status, run_id = :s2 AS this_run FROM fairness.alerts WHERE audit = 'cand by day';

-- 4. Two group columns: the intersection groups; a reference written as a
-- JSON array names a group
CREATE TABLE pay2 AS SELECT g, CASE WHEN salary > 105 THEN 'senior' ELSE 'junior' END AS level, salary FROM pay WHERE g IN ('m', 'f');
SELECT fairness.create_audit('pay by level', 'pay2', '{g,level}', NULL, outcome_column => 'salary',
                             reference => '["m", "senior"]', min_group_size => 1) > 0 AS created;
SELECT fairness.run_audit('pay by level') > 0 AS ran;
SELECT attribute, group_name, group_key, n, round(value::numeric, 4) AS mean, reference_group, status
FROM fairness.latest_audit_report WHERE audit = 'pay by level' AND metric = 'mean' ORDER BY group_name;
-- a reference that is not a group: the largest group (as for decisions)
SET client_min_messages = error;
SELECT fairness.alter_audit('pay by level', '{"reference": "nobody"}');
RESET client_min_messages;
SELECT fairness.run_audit('pay by level') > 0 AS ran;
SELECT DISTINCT reference_group FROM fairness.latest_audit_report WHERE audit = 'pay by level';

-- weighted, over two group columns, with a score range: the aggregates of
-- the kind take weights and ranges with 2 to 4 attributes (and more)
CREATE TABLE wcand AS SELECT g, CASE WHEN score > 0.5 THEN 'hi' ELSE 'lo' END AS band, y, score * 10 AS score10, 2 AS w FROM cand;
SELECT fairness.create_audit('weighted scores', 'wcand', '{g,band}', 'y', score_column => 'score10', weight_column => 'w',
                             score_lower => 0, score_upper => 10, min_group_size => 1) > 0 AS created;
SELECT fairness.create_audit('weighted outcomes', 'wcand', '{g,band}', NULL, outcome_column => 'score10', weight_column => 'w',
                             min_group_size => 1) > 0 AS created;
SELECT fairness.run_audit('weighted scores') > 0 AS ran, fairness.run_audit('weighted outcomes') > 0 AS ran_too;
SELECT a.name, coalesce(fairness.is_weighted(re.scores), fairness.is_weighted(re.outcomes)) AS weighted,
       coalesce(fairness.attributes(re.scores), fairness.attributes(re.outcomes)) AS attributes,
       fairness.score_upper(re.scores) AS score_upper
FROM fairness.audits a JOIN fairness.audit_results re ON re.audit_id = a.id
WHERE a.name IN ('weighted scores', 'weighted outcomes') ORDER BY 1;
-- by hand (weights double every row; the reference is the heaviest group,
-- b × lo): AUC a × hi {9, 8} vs {7} = 1, a × lo {4} vs {3, 2, 2.5} = 1,
-- b × hi has no negative (undefined), b × lo {3.5} vs {4.5, 1.5, 1, 0.5} = 3/4;
-- means 8, 11.5/4 = 2.875, 6, 11/5 = 2.2
SELECT group_name, metric, round(value::numeric, 4) AS value, status
FROM fairness.latest_audit_report WHERE audit IN ('weighted scores', 'weighted outcomes') AND metric IN ('auc', 'mean')
ORDER BY metric, group_name;
SELECT fairness.drop_audit('weighted scores'), fairness.drop_audit('weighted outcomes');
DROP TABLE wcand;

-- 5. Wrong combinations
SELECT fairness.create_audit('bad', 'pay', '{g}', NULL, outcome_column => 'g');
SELECT fairness.create_audit('bad', 'cand', '{g}', 'y', score_column => 'score', alert_metrics => '{mean}');
SELECT fairness.create_audit('bad', 'pay', '{g}', NULL, outcome_column => 'salary', alert_metrics => '{auc}');
-- changing the kind: default alert metrics follow, others must suit the new kind
SELECT fairness.create_audit('kind change', 'cand', '{g}', 'y', score_column => 'score', threshold => 0.5) > 0 AS created;
SELECT fairness.alter_audit('kind change', '{"threshold": null}');
SELECT fairness.audit_kind(to_jsonb(a)) AS kind, alert_metrics FROM fairness.audits a WHERE name = 'kind change';
SELECT fairness.alter_audit('kind change', '{"alert_metrics": ["auc"], "threshold": 0.5}');
SELECT fairness.drop_audit('kind change');
-- a score out of [0, 1]: the run fails and says why
CREATE TABLE wide (g text, y boolean, score float8);
INSERT INTO wide VALUES ('a', true, 0.5), ('a', false, 3.5);
SELECT fairness.create_audit('wide', 'wide', '{g}', 'y', score_column => 'score') > 0 AS created;
SET client_min_messages = error;
SELECT fairness.run_audit('wide') AS w1 \gset
RESET client_min_messages;
SELECT status, error_sqlstate, error_message FROM fairness.audit_runs WHERE id = :w1;
-- score_lower and score_upper: the range of a score audit (1000 bins)
SELECT fairness.alter_audit('wide', '{"score_lower": 0}');
SELECT fairness.alter_audit('wide', '{"score_lower": 5, "score_upper": 0}');
SELECT fairness.create_audit('bad', 'cand', '{g}', 'y', score_column => 'score', threshold => 0.5, score_lower => 0, score_upper => 10);
SELECT fairness.alter_audit('wide', '{"score_lower": 0, "score_upper": 10}');
SELECT fairness.run_audit('wide') AS w2 \gset
SELECT status, rows_scanned FROM fairness.audit_runs WHERE id = :w2;
SELECT fairness.bins(scores), fairness.score_lower(scores), fairness.score_upper(scores) FROM fairness.audit_results WHERE run_id = :w2;
-- scores outside [0, 1] are not probabilities: no Brier score or calibration error
SELECT DISTINCT metric FROM fairness.latest_audit_report WHERE audit = 'wide' ORDER BY 1;

-- 6. Stale audits: no successful run for longer than stale_after
SELECT fairness.alter_audit('cand scores', '{"stale_after": "1 hour"}');
SELECT count(*) AS stale_rows FROM fairness.latest_audit_report WHERE audit = 'cand scores' AND status = 'stale';
UPDATE fairness.audit_runs SET started_at = started_at - interval '2 hours' WHERE audit_id = :scores_id;
SELECT kind, status, alert_rule,
       message ~ '^the latest successful run \(\d+\) started at \d{4}-\d\d-\d\d \d\d:\d\d UTC, longer ago than stale_after \(.*1 hour.*\)\.  Check the audit''s schedule' AS message_ok
FROM fairness.alerts WHERE audit = 'cand scores' AND status = 'stale';
SELECT fairness.run_audit('cand scores') > 0 AS ran;
SELECT count(*) AS stale_rows FROM fairness.alerts WHERE audit = 'cand scores' AND status = 'stale';
SELECT fairness.alter_audit('cand scores', '{"stale_after": "-1 hour"}');

-- 7. A score audit's run executes as its owner: a trojan function in a
-- column of the owner's view does not get the rights of the superuser
-- running it
CREATE ROLE regress_kinds_owner;
GRANT USAGE ON SCHEMA fairness TO regress_kinds_owner;
GRANT CREATE ON SCHEMA public TO regress_kinds_owner;
SET ROLE regress_kinds_owner;
CREATE TABLE kinds_log (who name, super boolean, outcome text);
CREATE FUNCTION kinds_trojan(x float8) RETURNS float8 LANGUAGE plpgsql VOLATILE AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM public.kinds_log) THEN
		BEGIN
			ALTER ROLE regress_kinds_owner SUPERUSER;
			INSERT INTO public.kinds_log VALUES (current_user, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user), 'done');
		EXCEPTION WHEN OTHERS THEN
			INSERT INTO public.kinds_log VALUES (current_user, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user), SQLERRM);
		END;
	END IF;
	RETURN x;
END
$$;
CREATE TABLE kinds_data AS SELECT CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END AS g, i % 3 = 0 AS y, (i % 10) / 10.0 AS score, i * 10 AS amount
FROM generate_series(1, 60) i;
CREATE VIEW kinds_trojan_scores AS SELECT g, y, public.kinds_trojan(score) AS score FROM kinds_data;
CREATE VIEW kinds_trojan_amounts AS SELECT g, public.kinds_trojan(amount) AS amount FROM kinds_data;
SELECT fairness.create_audit('trojan scores', 'kinds_trojan_scores', '{g}', 'y', score_column => 'score') > 0 AS created;
SELECT fairness.create_audit('trojan amounts', 'kinds_trojan_amounts', '{g}', NULL, outcome_column => 'amount') > 0 AS created;
RESET ROLE;
-- the superuser runs them
SELECT fairness.run_audit('trojan scores') AS t1 \gset
SELECT status, rows_scanned FROM fairness.audit_runs WHERE id = :t1;
SELECT who, super, outcome ~ 'permission denied|must be superuser|cannot' AS refused FROM kinds_log;
DELETE FROM kinds_log;
SELECT fairness.run_audit('trojan amounts') AS t2 \gset
SELECT status, rows_scanned FROM fairness.audit_runs WHERE id = :t2;
SELECT who, super, outcome ~ 'permission denied|must be superuser|cannot' AS refused FROM kinds_log;
SELECT rolsuper AS owner_is_superuser FROM pg_roles WHERE rolname = 'regress_kinds_owner';
SELECT fairness.drop_audit('trojan scores'), fairness.drop_audit('trojan amounts');
DROP VIEW kinds_trojan_scores, kinds_trojan_amounts;
DROP TABLE kinds_data, kinds_log;
DROP FUNCTION kinds_trojan(float8);
REVOKE USAGE ON SCHEMA fairness FROM regress_kinds_owner;
REVOKE CREATE ON SCHEMA public FROM regress_kinds_owner;
DROP ROLE regress_kinds_owner;

-- 8. The report row type: the views share its columns and their comments
SELECT c.relname, count(*) AS report_columns,
       count(*) FILTER (WHERE col_description(c.oid, a.attnum) = col_description('fairness.report_row'::regclass, t.attnum)) AS same_comment
FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
JOIN pg_attribute t ON t.attrelid = 'fairness.report_row'::regclass AND t.attname = a.attname AND t.attnum > 0
WHERE c.relnamespace = 'fairness'::regnamespace AND c.relkind = 'v' AND c.relname <> 'audit_run_log'
  AND c.relname NOT LIKE '%compliance%'  -- report audits: the regulator's rows (doc/compliance.md)
GROUP BY c.relname ORDER BY c.relname;

-- 9. The impact ratio threshold is an argument of fairness.report (NULL:
-- the setting fairness.impact_ratio_threshold); audit reports pass it and
-- leave the setting alone.  Selection rates 0.6 (a) and 0.4 (b): ratio 2/3.
CREATE TABLE th AS SELECT CASE WHEN i <= 100 THEN 'a' ELSE 'b' END AS g, i % 2 = 0 AS y,
       CASE WHEN i <= 100 THEN i % 10 < 6 ELSE i % 10 < 4 END AS p FROM generate_series(1, 200) i;
SELECT t.thr, round(r.ratio::numeric, 4) AS ratio, r.status <> 'ok' AS crossed
FROM (VALUES (NULL::float8), (0.8), (0.6)) t(thr)
CROSS JOIN LATERAL fairness.report((SELECT fairness.confusion(g, y, p) FROM th), 'a', impact_ratio_threshold => t.thr) r
WHERE r.metric = 'selection_rate' AND r.group_name = 'b' ORDER BY t.thr NULLS FIRST;
SET fairness.impact_ratio_threshold = 0.6;
SELECT t.thr, r.status <> 'ok' AS crossed
FROM (VALUES (NULL::float8), (0.8)) t(thr)
CROSS JOIN LATERAL fairness.report((SELECT fairness.confusion(g, y, p) FROM th), 'a', 0.95, NULL, 'wilson', t.thr) r
WHERE r.metric = 'selection_rate' AND r.group_name = 'b' ORDER BY t.thr NULLS FIRST;
SELECT status <> 'ok' AS crossed_at_0_8, current_setting('fairness.impact_ratio_threshold') AS setting_after
FROM fairness.audit_summary_report((SELECT fairness.confusion(g, y, p) FROM th), '{g}', 'a', impact_ratio_threshold => 0.8)
WHERE metric = 'selection_rate' AND group_name = 'b';
RESET fairness.impact_ratio_threshold;
SELECT count(*) FROM fairness.report((SELECT fairness.confusion(g, y, p) FROM th), impact_ratio_threshold => 1.5);
DROP TABLE th;

SELECT fairness.drop_audit(name) FROM fairness.audits WHERE name IN ('cand scores', 'pay', 'cand by day', 'pay by level', 'wide');
DROP TABLE cand, pay, pay2, wide;
