-- France's Index de l'egalite professionnelle (Code du travail L.1142-8,
-- D.1142-2, D.1142-2-1 and annexes), following the official computation
-- that the ministry publishes (SocialGouv/egapro, directory
-- packages/app/src/common/core-domain/computers: IndicateurUnComputer,
-- IndicateurDeuxComputer, IndicateurTroisComputer,
-- IndicateurDeuxTroisComputer, IndicateurQuatreComputer,
-- IndicateurCinqComputer, IndexComputer, AbstractGroupComputer).  The
-- per-group means, rates and counts are computed exactly from the rows; the
-- indicator arithmetic is done in double precision in the same order as the
-- official code, with its rounding (Math.round: halves up).

CREATE FUNCTION fairness.egapro_note(note_table integer[], result float8)
RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
	-- AbstractComputer.computeNote: NOTE_TABLE[ceil(result)], 0 outside
	SELECT CASE WHEN result IS NULL THEN NULL
	            WHEN pg_catalog.ceil(result) < 0 OR pg_catalog.ceil(result) >= pg_catalog.array_length(note_table, 1) THEN 0
	            ELSE note_table[pg_catalog.ceil(result)::integer + 1] END
$$;

COMMENT ON FUNCTION fairness.egapro_note(integer[], float8) IS
'Internal: the points of an Egapro indicator result from its official points table (the entry at the ceiling of the result, 0 beyond the table), as the official computation does.';

CREATE FUNCTION fairness.egapro_index(
	rel regclass,
	sex_column text,
	age_column text,
	csp_column text,
	pay_column text,
	raised_column text,
	promoted_column text,
	maternity_return_column text,
	raised_after_maternity_column text,
	female text DEFAULT 'F',
	male text DEFAULT 'M',
	workforce integer DEFAULT NULL)
