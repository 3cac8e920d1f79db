-- fairness 0.3, issue #15: intersections at full speed.
--
-- fairness.confusion, fairness.scores and fairness.outcomes with two, three
-- or four protected attributes as separate arguments, e.g.
-- fairness.confusion(sex, race, actual, predicted): one group per
-- combination, like the ARRAY[sex, race] form, without building an array
-- for every row.  The value is the same, byte for byte, as the ARRAY form's
-- (same key encoding: the attributes in order, NULL the unknown value), so
-- merge, marginal, the reports and the audits take either.
--
-- One C transition function per number of attributes and kind (the
-- argument positions are constants in each); the combine, final and
-- inverse-merge functions are the existing ones.

------------------------------------------------------------------------
-- fairness.confusion
------------------------------------------------------------------------
CREATE FUNCTION fairness.confusion_trans(fairness.confusion, text, text, boolean, boolean)
RETURNS fairness.confusion
AS 'MODULE_PATHNAME', 'confusion_trans2'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.confusion_trans(fairness.confusion, text, text, boolean, boolean) IS 'Transition function of fairness.confusion(text, text, boolean, boolean); aggregate use only.';

CREATE FUNCTION fairness.confusion_inv(fairness.confusion, text, text, boolean, boolean)
RETURNS fairness.confusion
AS 'MODULE_PATHNAME', 'confusion_inv2'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.confusion_inv(fairness.confusion, text, text, boolean, boolean) IS 'Inverse transition (moving windows) of fairness.confusion(text, text, boolean, boolean); aggregate use only.';

