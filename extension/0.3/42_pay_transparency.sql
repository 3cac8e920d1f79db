-- Directive (EU) 2023/970 (pay transparency): the pay gap indicators of
-- Article 9(1)(a) to (g), with the definitions of Article 3, and the
-- Article 10 trigger of a joint pay assessment; quartile bands split ties
-- like regulation 13 of the UK's SI 2017/172.

CREATE FUNCTION fairness.compliance_gap(men numeric, women numeric)
RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	SELECT CASE WHEN men IS NULL OR women IS NULL OR men = 0 THEN NULL
	            ELSE ((men - women) / men * 100)::pg_catalog.float8 END
$$;

COMMENT ON FUNCTION fairness.compliance_gap(numeric, numeric) IS
'Internal: the gender pay gap of Directive (EU) 2023/970 Art. 3(1)(c): (men - women) / men * 100, computed in numeric; NULL when a side is missing or the men''s level is 0.';

CREATE FUNCTION fairness.pay_transparency_report(
	rel regclass,
	sex_column text,
	base_pay_column text,
	variable_pay_column text DEFAULT NULL,
	hours_column text DEFAULT NULL,
	category_column text DEFAULT NULL,
	female text DEFAULT 'F',
	male text DEFAULT 'M',
	positive_gaps_only boolean DEFAULT false)
RETURNS TABLE (indicator text, basis text, category text, quartile integer, sex text,
               value float8, n_women numeric, n_men numeric, flagged boolean)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_expr text := '0::pg_catalog.numeric';
	h_expr text := 'NULL::pg_catalog.numeric';
	c_expr text := 'NULL::pg_catalog.text';
	bad text;
	chk text;