RETURNS TABLE (indicator text, calculable boolean, result float8, favoured_sex text, points integer,
               max_points integer, detail jsonb)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	-- the official points tables
	t1 constant integer[] := '{40,39,38,37,36,35,34,33,31,29,27,25,23,21,19,17,14,11,8,5,2,0}';
	t2 constant integer[] := '{20,20,20,10,10,10,5,5,5,5,5,0}';
	t3 constant integer[] := '{15,15,15,10,10,10,5,5,5,5,5,0}';
	t23 constant integer[] := '{35,35,35,25,25,25,15,15,15,15,15,0}';
	t5 constant integer[] := '{0,0,5,5,10,10}';
	csp_names constant text[] := '{ouvriers,employes,techniciens_agents_maitrise,ingenieurs_cadres}';
	big boolean;
	n_rows bigint;
	n_known bigint;
	n_unknown bigint;
	csp_expr text;
	bad text;
	rec record;
	-- per (CSP, age band) group, index (csp - 1) * 4 + band: indicator 1
	gw bigint[] := array_fill(0::bigint, ARRAY[16]);
	gm bigint[] := array_fill(0::bigint, ARRAY[16]);
	sw numeric[] := array_fill(0::numeric, ARRAY[16]);
	sm numeric[] := array_fill(0::numeric, ARRAY[16]);
	-- per CSP: indicators 2 and 3
	cw bigint[] := array_fill(0::bigint, ARRAY[4]);
	cm bigint[] := array_fill(0::bigint, ARRAY[4]);
	rw bigint[] := array_fill(0::bigint, ARRAY[4]);
	rm bigint[] := array_fill(0::bigint, ARRAY[4]);
	pw bigint[] := array_fill(0::bigint, ARRAY[4]);
	pm bigint[] := array_fill(0::bigint, ARRAY[4]);
	mat_total bigint;
	mat_raised bigint;
	-- indicator 1
	i1_total_group bigint := 0;
	i1_valid integer := 0;
	i1_raw float8 := 0;
	i1_result float8;
	i1_fav text;
	i1_note integer;
	i1_ok boolean;
	gap float8;
	sgap float8;
	women_salary float8;
	men_salary float8;
	-- indicators 2, 3, 2+3
	ok2 boolean; res2 float8; fav2 text; note2 integer; raw2 float8; comp2 boolean; valid2 integer; cov2 bigint;
	ok3 boolean; res3 float8; fav3 text; note3 integer; raw3 float8; comp3 boolean; valid3 integer;
	tw bigint; tm bigint; trw bigint; trm bigint;
	rate_gap float8; eq_raw float8; eq float8; note_pct integer; note_eq integer;
	-- indicator 5
	top_w bigint; top_m bigint; top_ok boolean; top_tie boolean;
	-- index
	tot integer := 0;
	mx integer := 0;
	k integer;
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
	IF workforce IS NOT NULL AND workforce < 0 THEN
		RAISE EXCEPTION 'workforce must not be negative' USING ERRCODE = 'invalid_parameter_value';
	END IF;
	PERFORM fairness.compliance_column(rel, sex_column, 'sex_column', NULL);
	PERFORM fairness.compliance_column(rel, age_column, 'age_column', '{integer,number}');
	PERFORM fairness.compliance_column(rel, csp_column, 'csp_column', NULL);
	PERFORM fairness.compliance_column(rel, pay_column, 'pay_column', '{integer,number}');
	PERFORM fairness.compliance_column(rel, raised_column, 'raised_column', '{boolean}');
	PERFORM fairness.compliance_column(rel, maternity_return_column, 'maternity_return_column', '{boolean}');
	PERFORM fairness.compliance_column(rel, raised_after_maternity_column, 'raised_after_maternity_column', '{boolean}');
	PERFORM fairness.compliance_distinct(
		ARRAY[sex_column, age_column, csp_column, pay_column, raised_column, promoted_column,
		      maternity_return_column, raised_after_maternity_column],
		'{sex_column,age_column,csp_column,pay_column,raised_column,promoted_column,maternity_return_column,raised_after_maternity_column}');

	EXECUTE pg_catalog.format('SELECT pg_catalog.count(*) FROM %s r', rel) INTO n_rows;
	big := COALESCE(workforce::bigint, n_rows) > 250;
	IF promoted_column IS NOT NULL THEN
		PERFORM fairness.compliance_column(rel, promoted_column, 'promoted_column', '{boolean}');
	ELSIF big THEN
		RAISE EXCEPTION 'promoted_column is needed above 250 employees'
			USING ERRCODE = 'invalid_parameter_value',
			      DETAIL = pg_catalog.format('The workforce is %s, so indicator 3 (promotions) is computed.', COALESCE(workforce::bigint, n_rows)),
			      HINT = 'Give the boolean column that says who was promoted during the reference period.';
	END IF;

	csp_expr := pg_catalog.format(
		'CASE pg_catalog.lower(r.%1$I::pg_catalog.text)'
		' WHEN ''ouvriers'' THEN 1 WHEN ''ouv'' THEN 1 WHEN ''employes'' THEN 2 WHEN ''emp'' THEN 2'
		' WHEN ''techniciens_agents_maitrise'' THEN 3 WHEN ''tam'' THEN 3'
		' WHEN ''ingenieurs_cadres'' THEN 4 WHEN ''ic'' THEN 4 END', csp_column);
	EXECUTE pg_catalog.format(
		'SELECT CASE'
		' WHEN pg_catalog.bool_or(r.%1$I IS NOT NULL AND %2$s IS NULL) THEN pg_catalog.format(''the CSP value %%L, which is not one of the four CSP'','
		'      pg_catalog.min(r.%1$I::pg_catalog.text) FILTER (WHERE r.%1$I IS NOT NULL AND %2$s IS NULL))'
		' WHEN pg_catalog.bool_or(r.%3$I::pg_catalog.numeric IN (''NaN'', ''Infinity'', ''-Infinity'') OR r.%3$I OPERATOR(pg_catalog.<) 0)'
		'      THEN ''a pay that is negative, NaN or infinite'''
		' WHEN pg_catalog.bool_or(r.%4$I::pg_catalog.numeric IN (''NaN'', ''Infinity'', ''-Infinity'') OR r.%4$I OPERATOR(pg_catalog.<) 0)'
		'      THEN ''an age that is negative, NaN or infinite'' END'
		' FROM %5$s r', csp_column, csp_expr, pay_column, age_column, rel) INTO bad;
	IF bad IS NOT NULL THEN
		RAISE EXCEPTION '% holds %', rel, bad
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = CASE WHEN bad LIKE 'the CSP%' THEN 'CSP values are ouvriers, employes, techniciens_agents_maitrise, ingenieurs_cadres (or ouv, emp, tam, ic), in any case; set unknown values to NULL.'
			                  ELSE 'Pay and age must be finite and at least 0; set unknown values to NULL.' END;
	END IF;

	-- one pass: counts per sex, CSP and age band; pay sums; raises, promotions
	FOR rec IN EXECUTE pg_catalog.format($q$
		SELECT x.g, x.c, x.band,
		       pg_catalog.count(*) AS n,
		       pg_catalog.count(x.pay) AS n_pay,
		       COALESCE(pg_catalog.sum(x.pay), 0) AS s_pay,
		       pg_catalog.count(*) FILTER (WHERE x.raised) AS n_raised,
		       pg_catalog.count(*) FILTER (WHERE x.promoted) AS n_promoted
		FROM (SELECT CASE WHEN r.%1$I::pg_catalog.text OPERATOR(pg_catalog.=) $1 THEN 'F'
		                  WHEN r.%1$I::pg_catalog.text OPERATOR(pg_catalog.=) $2 THEN 'M' END AS g,
		             %2$s AS c,
		             CASE WHEN r.%3$I OPERATOR(pg_catalog.<) 30 THEN 1 WHEN r.%3$I OPERATOR(pg_catalog.<) 40 THEN 2
		                  WHEN r.%3$I OPERATOR(pg_catalog.<) 50 THEN 3 WHEN r.%3$I IS NOT NULL THEN 4 END AS band,
		             r.%4$I::pg_catalog.numeric AS pay,
		             COALESCE(r.%5$I, false) AS raised,
		             %6$s AS promoted
		      FROM %7$s r) x
		GROUP BY x.g, x.c, x.band$q$,
		sex_column, csp_expr, age_column, pay_column, raised_column,
		CASE WHEN promoted_column IS NULL THEN 'false'
		     ELSE pg_catalog.format('COALESCE(r.%I, false)', promoted_column) END,
		rel) USING female, male
	LOOP
		CONTINUE WHEN rec.g IS NULL;
		IF rec.c IS NOT NULL THEN
			IF rec.g = 'F' THEN
				cw[rec.c] := cw[rec.c] + rec.n; rw[rec.c] := rw[rec.c] + rec.n_raised; pw[rec.c] := pw[rec.c] + rec.n_promoted;
			ELSE
				cm[rec.c] := cm[rec.c] + rec.n; rm[rec.c] := rm[rec.c] + rec.n_raised; pm[rec.c] := pm[rec.c] + rec.n_promoted;
			END IF;
			IF rec.band IS NOT NULL THEN
				k := (rec.c - 1) * 4 + rec.band;
				IF rec.g = 'F' THEN
					gw[k] := gw[k] + rec.n_pay; sw[k] := sw[k] + rec.s_pay;
				ELSE
					gm[k] := gm[k] + rec.n_pay; sm[k] := sm[k] + rec.s_pay;
				END IF;
			END IF;
		END IF;
	END LOOP;
	EXECUTE pg_catalog.format($q$
		SELECT pg_catalog.count(*) FILTER (WHERE x.g IS NOT NULL),
		       pg_catalog.count(*) FILTER (WHERE x.g IS NOT NULL AND x.g OPERATOR(pg_catalog.=) 'F'),
		       pg_catalog.count(*) FILTER (WHERE x.g IS NOT NULL AND x.g OPERATOR(pg_catalog.=) 'M'),
		       pg_catalog.count(*) FILTER (WHERE x.g OPERATOR(pg_catalog.=) 'F' AND x.raised),
		       pg_catalog.count(*) FILTER (WHERE x.g OPERATOR(pg_catalog.=) 'M' AND x.raised),
		       pg_catalog.count(*) FILTER (WHERE x.ret),
		       pg_catalog.count(*) FILTER (WHERE x.ret AND x.raised_after)
		FROM (SELECT CASE WHEN r.%1$I::pg_catalog.text OPERATOR(pg_catalog.=) $1 THEN 'F'
		                  WHEN r.%1$I::pg_catalog.text OPERATOR(pg_catalog.=) $2 THEN 'M' END AS g,
		             COALESCE(r.%2$I, false) AS raised, COALESCE(r.%3$I, false) AS ret,
		             COALESCE(r.%4$I, false) AS raised_after
		      FROM %5$s r) x$q$,
		sex_column, raised_column, maternity_return_column, raised_after_maternity_column, rel)
		INTO n_known, tw, tm, trw, trm, mat_total, mat_raised USING female, male;
	n_unknown := n_rows - n_known;

	-- (1) pay gap: AbstractGroupComputer + IndicateurUnComputer (CSP mode)
	FOR k IN 1 .. 16 LOOP
		CONTINUE WHEN gw[k] < 3 OR gm[k] < 3;
		i1_valid := i1_valid + 1;
		i1_total_group := i1_total_group + gw[k] + gm[k];
	END LOOP;
	FOR k IN 1 .. 16 LOOP
		CONTINUE WHEN gw[k] < 3 OR gm[k] < 3;
		women_salary := (sw[k] / gw[k])::float8;
		men_salary := (sm[k] / gm[k])::float8;
		IF men_salary = 0 THEN
			gap := 0;				-- isFinite(gap) ? gap : 0
		ELSE
			gap := ((men_salary - women_salary) / men_salary) * 100;
		END IF;
		IF gap > 0 THEN sgap := GREATEST(gap - 5, 0); ELSE sgap := LEAST(gap + 5, 0); END IF;
		i1_raw := i1_raw + sgap * ((gw[k] + gm[k])::float8 / i1_total_group::float8);
	END LOOP;
	i1_ok := n_known > 0 AND i1_total_group::float8 / n_known::float8 >= 0.4;
	i1_result := fairness.compliance_js_round(abs(i1_raw) * 10) / 10;
	i1_fav := CASE WHEN i1_raw = 0 OR abs(i1_raw) < 0.05 THEN NULL WHEN i1_raw > 0 THEN male ELSE female END;
	i1_note := fairness.egapro_note(t1, i1_result);

	indicator := '1'; calculable := i1_ok; max_points := 40;
	result := CASE WHEN i1_ok THEN i1_result END;
	favoured_sex := CASE WHEN i1_ok THEN i1_fav END;
	points := CASE WHEN i1_ok THEN i1_note END;
	detail := pg_catalog.jsonb_build_object(
		'raw_gap', i1_raw, 'valid_groups', i1_valid, 'employees', n_known,
		'employees_in_valid_groups', i1_total_group,
		'coverage_percent', CASE WHEN n_known > 0 THEN (i1_total_group * 100.0 / n_known)::float8 END);
	IF i1_ok THEN tot := tot + points; mx := mx + 40; END IF;
	RETURN NEXT;

	IF big THEN
		-- (2) raises and (3) promotions: IndicateurDeuxComputer, IndicateurTroisComputer
		FOR pass IN 2 .. 3 LOOP
			valid2 := 0; cov2 := 0; raw2 := 0;
			FOR k IN 1 .. 4 LOOP
				CONTINUE WHEN cw[k] < 10 OR cm[k] < 10;
				valid2 := valid2 + 1;
				cov2 := cov2 + cw[k] + cm[k];
			END LOOP;
			FOR k IN 1 .. 4 LOOP
				CONTINUE WHEN cw[k] < 10 OR cm[k] < 10;
				IF pass = 2 THEN
					gap := (rm[k]::float8 / cm[k]::float8) * 100 - (rw[k]::float8 / cw[k]::float8) * 100;
				ELSE
					gap := (pm[k]::float8 / cm[k]::float8) * 100 - (pw[k]::float8 / cw[k]::float8) * 100;
				END IF;
				raw2 := raw2 + (gap * (cw[k] + cm[k])::float8) / cov2::float8;
			END LOOP;
			ok2 := n_known > 0 AND cov2::float8 / n_known::float8 >= 0.4;
			res2 := fairness.compliance_js_round(abs(raw2) * 10) / 10;
			fav2 := CASE WHEN raw2 = 0 OR abs(raw2) < 0.05 THEN NULL WHEN raw2 > 0 THEN male ELSE female END;
			note2 := fairness.egapro_note(CASE WHEN pass = 2 THEN t2 ELSE t3 END, res2);
			-- catch-up: indicator 1 below its maximum and this gap not favouring the same sex
			comp2 := i1_note < 40 AND i1_fav IS DISTINCT FROM fav2;
			indicator := pass::text; calculable := ok2; max_points := CASE WHEN pass = 2 THEN 20 ELSE 15 END;
			result := CASE WHEN ok2 THEN res2 END;
			favoured_sex := CASE WHEN ok2 THEN fav2 END;
			points := CASE WHEN NOT ok2 THEN NULL WHEN comp2 THEN max_points ELSE note2 END;
			detail := pg_catalog.jsonb_build_object(
				'raw_gap', raw2, 'valid_csp', valid2, 'employees_in_valid_csp', cov2,
				'coverage_percent', CASE WHEN n_known > 0 THEN (cov2 * 100.0 / n_known)::float8 END,
				'points_before_catch_up', note2, 'catch_up', comp2);
			IF ok2 THEN tot := tot + points; mx := mx + max_points; END IF;
			RETURN NEXT;
		END LOOP;
	ELSE
		-- (2+3) raises, 50 to 250 employees: IndicateurDeuxTroisComputer
		ok2 := tw >= 5 AND tm >= 5;
		IF ok2 THEN
			rate_gap := trm::float8 / tm::float8 - trw::float8 / tw::float8;
			eq_raw := rate_gap * LEAST(tw, tm)::float8;
			eq := fairness.compliance_js_round(abs(eq_raw) * 10) / 10;
			res2 := fairness.compliance_js_round(abs(rate_gap * 100) * 10) / 10;
			fav2 := CASE WHEN rate_gap > 0 THEN male WHEN rate_gap < 0 THEN female END;
			note_pct := fairness.egapro_note(t23, res2);
			note_eq := fairness.egapro_note(t23, eq);
			comp2 := i1_note < 40 AND i1_fav IS DISTINCT FROM fav2;
		END IF;
		indicator := '2+3'; calculable := ok2; max_points := 35;
		result := CASE WHEN ok2 THEN res2 END;
		favoured_sex := CASE WHEN ok2 THEN fav2 END;
		points := CASE WHEN NOT ok2 THEN NULL WHEN comp2 THEN 35 ELSE GREATEST(note_pct, note_eq) END;
		detail := pg_catalog.jsonb_build_object(
			'women', tw, 'men', tm, 'raised_women', trw, 'raised_men', trm,
			'raw_gap', rate_gap, 'equivalent_employees', eq, 'equivalent_employees_raw', eq_raw,
			'points_percent', note_pct, 'points_equivalent_employees', note_eq, 'catch_up', comp2);
		IF ok2 THEN tot := tot + points; mx := mx + 35; END IF;
		RETURN NEXT;
	END IF;

	-- (4) maternity returns: IndicateurQuatreComputer
	indicator := '4'; calculable := mat_total > 0; max_points := 15; favoured_sex := NULL;
	result := CASE WHEN mat_total > 0 THEN mat_raised * 100.0 / mat_total END;
	points := CASE WHEN mat_total > 0 THEN CASE WHEN mat_raised = mat_total THEN 15 ELSE 0 END END;
	detail := pg_catalog.jsonb_build_object('returns', mat_total, 'raised', mat_raised);
	IF calculable THEN tot := tot + points; mx := mx + 15; END IF;
	RETURN NEXT;

	-- (5) the ten highest paid of known sex: IndicateurCinqComputer.  With
	-- workers of both sexes sharing the pay at the tenth place and not all of
	-- them in the ten, the ten are not determined.
	EXECUTE pg_catalog.format($q$
		WITH k AS (
			SELECT CASE WHEN r.%1$I::pg_catalog.text OPERATOR(pg_catalog.=) $1 THEN 'F' ELSE 'M' END AS g,
			       r.%2$I::pg_catalog.numeric AS pay
			FROM %3$s r
			WHERE r.%2$I IS NOT NULL
			  AND (r.%1$I::pg_catalog.text OPERATOR(pg_catalog.=) $1 OR r.%1$I::pg_catalog.text OPERATOR(pg_catalog.=) $2)),
		tenth AS (SELECT k.pay FROM k ORDER BY k.pay DESC OFFSET 9 LIMIT 1)
		SELECT (SELECT pg_catalog.count(*) FROM k) OPERATOR(pg_catalog.>=) 10,
		       pg_catalog.count(*) FILTER (WHERE k.pay OPERATOR(pg_catalog.>) t.pay AND k.g OPERATOR(pg_catalog.=) 'F'),
		       pg_catalog.count(*) FILTER (WHERE k.pay OPERATOR(pg_catalog.>) t.pay AND k.g OPERATOR(pg_catalog.=) 'M'),
		       pg_catalog.count(*) FILTER (WHERE k.pay OPERATOR(pg_catalog.=) t.pay AND k.g OPERATOR(pg_catalog.=) 'F'),
		       pg_catalog.count(*) FILTER (WHERE k.pay OPERATOR(pg_catalog.=) t.pay AND k.g OPERATOR(pg_catalog.=) 'M')
		FROM k, tenth t$q$, sex_column, pay_column, rel)
		INTO top_ok, top_w, top_m, tw, tm USING female, male;
	top_ok := COALESCE(top_ok, false);
	top_tie := false;
	IF top_ok THEN
		k := 10 - top_w - top_m;			-- places left for the workers paid as the tenth
		IF k >= tw + tm THEN
			top_w := top_w + tw; top_m := top_m + tm;
		ELSIF tm = 0 THEN
			top_w := top_w + k;
		ELSIF tw = 0 THEN
			top_m := top_m + k;
		ELSE
			top_tie := true; top_ok := false;
		END IF;
	END IF;
	indicator := '5'; calculable := top_ok; max_points := 10;
	result := CASE WHEN top_ok THEN LEAST(top_w, top_m) END;
	favoured_sex := CASE WHEN top_ok AND top_m > top_w THEN male WHEN top_ok AND top_w > top_m THEN female END;
	points := CASE WHEN top_ok THEN fairness.egapro_note(t5, LEAST(top_w, top_m)) END;
	detail := CASE WHEN top_ok THEN pg_catalog.jsonb_build_object('women', top_w, 'men', top_m)
	               ELSE pg_catalog.jsonb_build_object('tie_at_tenth_place', top_tie) END;
	IF top_ok THEN tot := tot + points; mx := mx + 10; END IF;
	RETURN NEXT;

	-- the index: IndexComputer
	indicator := 'index'; calculable := mx >= 75; max_points := 100; favoured_sex := NULL;
	result := CASE WHEN mx >= 75 THEN (tot * 100)::float8 / mx END;
	points := CASE WHEN mx >= 75 THEN fairness.compliance_js_round(result)::integer END;
	detail := pg_catalog.jsonb_build_object(
		'variant', CASE WHEN big THEN 'more than 250' ELSE '50 to 250' END,
		'workforce', COALESCE(workforce::bigint, n_rows), 'rows', n_rows, 'unknown_sex', n_unknown,
		'points', tot, 'max_points', mx);
	RETURN NEXT;
END
$$;

COMMENT ON FUNCTION fairness.egapro_index(regclass, text, text, text, text, text, text, text, text, text, text, integer) IS
'France''s Index de l''egalite professionnelle (Code du travail L.1142-8, D.1142-2, D.1142-2-1), computed from one row per employee as the official Egapro computation does: indicators 1 (pay gap by CSP and age band), 2 (raises) and 3 (promotions) above 250 employees or 2+3 (raises, 50-250), 4 (raises after maternity leave), 5 (under-represented sex among the ten highest paid), points with the catch-up rule, and the index out of 100 (not calculable under 75 maximum points).  The variant follows workforce, or the number of rows when it is NULL.  See fairness.methodology(''egapro'').';