CREATE AGGREGATE fairness.confusion(a1 text, a2 text, actual boolean, predicted boolean) (
	SFUNC = fairness.confusion_trans,
	STYPE = fairness.confusion,
	FINALFUNC = fairness.confusion_final,
	COMBINEFUNC = fairness.confusion_combine,
	MSFUNC = fairness.confusion_trans,
	MINVFUNC = fairness.confusion_inv,
	MSTYPE = fairness.confusion,
	MFINALFUNC = fairness.confusion_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE fairness.confusion(text, text, boolean, boolean) IS
'Per-group confusion summary over 2 protected attributes given as separate arguments, one group per combination: the same value as the ARRAY[a1, a2] form, without an array per row. A NULL attribute is an unknown value. Returns NULL for no rows.';

CREATE FUNCTION fairness.confusion_trans(fairness.confusion, text, text, boolean, boolean, float8)
RETURNS fairness.confusion
AS 'MODULE_PATHNAME', 'confusion_trans2_w'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.confusion_trans(fairness.confusion, text, text, boolean, boolean, float8) IS 'Transition function of fairness.confusion(text, text, boolean, boolean, float8); aggregate use only.';

CREATE FUNCTION fairness.confusion_inv(fairness.confusion, text, text, boolean, boolean, float8)
RETURNS fairness.confusion
AS 'MODULE_PATHNAME', 'confusion_inv2_w'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.confusion_inv(fairness.confusion, text, text, boolean, boolean, float8) IS 'Inverse transition (moving windows) of fairness.confusion(text, text, boolean, boolean, float8); aggregate use only.';

CREATE AGGREGATE fairness.confusion(a1 text, a2 text, actual boolean, predicted boolean, weight float8) (
	SFUNC = fairness.confusion_trans,
	STYPE = fairness.confusion,
	FINALFUNC = fairness.confusion_final,
	COMBINEFUNC = fairness.confusion_combine,
	MSFUNC = fairness.confusion_trans,
	MINVFUNC = fairness.confusion_inv,
	MSTYPE = fairness.confusion,
	MFINALFUNC = fairness.confusion_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE fairness.confusion(text, text, boolean, boolean, float8) IS
'Weighted per-group confusion summary over 2 protected attributes given as separate arguments, one group per combination: the same value as the ARRAY[a1, a2] form, without an array per row. A NULL attribute is an unknown value. Returns NULL for no rows.';

CREATE FUNCTION fairness.confusion_trans(fairness.confusion, text, text, text, boolean, boolean)
RETURNS fairness.confusion
AS 'MODULE_PATHNAME', 'confusion_trans3'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.confusion_trans(fairness.confusion, text, text, text, boolean, boolean) IS 'Transition function of fairness.confusion(text, text, text, boolean, boolean); aggregate use only.';

CREATE FUNCTION fairness.confusion_inv(fairness.confusion, text, text, text, boolean, boolean)
RETURNS fairness.confusion
AS 'MODULE_PATHNAME', 'confusion_inv3'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.confusion_inv(fairness.confusion, text, text, text, boolean, boolean) IS 'Inverse transition (moving windows) of fairness.confusion(text, text, text, boolean, boolean); aggregate use only.';

CREATE AGGREGATE fairness.confusion(a1 text, a2 text, a3 text, actual boolean, predicted boolean) (
	SFUNC = fairness.confusion_trans,
	STYPE = fairness.confusion,
	FINALFUNC = fairness.confusion_final,
	COMBINEFUNC = fairness.confusion_combine,
	MSFUNC = fairness.confusion_trans,
	MINVFUNC = fairness.confusion_inv,
	MSTYPE = fairness.confusion,
	MFINALFUNC = fairness.confusion_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE fairness.confusion(text, text, text, boolean, boolean) IS
'Per-group confusion summary over 3 protected attributes given as separate arguments, one group per combination: the same value as the ARRAY[a1, a2, a3] form, without an array per row. A NULL attribute is an unknown value. Returns NULL for no rows.';

CREATE FUNCTION fairness.confusion_trans(fairness.confusion, text, text, text, boolean, boolean, float8)
RETURNS fairness.confusion
AS 'MODULE_PATHNAME', 'confusion_trans3_w'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.confusion_trans(fairness.confusion, text, text, text, boolean, boolean, float8) IS 'Transition function of fairness.confusion(text, text, text, boolean, boolean, float8); aggregate use only.';

CREATE FUNCTION fairness.confusion_inv(fairness.confusion, text, text, text, boolean, boolean, float8)
RETURNS fairness.confusion
AS 'MODULE_PATHNAME', 'confusion_inv3_w'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.confusion_inv(fairness.confusion, text, text, text, boolean, boolean, float8) IS 'Inverse transition (moving windows) of fairness.confusion(text, text, text, boolean, boolean, float8); aggregate use only.';

CREATE AGGREGATE fairness.confusion(a1 text, a2 text, a3 text, actual boolean, predicted boolean, weight float8) (
	SFUNC = fairness.confusion_trans,
	STYPE = fairness.confusion,
	FINALFUNC = fairness.confusion_final,
	COMBINEFUNC = fairness.confusion_combine,
	MSFUNC = fairness.confusion_trans,
	MINVFUNC = fairness.confusion_inv,
	MSTYPE = fairness.confusion,
	MFINALFUNC = fairness.confusion_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE fairness.confusion(text, text, text, boolean, boolean, float8) IS
'Weighted per-group confusion summary over 3 protected attributes given as separate arguments, one group per combination: the same value as the ARRAY[a1, a2, a3] form, without an array per row. A NULL attribute is an unknown value. Returns NULL for no rows.';

CREATE FUNCTION fairness.confusion_trans(fairness.confusion, text, text, text, text, boolean, boolean)
RETURNS fairness.confusion
AS 'MODULE_PATHNAME', 'confusion_trans4'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.confusion_trans(fairness.confusion, text, text, text, text, boolean, boolean) IS 'Transition function of fairness.confusion(text, text, text, text, boolean, boolean); aggregate use only.';

CREATE FUNCTION fairness.confusion_inv(fairness.confusion, text, text, text, text, boolean, boolean)
RETURNS fairness.confusion
AS 'MODULE_PATHNAME', 'confusion_inv4'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.confusion_inv(fairness.confusion, text, text, text, text, boolean, boolean) IS 'Inverse transition (moving windows) of fairness.confusion(text, text, text, text, boolean, boolean); aggregate use only.';

CREATE AGGREGATE fairness.confusion(a1 text, a2 text, a3 text, a4 text, actual boolean, predicted boolean) (
	SFUNC = fairness.confusion_trans,
	STYPE = fairness.confusion,
	FINALFUNC = fairness.confusion_final,
	COMBINEFUNC = fairness.confusion_combine,
	MSFUNC = fairness.confusion_trans,
	MINVFUNC = fairness.confusion_inv,
	MSTYPE = fairness.confusion,
	MFINALFUNC = fairness.confusion_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE fairness.confusion(text, text, text, text, boolean, boolean) IS
'Per-group confusion summary over 4 protected attributes given as separate arguments, one group per combination: the same value as the ARRAY[a1, a2, a3, a4] form, without an array per row. A NULL attribute is an unknown value. Returns NULL for no rows.';

CREATE FUNCTION fairness.confusion_trans(fairness.confusion, text, text, text, text, boolean, boolean, float8)
RETURNS fairness.confusion
AS 'MODULE_PATHNAME', 'confusion_trans4_w'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.confusion_trans(fairness.confusion, text, text, text, text, boolean, boolean, float8) IS 'Transition function of fairness.confusion(text, text, text, text, boolean, boolean, float8); aggregate use only.';

CREATE FUNCTION fairness.confusion_inv(fairness.confusion, text, text, text, text, boolean, boolean, float8)
RETURNS fairness.confusion
AS 'MODULE_PATHNAME', 'confusion_inv4_w'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.confusion_inv(fairness.confusion, text, text, text, text, boolean, boolean, float8) IS 'Inverse transition (moving windows) of fairness.confusion(text, text, text, text, boolean, boolean, float8); aggregate use only.';

CREATE AGGREGATE fairness.confusion(a1 text, a2 text, a3 text, a4 text, actual boolean, predicted boolean, weight float8) (
	SFUNC = fairness.confusion_trans,
	STYPE = fairness.confusion,
	FINALFUNC = fairness.confusion_final,
	COMBINEFUNC = fairness.confusion_combine,
	MSFUNC = fairness.confusion_trans,
	MINVFUNC = fairness.confusion_inv,
	MSTYPE = fairness.confusion,
	MFINALFUNC = fairness.confusion_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE fairness.confusion(text, text, text, text, boolean, boolean, float8) IS
'Weighted per-group confusion summary over 4 protected attributes given as separate arguments, one group per combination: the same value as the ARRAY[a1, a2, a3, a4] form, without an array per row. A NULL attribute is an unknown value. Returns NULL for no rows.';

------------------------------------------------------------------------
-- fairness.scores
------------------------------------------------------------------------
CREATE FUNCTION fairness.scores_trans(fairness.scores, text, text, boolean, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_trans2'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.scores_trans(fairness.scores, text, text, boolean, float8) IS 'Transition function of fairness.scores(text, text, boolean, float8); aggregate use only.';

CREATE FUNCTION fairness.scores_inv(fairness.scores, text, text, boolean, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_inv2'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.scores_inv(fairness.scores, text, text, boolean, float8) IS 'Inverse transition (moving windows) of fairness.scores(text, text, boolean, float8); aggregate use only.';

CREATE AGGREGATE fairness.scores(a1 text, a2 text, actual boolean, score float8) (
	SFUNC = fairness.scores_trans,
	STYPE = fairness.scores,
	FINALFUNC = fairness.scores_final,
	COMBINEFUNC = fairness.scores_combine,
	MSFUNC = fairness.scores_trans,
	MINVFUNC = fairness.scores_inv,
	MSTYPE = fairness.scores,
	MFINALFUNC = fairness.scores_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE fairness.scores(text, text, boolean, float8) IS
'Per-group score summary over 2 protected attributes given as separate arguments, one group per combination: the same value as the ARRAY[a1, a2] form, without an array per row. A NULL attribute is an unknown value. Returns NULL for no rows.';

CREATE FUNCTION fairness.scores_trans(fairness.scores, text, text, boolean, float8, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_trans2'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.scores_trans(fairness.scores, text, text, boolean, float8, float8) IS 'Transition function of fairness.scores(text, text, boolean, float8, float8); aggregate use only.';

CREATE FUNCTION fairness.scores_inv(fairness.scores, text, text, boolean, float8, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_inv2'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.scores_inv(fairness.scores, text, text, boolean, float8, float8) IS 'Inverse transition (moving windows) of fairness.scores(text, text, boolean, float8, float8); aggregate use only.';

CREATE AGGREGATE fairness.scores(a1 text, a2 text, actual boolean, score float8, weight float8) (
	SFUNC = fairness.scores_trans,
	STYPE = fairness.scores,
	FINALFUNC = fairness.scores_final,
	COMBINEFUNC = fairness.scores_combine,
	MSFUNC = fairness.scores_trans,
	MINVFUNC = fairness.scores_inv,
	MSTYPE = fairness.scores,
	MFINALFUNC = fairness.scores_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE fairness.scores(text, text, boolean, float8, float8) IS
'Weighted per-group score summary over 2 protected attributes given as separate arguments, one group per combination: the same value as the ARRAY[a1, a2] form, without an array per row. A NULL attribute is an unknown value. Returns NULL for no rows.';

CREATE FUNCTION fairness.scores_trans(fairness.scores, text, text, boolean, float8, integer, float8, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_trans2'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.scores_trans(fairness.scores, text, text, boolean, float8, integer, float8, float8) IS 'Transition function of fairness.scores(text, text, boolean, float8, integer, float8, float8); aggregate use only.';

CREATE FUNCTION fairness.scores_inv(fairness.scores, text, text, boolean, float8, integer, float8, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_inv2'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.scores_inv(fairness.scores, text, text, boolean, float8, integer, float8, float8) IS 'Inverse transition (moving windows) of fairness.scores(text, text, boolean, float8, integer, float8, float8); aggregate use only.';

CREATE AGGREGATE fairness.scores(a1 text, a2 text, actual boolean, score float8, bins integer, lower float8, upper float8) (
	SFUNC = fairness.scores_trans,
	STYPE = fairness.scores,
	FINALFUNC = fairness.scores_final,
	COMBINEFUNC = fairness.scores_combine,
	MSFUNC = fairness.scores_trans,
	MINVFUNC = fairness.scores_inv,
	MSTYPE = fairness.scores,
	MFINALFUNC = fairness.scores_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE fairness.scores(text, text, boolean, float8, integer, float8, float8) IS
'Binned per-group score summary over 2 protected attributes given as separate arguments, one group per combination: the same value as the ARRAY[a1, a2] form, without an array per row. A NULL attribute is an unknown value. Returns NULL for no rows.';

CREATE FUNCTION fairness.scores_trans(fairness.scores, text, text, boolean, float8, float8, integer, float8, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_trans2'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.scores_trans(fairness.scores, text, text, boolean, float8, float8, integer, float8, float8) IS 'Transition function of fairness.scores(text, text, boolean, float8, float8, integer, float8, float8); aggregate use only.';

CREATE FUNCTION fairness.scores_inv(fairness.scores, text, text, boolean, float8, float8, integer, float8, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_inv2'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.scores_inv(fairness.scores, text, text, boolean, float8, float8, integer, float8, float8) IS 'Inverse transition (moving windows) of fairness.scores(text, text, boolean, float8, float8, integer, float8, float8); aggregate use only.';

CREATE AGGREGATE fairness.scores(a1 text, a2 text, actual boolean, score float8, weight float8, bins integer, lower float8, upper float8) (
	SFUNC = fairness.scores_trans,
	STYPE = fairness.scores,
	FINALFUNC = fairness.scores_final,
	COMBINEFUNC = fairness.scores_combine,
	MSFUNC = fairness.scores_trans,
	MINVFUNC = fairness.scores_inv,
	MSTYPE = fairness.scores,
	MFINALFUNC = fairness.scores_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE fairness.scores(text, text, boolean, float8, float8, integer, float8, float8) IS
'Weighted binned per-group score summary over 2 protected attributes given as separate arguments, one group per combination: the same value as the ARRAY[a1, a2] form, without an array per row. A NULL attribute is an unknown value. Returns NULL for no rows.';

CREATE FUNCTION fairness.scores_trans(fairness.scores, text, text, text, boolean, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_trans3'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.scores_trans(fairness.scores, text, text, text, boolean, float8) IS 'Transition function of fairness.scores(text, text, text, boolean, float8); aggregate use only.';

CREATE FUNCTION fairness.scores_inv(fairness.scores, text, text, text, boolean, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_inv3'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.scores_inv(fairness.scores, text, text, text, boolean, float8) IS 'Inverse transition (moving windows) of fairness.scores(text, text, text, boolean, float8); aggregate use only.';

CREATE AGGREGATE fairness.scores(a1 text, a2 text, a3 text, actual boolean, score float8) (
	SFUNC = fairness.scores_trans,
	STYPE = fairness.scores,
	FINALFUNC = fairness.scores_final,
	COMBINEFUNC = fairness.scores_combine,
	MSFUNC = fairness.scores_trans,
	MINVFUNC = fairness.scores_inv,
	MSTYPE = fairness.scores,
	MFINALFUNC = fairness.scores_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE fairness.scores(text, text, text, boolean, float8) IS
'Per-group score summary over 3 protected attributes given as separate arguments, one group per combination: the same value as the ARRAY[a1, a2, a3] form, without an array per row. A NULL attribute is an unknown value. Returns NULL for no rows.';

CREATE FUNCTION fairness.scores_trans(fairness.scores, text, text, text, boolean, float8, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_trans3'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.scores_trans(fairness.scores, text, text, text, boolean, float8, float8) IS 'Transition function of fairness.scores(text, text, text, boolean, float8, float8); aggregate use only.';

CREATE FUNCTION fairness.scores_inv(fairness.scores, text, text, text, boolean, float8, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_inv3'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.scores_inv(fairness.scores, text, text, text, boolean, float8, float8) IS 'Inverse transition (moving windows) of fairness.scores(text, text, text, boolean, float8, float8); aggregate use only.';

CREATE AGGREGATE fairness.scores(a1 text, a2 text, a3 text, actual boolean, score float8, weight float8) (
	SFUNC = fairness.scores_trans,
	STYPE = fairness.scores,
	FINALFUNC = fairness.scores_final,
	COMBINEFUNC = fairness.scores_combine,
	MSFUNC = fairness.scores_trans,
	MINVFUNC = fairness.scores_inv,
	MSTYPE = fairness.scores,
	MFINALFUNC = fairness.scores_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE fairness.scores(text, text, text, boolean, float8, float8) IS
'Weighted per-group score summary over 3 protected attributes given as separate arguments, one group per combination: the same value as the ARRAY[a1, a2, a3] form, without an array per row. A NULL attribute is an unknown value. Returns NULL for no rows.';

CREATE FUNCTION fairness.scores_trans(fairness.scores, text, text, text, boolean, float8, integer, float8, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_trans3'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.scores_trans(fairness.scores, text, text, text, boolean, float8, integer, float8, float8) IS 'Transition function of fairness.scores(text, text, text, boolean, float8, integer, float8, float8); aggregate use only.';

CREATE FUNCTION fairness.scores_inv(fairness.scores, text, text, text, boolean, float8, integer, float8, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_inv3'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.scores_inv(fairness.scores, text, text, text, boolean, float8, integer, float8, float8) IS 'Inverse transition (moving windows) of fairness.scores(text, text, text, boolean, float8, integer, float8, float8); aggregate use only.';

CREATE AGGREGATE fairness.scores(a1 text, a2 text, a3 text, actual boolean, score float8, bins integer, lower float8, upper float8) (
	SFUNC = fairness.scores_trans,
	STYPE = fairness.scores,
	FINALFUNC = fairness.scores_final,
	COMBINEFUNC = fairness.scores_combine,
	MSFUNC = fairness.scores_trans,
	MINVFUNC = fairness.scores_inv,
	MSTYPE = fairness.scores,
	MFINALFUNC = fairness.scores_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE fairness.scores(text, text, text, boolean, float8, integer, float8, float8) IS
'Binned per-group score summary over 3 protected attributes given as separate arguments, one group per combination: the same value as the ARRAY[a1, a2, a3] form, without an array per row. A NULL attribute is an unknown value. Returns NULL for no rows.';

CREATE FUNCTION fairness.scores_trans(fairness.scores, text, text, text, boolean, float8, float8, integer, float8, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_trans3'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.scores_trans(fairness.scores, text, text, text, boolean, float8, float8, integer, float8, float8) IS 'Transition function of fairness.scores(text, text, text, boolean, float8, float8, integer, float8, float8); aggregate use only.';

CREATE FUNCTION fairness.scores_inv(fairness.scores, text, text, text, boolean, float8, float8, integer, float8, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_inv3'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.scores_inv(fairness.scores, text, text, text, boolean, float8, float8, integer, float8, float8) IS 'Inverse transition (moving windows) of fairness.scores(text, text, text, boolean, float8, float8, integer, float8, float8); aggregate use only.';

CREATE AGGREGATE fairness.scores(a1 text, a2 text, a3 text, actual boolean, score float8, weight float8, bins integer, lower float8, upper float8) (
	SFUNC = fairness.scores_trans,
	STYPE = fairness.scores,
	FINALFUNC = fairness.scores_final,
	COMBINEFUNC = fairness.scores_combine,
	MSFUNC = fairness.scores_trans,
	MINVFUNC = fairness.scores_inv,
	MSTYPE = fairness.scores,
	MFINALFUNC = fairness.scores_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE fairness.scores(text, text, text, boolean, float8, float8, integer, float8, float8) IS
'Weighted binned per-group score summary over 3 protected attributes given as separate arguments, one group per combination: the same value as the ARRAY[a1, a2, a3] form, without an array per row. A NULL attribute is an unknown value. Returns NULL for no rows.';

CREATE FUNCTION fairness.scores_trans(fairness.scores, text, text, text, text, boolean, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_trans4'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.scores_trans(fairness.scores, text, text, text, text, boolean, float8) IS 'Transition function of fairness.scores(text, text, text, text, boolean, float8); aggregate use only.';

CREATE FUNCTION fairness.scores_inv(fairness.scores, text, text, text, text, boolean, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_inv4'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.scores_inv(fairness.scores, text, text, text, text, boolean, float8) IS 'Inverse transition (moving windows) of fairness.scores(text, text, text, text, boolean, float8); aggregate use only.';

CREATE AGGREGATE fairness.scores(a1 text, a2 text, a3 text, a4 text, actual boolean, score float8) (
	SFUNC = fairness.scores_trans,
	STYPE = fairness.scores,
	FINALFUNC = fairness.scores_final,
	COMBINEFUNC = fairness.scores_combine,
	MSFUNC = fairness.scores_trans,
	MINVFUNC = fairness.scores_inv,
	MSTYPE = fairness.scores,
	MFINALFUNC = fairness.scores_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE fairness.scores(text, text, text, text, boolean, float8) IS
'Per-group score summary over 4 protected attributes given as separate arguments, one group per combination: the same value as the ARRAY[a1, a2, a3, a4] form, without an array per row. A NULL attribute is an unknown value. Returns NULL for no rows.';

CREATE FUNCTION fairness.scores_trans(fairness.scores, text, text, text, text, boolean, float8, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_trans4'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.scores_trans(fairness.scores, text, text, text, text, boolean, float8, float8) IS 'Transition function of fairness.scores(text, text, text, text, boolean, float8, float8); aggregate use only.';

CREATE FUNCTION fairness.scores_inv(fairness.scores, text, text, text, text, boolean, float8, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_inv4'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.scores_inv(fairness.scores, text, text, text, text, boolean, float8, float8) IS 'Inverse transition (moving windows) of fairness.scores(text, text, text, text, boolean, float8, float8); aggregate use only.';

CREATE AGGREGATE fairness.scores(a1 text, a2 text, a3 text, a4 text, actual boolean, score float8, weight float8) (
	SFUNC = fairness.scores_trans,
	STYPE = fairness.scores,
	FINALFUNC = fairness.scores_final,
	COMBINEFUNC = fairness.scores_combine,
	MSFUNC = fairness.scores_trans,
	MINVFUNC = fairness.scores_inv,
	MSTYPE = fairness.scores,
	MFINALFUNC = fairness.scores_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE fairness.scores(text, text, text, text, boolean, float8, float8) IS
'Weighted per-group score summary over 4 protected attributes given as separate arguments, one group per combination: the same value as the ARRAY[a1, a2, a3, a4] form, without an array per row. A NULL attribute is an unknown value. Returns NULL for no rows.';

CREATE FUNCTION fairness.scores_trans(fairness.scores, text, text, text, text, boolean, float8, integer, float8, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_trans4'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.scores_trans(fairness.scores, text, text, text, text, boolean, float8, integer, float8, float8) IS 'Transition function of fairness.scores(text, text, text, text, boolean, float8, integer, float8, float8); aggregate use only.';

CREATE FUNCTION fairness.scores_inv(fairness.scores, text, text, text, text, boolean, float8, integer, float8, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_inv4'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.scores_inv(fairness.scores, text, text, text, text, boolean, float8, integer, float8, float8) IS 'Inverse transition (moving windows) of fairness.scores(text, text, text, text, boolean, float8, integer, float8, float8); aggregate use only.';

CREATE AGGREGATE fairness.scores(a1 text, a2 text, a3 text, a4 text, actual boolean, score float8, bins integer, lower float8, upper float8) (
	SFUNC = fairness.scores_trans,
	STYPE = fairness.scores,
	FINALFUNC = fairness.scores_final,
	COMBINEFUNC = fairness.scores_combine,
	MSFUNC = fairness.scores_trans,
	MINVFUNC = fairness.scores_inv,
	MSTYPE = fairness.scores,
	MFINALFUNC = fairness.scores_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE fairness.scores(text, text, text, text, boolean, float8, integer, float8, float8) IS
'Binned per-group score summary over 4 protected attributes given as separate arguments, one group per combination: the same value as the ARRAY[a1, a2, a3, a4] form, without an array per row. A NULL attribute is an unknown value. Returns NULL for no rows.';

CREATE FUNCTION fairness.scores_trans(fairness.scores, text, text, text, text, boolean, float8, float8, integer, float8, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_trans4'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.scores_trans(fairness.scores, text, text, text, text, boolean, float8, float8, integer, float8, float8) IS 'Transition function of fairness.scores(text, text, text, text, boolean, float8, float8, integer, float8, float8); aggregate use only.';

CREATE FUNCTION fairness.scores_inv(fairness.scores, text, text, text, text, boolean, float8, float8, integer, float8, float8)
RETURNS fairness.scores
AS 'MODULE_PATHNAME', 'scores_inv4'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.scores_inv(fairness.scores, text, text, text, text, boolean, float8, float8, integer, float8, float8) IS 'Inverse transition (moving windows) of fairness.scores(text, text, text, text, boolean, float8, float8, integer, float8, float8); aggregate use only.';

CREATE AGGREGATE fairness.scores(a1 text, a2 text, a3 text, a4 text, actual boolean, score float8, weight float8, bins integer, lower float8, upper float8) (
	SFUNC = fairness.scores_trans,
	STYPE = fairness.scores,
	FINALFUNC = fairness.scores_final,
	COMBINEFUNC = fairness.scores_combine,
	MSFUNC = fairness.scores_trans,
	MINVFUNC = fairness.scores_inv,
	MSTYPE = fairness.scores,
	MFINALFUNC = fairness.scores_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE fairness.scores(text, text, text, text, boolean, float8, float8, integer, float8, float8) IS
'Weighted binned per-group score summary over 4 protected attributes given as separate arguments, one group per combination: the same value as the ARRAY[a1, a2, a3, a4] form, without an array per row. A NULL attribute is an unknown value. Returns NULL for no rows.';

------------------------------------------------------------------------
-- fairness.outcomes
------------------------------------------------------------------------
CREATE FUNCTION fairness.outcomes_trans(fairness.outcomes, text, text, float8)
RETURNS fairness.outcomes
AS 'MODULE_PATHNAME', 'outcomes_trans2'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.outcomes_trans(fairness.outcomes, text, text, float8) IS 'Transition function of fairness.outcomes(text, text, float8); aggregate use only.';

CREATE FUNCTION fairness.outcomes_inv(fairness.outcomes, text, text, float8)
RETURNS fairness.outcomes
AS 'MODULE_PATHNAME', 'outcomes_inv2'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.outcomes_inv(fairness.outcomes, text, text, float8) IS 'Inverse transition (moving windows) of fairness.outcomes(text, text, float8); aggregate use only.';

CREATE AGGREGATE fairness.outcomes(a1 text, a2 text, value float8) (
	SFUNC = fairness.outcomes_trans,
	STYPE = fairness.outcomes,
	FINALFUNC = fairness.outcomes_final,
	COMBINEFUNC = fairness.outcomes_combine,
	MSFUNC = fairness.outcomes_trans,
	MINVFUNC = fairness.outcomes_inv,
	MSTYPE = fairness.outcomes,
	MFINALFUNC = fairness.outcomes_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE fairness.outcomes(text, text, float8) IS
'Per-group outcome summary over 2 protected attributes given as separate arguments, one group per combination: the same value as the ARRAY[a1, a2] form, without an array per row. A NULL attribute is an unknown value. Returns NULL for no rows.';

CREATE FUNCTION fairness.outcomes_trans(fairness.outcomes, text, text, float8, float8)
RETURNS fairness.outcomes
AS 'MODULE_PATHNAME', 'outcomes_trans2'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.outcomes_trans(fairness.outcomes, text, text, float8, float8) IS 'Transition function of fairness.outcomes(text, text, float8, float8); aggregate use only.';

CREATE FUNCTION fairness.outcomes_inv(fairness.outcomes, text, text, float8, float8)
RETURNS fairness.outcomes
AS 'MODULE_PATHNAME', 'outcomes_inv2'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.outcomes_inv(fairness.outcomes, text, text, float8, float8) IS 'Inverse transition (moving windows) of fairness.outcomes(text, text, float8, float8); aggregate use only.';

CREATE AGGREGATE fairness.outcomes(a1 text, a2 text, value float8, weight float8) (
	SFUNC = fairness.outcomes_trans,
	STYPE = fairness.outcomes,
	FINALFUNC = fairness.outcomes_final,
	COMBINEFUNC = fairness.outcomes_combine,
	MSFUNC = fairness.outcomes_trans,
	MINVFUNC = fairness.outcomes_inv,
	MSTYPE = fairness.outcomes,
	MFINALFUNC = fairness.outcomes_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE fairness.outcomes(text, text, float8, float8) IS
'Weighted per-group outcome summary over 2 protected attributes given as separate arguments, one group per combination: the same value as the ARRAY[a1, a2] form, without an array per row. A NULL attribute is an unknown value. Returns NULL for no rows.';

CREATE FUNCTION fairness.outcomes_trans(fairness.outcomes, text, text, text, float8)
RETURNS fairness.outcomes
AS 'MODULE_PATHNAME', 'outcomes_trans3'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.outcomes_trans(fairness.outcomes, text, text, text, float8) IS 'Transition function of fairness.outcomes(text, text, text, float8); aggregate use only.';

CREATE FUNCTION fairness.outcomes_inv(fairness.outcomes, text, text, text, float8)
RETURNS fairness.outcomes
AS 'MODULE_PATHNAME', 'outcomes_inv3'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.outcomes_inv(fairness.outcomes, text, text, text, float8) IS 'Inverse transition (moving windows) of fairness.outcomes(text, text, text, float8); aggregate use only.';

CREATE AGGREGATE fairness.outcomes(a1 text, a2 text, a3 text, value float8) (
	SFUNC = fairness.outcomes_trans,
	STYPE = fairness.outcomes,
	FINALFUNC = fairness.outcomes_final,
	COMBINEFUNC = fairness.outcomes_combine,
	MSFUNC = fairness.outcomes_trans,
	MINVFUNC = fairness.outcomes_inv,
	MSTYPE = fairness.outcomes,
	MFINALFUNC = fairness.outcomes_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE fairness.outcomes(text, text, text, float8) IS
'Per-group outcome summary over 3 protected attributes given as separate arguments, one group per combination: the same value as the ARRAY[a1, a2, a3] form, without an array per row. A NULL attribute is an unknown value. Returns NULL for no rows.';

CREATE FUNCTION fairness.outcomes_trans(fairness.outcomes, text, text, text, float8, float8)
RETURNS fairness.outcomes
AS 'MODULE_PATHNAME', 'outcomes_trans3'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.outcomes_trans(fairness.outcomes, text, text, text, float8, float8) IS 'Transition function of fairness.outcomes(text, text, text, float8, float8); aggregate use only.';

CREATE FUNCTION fairness.outcomes_inv(fairness.outcomes, text, text, text, float8, float8)
RETURNS fairness.outcomes
AS 'MODULE_PATHNAME', 'outcomes_inv3'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.outcomes_inv(fairness.outcomes, text, text, text, float8, float8) IS 'Inverse transition (moving windows) of fairness.outcomes(text, text, text, float8, float8); aggregate use only.';

CREATE AGGREGATE fairness.outcomes(a1 text, a2 text, a3 text, value float8, weight float8) (
	SFUNC = fairness.outcomes_trans,
	STYPE = fairness.outcomes,
	FINALFUNC = fairness.outcomes_final,
	COMBINEFUNC = fairness.outcomes_combine,
	MSFUNC = fairness.outcomes_trans,
	MINVFUNC = fairness.outcomes_inv,
	MSTYPE = fairness.outcomes,
	MFINALFUNC = fairness.outcomes_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE fairness.outcomes(text, text, text, float8, float8) IS
'Weighted per-group outcome summary over 3 protected attributes given as separate arguments, one group per combination: the same value as the ARRAY[a1, a2, a3] form, without an array per row. A NULL attribute is an unknown value. Returns NULL for no rows.';

CREATE FUNCTION fairness.outcomes_trans(fairness.outcomes, text, text, text, text, float8)
RETURNS fairness.outcomes
AS 'MODULE_PATHNAME', 'outcomes_trans4'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.outcomes_trans(fairness.outcomes, text, text, text, text, float8) IS 'Transition function of fairness.outcomes(text, text, text, text, float8); aggregate use only.';

CREATE FUNCTION fairness.outcomes_inv(fairness.outcomes, text, text, text, text, float8)
RETURNS fairness.outcomes
AS 'MODULE_PATHNAME', 'outcomes_inv4'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.outcomes_inv(fairness.outcomes, text, text, text, text, float8) IS 'Inverse transition (moving windows) of fairness.outcomes(text, text, text, text, float8); aggregate use only.';

CREATE AGGREGATE fairness.outcomes(a1 text, a2 text, a3 text, a4 text, value float8) (
	SFUNC = fairness.outcomes_trans,
	STYPE = fairness.outcomes,
	FINALFUNC = fairness.outcomes_final,
	COMBINEFUNC = fairness.outcomes_combine,
	MSFUNC = fairness.outcomes_trans,
	MINVFUNC = fairness.outcomes_inv,
	MSTYPE = fairness.outcomes,
	MFINALFUNC = fairness.outcomes_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE fairness.outcomes(text, text, text, text, float8) IS
'Per-group outcome summary over 4 protected attributes given as separate arguments, one group per combination: the same value as the ARRAY[a1, a2, a3, a4] form, without an array per row. A NULL attribute is an unknown value. Returns NULL for no rows.';

CREATE FUNCTION fairness.outcomes_trans(fairness.outcomes, text, text, text, text, float8, float8)
RETURNS fairness.outcomes
AS 'MODULE_PATHNAME', 'outcomes_trans4'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.outcomes_trans(fairness.outcomes, text, text, text, text, float8, float8) IS 'Transition function of fairness.outcomes(text, text, text, text, float8, float8); aggregate use only.';

CREATE FUNCTION fairness.outcomes_inv(fairness.outcomes, text, text, text, text, float8, float8)
RETURNS fairness.outcomes
AS 'MODULE_PATHNAME', 'outcomes_inv4'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION fairness.outcomes_inv(fairness.outcomes, text, text, text, text, float8, float8) IS 'Inverse transition (moving windows) of fairness.outcomes(text, text, text, text, float8, float8); aggregate use only.';

CREATE AGGREGATE fairness.outcomes(a1 text, a2 text, a3 text, a4 text, value float8, weight float8) (
	SFUNC = fairness.outcomes_trans,
	STYPE = fairness.outcomes,
	FINALFUNC = fairness.outcomes_final,
	COMBINEFUNC = fairness.outcomes_combine,
	MSFUNC = fairness.outcomes_trans,
	MINVFUNC = fairness.outcomes_inv,
	MSTYPE = fairness.outcomes,
	MFINALFUNC = fairness.outcomes_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE fairness.outcomes(text, text, text, text, float8, float8) IS
'Weighted per-group outcome summary over 4 protected attributes given as separate arguments, one group per combination: the same value as the ARRAY[a1, a2, a3, a4] form, without an array per row. A NULL attribute is an unknown value. Returns NULL for no rows.';