BEGIN
	PERFORM fairness.compliance_relation(rel);
	IF female IS NULL OR male IS NULL THEN
		RAISE EXCEPTION 'female and male must not be NULL' USING ERRCODE = 'null_value_not_allowed',
			HINT = 'Give the values of the sex column that mean a woman and a man, e.g. female => ''F'', male => ''M''.';
	END IF;
	IF female = male THEN
		RAISE EXCEPTION 'female and male must differ' USING ERRCODE = 'invalid_parameter_value',
			DETAIL = pg_catalog.format('Both are %L.', female);
	END IF;
	IF positive_gaps_only IS NULL THEN
		RAISE EXCEPTION 'positive_gaps_only must not be NULL' USING ERRCODE = 'null_value_not_allowed';
	END IF;
	PERFORM fairness.compliance_column(rel, sex_column, 'sex_column', NULL);
	PERFORM fairness.compliance_column(rel, base_pay_column, 'base_pay_column', '{integer,number}');
	chk := pg_catalog.format('r.%I', base_pay_column);
	IF variable_pay_column IS NOT NULL THEN
		PERFORM fairness.compliance_column(rel, variable_pay_column, 'variable_pay_column', '{integer,number}');
		v_expr := pg_catalog.format('COALESCE(r.%I::pg_catalog.numeric, 0)', variable_pay_column);
	END IF;
	IF hours_column IS NOT NULL THEN
		PERFORM fairness.compliance_column(rel, hours_column, 'hours_column', '{integer,number}');
		h_expr := pg_catalog.format('r.%I::pg_catalog.numeric', hours_column);
	END IF;
	IF category_column IS NOT NULL THEN
		PERFORM fairness.compliance_column(rel, category_column, 'category_column', NULL);
		c_expr := pg_catalog.format('r.%I::pg_catalog.text', category_column);
	END IF;
	PERFORM fairness.compliance_distinct(
		ARRAY[sex_column, base_pay_column, variable_pay_column, hours_column, category_column],
		'{sex_column,base_pay_column,variable_pay_column,hours_column,category_column}');

	-- values no pay statistic can hold: refused, never dropped silently
	EXECUTE pg_catalog.format(
		'SELECT CASE'
		' WHEN pg_catalog.bool_or(b IN (''NaN'', ''Infinity'', ''-Infinity'') OR v IN (''NaN'', ''Infinity'', ''-Infinity'')'
		'                         OR h IN (''NaN'', ''Infinity'', ''-Infinity'')) THEN ''a NaN or infinite amount'''
		' WHEN pg_catalog.bool_or(b OPERATOR(pg_catalog.<) 0 OR v OPERATOR(pg_catalog.<) 0) THEN ''a negative pay'''
		' WHEN pg_catalog.bool_or(h OPERATOR(pg_catalog.<=) 0) THEN ''hours that are not positive'' END'
		' FROM (SELECT r.%I::pg_catalog.numeric AS b, %s AS v, %s AS h FROM %s r) x',
		base_pay_column, v_expr, h_expr, rel) INTO bad;
	IF bad IS NOT NULL THEN
		RAISE EXCEPTION '% holds %', rel, bad
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = 'Pay and hours must be finite, pay at least 0 and hours above 0; set unknown values to NULL.';
	END IF;

	RETURN QUERY EXECUTE pg_catalog.format($q$
WITH src AS (
	SELECT CASE WHEN r.%1$I::pg_catalog.text OPERATOR(pg_catalog.=) $1 THEN 'F'
	            WHEN r.%1$I::pg_catalog.text OPERATOR(pg_catalog.=) $2 THEN 'M' END AS g,
	       r.%2$I::pg_catalog.numeric AS b, %3$s AS v, %4$s AS h, %5$s AS c
	FROM %6$s r
),
basis_list(basis, ord) AS (
	SELECT 'annual'::pg_catalog.text, 1
	UNION ALL SELECT 'hourly', 2 WHERE $3
),
bases AS (
	SELECT 'annual'::pg_catalog.text AS basis, s.g, s.c, s.b, s.v, s.b OPERATOR(pg_catalog.+) s.v AS t
	FROM src s WHERE s.b IS NOT NULL
	UNION ALL
	SELECT 'hourly', s.g, s.c, s.b OPERATOR(pg_catalog./) s.h, s.v OPERATOR(pg_catalog./) s.h,
	       (s.b OPERATOR(pg_catalog.+) s.v) OPERATOR(pg_catalog./) s.h
	FROM src s WHERE $3 AND s.b IS NOT NULL AND s.h IS NOT NULL
),
ranked AS (
	SELECT k.*,
	       pg_catalog.row_number() OVER (PARTITION BY k.basis, k.g ORDER BY k.t) AS rt,
	       pg_catalog.count(*) OVER (PARTITION BY k.basis, k.g) AS nt,
	       pg_catalog.row_number() OVER (PARTITION BY k.basis, k.g, k.v OPERATOR(pg_catalog.>) 0 ORDER BY k.v) AS rv,
	       pg_catalog.count(*) OVER (PARTITION BY k.basis, k.g, k.v OPERATOR(pg_catalog.>) 0) AS nv
	FROM bases k WHERE k.g IS NOT NULL
),
sexlevel AS (
	SELECT x.basis, x.g, pg_catalog.count(*) AS n, pg_catalog.avg(x.t) AS mean_t,
	       pg_catalog.avg(x.t) FILTER (WHERE x.rt IN ((x.nt OPERATOR(pg_catalog.+) 1) OPERATOR(pg_catalog./) 2,
	                                                  (x.nt OPERATOR(pg_catalog.+) 2) OPERATOR(pg_catalog./) 2)) AS med_t,
	       pg_catalog.count(*) FILTER (WHERE x.v OPERATOR(pg_catalog.>) 0) AS nvar,
	       pg_catalog.avg(x.v) FILTER (WHERE x.v OPERATOR(pg_catalog.>) 0) AS mean_v,
	       pg_catalog.avg(x.v) FILTER (WHERE x.v OPERATOR(pg_catalog.>) 0
	                                     AND x.rv IN ((x.nv OPERATOR(pg_catalog.+) 1) OPERATOR(pg_catalog./) 2,
	                                                  (x.nv OPERATOR(pg_catalog.+) 2) OPERATOR(pg_catalog./) 2)) AS med_v
	FROM ranked x GROUP BY x.basis, x.g
),
lv AS (
	SELECT bl.basis, bl.ord,
	       COALESCE(f.n, 0) AS fn, COALESCE(m.n, 0) AS mn, f.mean_t AS f_mean_t, m.mean_t AS m_mean_t,
	       f.med_t AS f_med_t, m.med_t AS m_med_t, COALESCE(f.nvar, 0) AS fnv, COALESCE(m.nvar, 0) AS mnv,
	       f.mean_v AS f_mean_v, m.mean_v AS m_mean_v, f.med_v AS f_med_v, m.med_v AS m_med_v
	FROM basis_list bl
	LEFT JOIN sexlevel f ON f.basis OPERATOR(pg_catalog.=) bl.basis AND f.g OPERATOR(pg_catalog.=) 'F'
	LEFT JOIN sexlevel m ON m.basis OPERATOR(pg_catalog.=) bl.basis AND m.g OPERATOR(pg_catalog.=) 'M'
),
-- quartile bands: each pay value is one block of the ranking, split in
-- proportion where it straddles a boundary at q/4 of the workers
blocks AS (
	SELECT y.basis, y.t, y.w, y.m, y.s,
	       pg_catalog.sum(y.s) OVER (PARTITION BY y.basis ORDER BY y.t) OPERATOR(pg_catalog.-) y.s AS start,
	       pg_catalog.sum(y.s) OVER (PARTITION BY y.basis) AS total
	FROM (SELECT k.basis, k.t, pg_catalog.count(*) FILTER (WHERE k.g OPERATOR(pg_catalog.=) 'F')::pg_catalog.numeric AS w,
	             pg_catalog.count(*) FILTER (WHERE k.g OPERATOR(pg_catalog.=) 'M')::pg_catalog.numeric AS m,
	             pg_catalog.count(*)::pg_catalog.numeric AS s
	      FROM bases k WHERE k.g IS NOT NULL GROUP BY k.basis, k.t) y
),
bands AS (
	SELECT bl.basis, bl.ord, q.q,
	       COALESCE(pg_catalog.sum(o.overlap OPERATOR(pg_catalog.*) bk.w OPERATOR(pg_catalog./) bk.s), 0) AS nw,
	       COALESCE(pg_catalog.sum(o.overlap OPERATOR(pg_catalog.*) bk.m OPERATOR(pg_catalog./) bk.s), 0) AS nm,
	       pg_catalog.max(bk.t) FILTER (WHERE o.overlap OPERATOR(pg_catalog.>) 0) AS top
	FROM basis_list bl
	CROSS JOIN pg_catalog.generate_series(1, 4) q(q)
	LEFT JOIN blocks bk ON bk.basis OPERATOR(pg_catalog.=) bl.basis
	LEFT JOIN LATERAL (SELECT GREATEST(0::pg_catalog.numeric,
	                       LEAST(bk.start OPERATOR(pg_catalog.+) bk.s, bk.total OPERATOR(pg_catalog.*) q.q OPERATOR(pg_catalog./) 4)
	                       OPERATOR(pg_catalog.-)
	                       GREATEST(bk.start, bk.total OPERATOR(pg_catalog.*) (q.q OPERATOR(pg_catalog.-) 1) OPERATOR(pg_catalog./) 4)) AS overlap) o ON true
	GROUP BY bl.basis, bl.ord, q.q
),
catlevel AS (
	SELECT k.basis, k.c,
	       pg_catalog.count(*) FILTER (WHERE k.g OPERATOR(pg_catalog.=) 'F') AS fn,
	       pg_catalog.count(*) FILTER (WHERE k.g OPERATOR(pg_catalog.=) 'M') AS mn,
	       pg_catalog.avg(k.t) FILTER (WHERE k.g OPERATOR(pg_catalog.=) 'F') AS ft,
	       pg_catalog.avg(k.t) FILTER (WHERE k.g OPERATOR(pg_catalog.=) 'M') AS mt,
	       pg_catalog.avg(k.b) FILTER (WHERE k.g OPERATOR(pg_catalog.=) 'F') AS fb,
	       pg_catalog.avg(k.b) FILTER (WHERE k.g OPERATOR(pg_catalog.=) 'M') AS mb,
	       pg_catalog.avg(k.v) FILTER (WHERE k.g OPERATOR(pg_catalog.=) 'F') AS fv,
	       pg_catalog.avg(k.v) FILTER (WHERE k.g OPERATOR(pg_catalog.=) 'M') AS mv
	FROM bases k WHERE k.g IS NOT NULL AND $4 GROUP BY k.basis, k.c
),
unknown AS (
	SELECT bl.basis, bl.ord,
	       (SELECT pg_catalog.count(*) FROM bases k WHERE k.basis OPERATOR(pg_catalog.=) bl.basis AND k.g IS NULL) AS n,
	       (SELECT pg_catalog.count(*) FROM src s WHERE s.g OPERATOR(pg_catalog.=) 'F'
	          AND (s.b IS NULL OR (bl.basis OPERATOR(pg_catalog.=) 'hourly' AND s.h IS NULL))) AS fw,
	       (SELECT pg_catalog.count(*) FROM src s WHERE s.g OPERATOR(pg_catalog.=) 'M'
	          AND (s.b IS NULL OR (bl.basis OPERATOR(pg_catalog.=) 'hourly' AND s.h IS NULL))) AS mw
	FROM basis_list bl
),
report(ind_ord, indicator, basis, ord, category, quartile, sex, value, n_women, n_men, flagged) AS (
	SELECT 1, 'a', l.basis, l.ord, NULL::pg_catalog.text, NULL::integer, NULL::pg_catalog.text,
	       fairness.compliance_gap(l.m_mean_t, l.f_mean_t), l.fn::pg_catalog.numeric, l.mn::pg_catalog.numeric, NULL::boolean
	FROM lv l
	UNION ALL
	SELECT 2, 'b', l.basis, l.ord, NULL, NULL, NULL, fairness.compliance_gap(l.m_mean_v, l.f_mean_v), l.fnv, l.mnv, NULL
	FROM lv l WHERE $5
	UNION ALL
	SELECT 3, 'c', l.basis, l.ord, NULL, NULL, NULL, fairness.compliance_gap(l.m_med_t, l.f_med_t), l.fn, l.mn, NULL
	FROM lv l
	UNION ALL
	SELECT 4, 'd', l.basis, l.ord, NULL, NULL, NULL, fairness.compliance_gap(l.m_med_v, l.f_med_v), l.fnv, l.mnv, NULL
	FROM lv l WHERE $5
	UNION ALL
	SELECT 5, 'e', l.basis, l.ord, NULL, NULL, $1,
	       CASE WHEN l.fn OPERATOR(pg_catalog.>) 0 THEN (l.fnv OPERATOR(pg_catalog.*) 100.0 OPERATOR(pg_catalog./) l.fn)::pg_catalog.float8 END,
	       l.fnv, NULL, NULL
	FROM lv l WHERE $5
	UNION ALL
	SELECT 5, 'e', l.basis, l.ord, NULL, NULL, $2,
	       CASE WHEN l.mn OPERATOR(pg_catalog.>) 0 THEN (l.mnv OPERATOR(pg_catalog.*) 100.0 OPERATOR(pg_catalog./) l.mn)::pg_catalog.float8 END,
	       NULL, l.mnv, NULL
	FROM lv l WHERE $5
	UNION ALL
	SELECT 6, 'f', bd.basis, bd.ord, NULL, bd.q, sx.sex,
	       CASE WHEN bd.nw OPERATOR(pg_catalog.+) bd.nm OPERATOR(pg_catalog.>) 0
	            THEN (CASE WHEN sx.sex OPERATOR(pg_catalog.=) $1 THEN bd.nw ELSE bd.nm END
	                  OPERATOR(pg_catalog.*) 100 OPERATOR(pg_catalog./) (bd.nw OPERATOR(pg_catalog.+) bd.nm))::pg_catalog.float8 END,
	       pg_catalog.trim_scale(bd.nw), pg_catalog.trim_scale(bd.nm), NULL
	FROM bands bd CROSS JOIN (VALUES ($1), ($2)) sx(sex)
	UNION ALL
	SELECT 7, 'f_threshold', bd.basis, bd.ord, NULL, bd.q, NULL, bd.top::pg_catalog.float8, NULL, NULL, NULL
	FROM bands bd WHERE bd.q OPERATOR(pg_catalog.<) 4
	UNION ALL
	SELECT 8, 'g', cl.basis, bl.ord, cl.c, NULL, NULL, x.gap, cl.fn, cl.mn,
	       CASE WHEN $6 THEN x.gap OPERATOR(pg_catalog.>=) 5 ELSE pg_catalog.abs(x.gap) OPERATOR(pg_catalog.>=) 5 END
	FROM catlevel cl JOIN basis_list bl ON bl.basis OPERATOR(pg_catalog.=) cl.basis,
	     LATERAL (SELECT fairness.compliance_gap(cl.mt, cl.ft) AS gap) x
	UNION ALL
	SELECT 9, 'g_base', cl.basis, bl.ord, cl.c, NULL, NULL, fairness.compliance_gap(cl.mb, cl.fb), cl.fn, cl.mn, NULL
	FROM catlevel cl JOIN basis_list bl ON bl.basis OPERATOR(pg_catalog.=) cl.basis
	UNION ALL
	SELECT 10, 'g_variable', cl.basis, bl.ord, cl.c, NULL, NULL, fairness.compliance_gap(cl.mv, cl.fv), cl.fn, cl.mn, NULL
	FROM catlevel cl JOIN basis_list bl ON bl.basis OPERATOR(pg_catalog.=) cl.basis WHERE $5
	UNION ALL
	SELECT 11, 'unknown', u.basis, u.ord, NULL, NULL, NULL, u.n::pg_catalog.float8, u.fw, u.mw, NULL
	FROM unknown u
)
SELECT r.indicator, r.basis, r.category, r.quartile, r.sex, r.value, r.n_women, r.n_men, r.flagged
FROM report r
ORDER BY r.ord, r.ind_ord, r.category COLLATE "C" NULLS LAST, r.quartile, r.sex OPERATOR(pg_catalog.<>) $1
$q$, sex_column, base_pay_column, v_expr, h_expr, c_expr, rel)
	USING female, male, hours_column IS NOT NULL, category_column IS NOT NULL,
	      variable_pay_column IS NOT NULL, positive_gaps_only;
END
$$;

COMMENT ON FUNCTION fairness.pay_transparency_report(regclass, text, text, text, text, text, text, text, boolean) IS
'Pay transparency report of Directive (EU) 2023/970: the Art. 9(1) indicators a (mean gap, total pay), b (mean gap, variable pay), c and d (median gaps), e (share of each sex receiving variable pay), f (women and men in each quartile pay band, ties split in proportion as UK SI 2017/172 reg. 13; f_threshold the top pay of bands 1-3), g, g_base, g_variable (mean gaps per category of workers, flagged = the Art. 10 trigger |gap| >= 5 %) and unknown (rows of neither sex), on an annual and, with hours_column, an hourly basis.  Gaps in % of the men''s level, positive when men are paid more.  See fairness.methodology(''eu_pay_transparency'').';
