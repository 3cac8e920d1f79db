-- fairness.methodology(regime): the conventions of each compliance report in
-- plain words, for the annex that a regulator, an auditor or a works council
-- asks for.

CREATE FUNCTION fairness.methodology(regime text)
RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	IF regime IS NULL THEN
		RAISE EXCEPTION 'regime must not be NULL' USING ERRCODE = 'null_value_not_allowed',
			HINT = 'Give one of ll144, eu_pay_transparency, egapro.';
	END IF;
	CASE regime
	WHEN 'll144' THEN RETURN
'Bias audit under New York City Local Law 144 of 2021 (NYC Administrative Code 20-870 to 20-874) and the rules of the Department of Consumer and Worker Protection (6 RCNY 5-300 to 5-304), computed by fairness.ll144_report.

Data. Every row of the relation is one assessment by the automated employment decision tool (a candidate or an employee considered for promotion). A row whose decision (selection audit) or score (scoring audit) is NULL was not assessed and is left out of every table. The relation is read with the privileges of the role that runs the report; row-level security applies.

Categories. Three tables are computed separately (6 RCNY 5-301(b)(3) and (c)(4)): sex, race/ethnicity, and their intersection. Every distinct non-NULL value of the sex column and of the race/ethnicity column is a category, as stored (map the EEO-1 component 1 categories to them beforehand). A NULL value is the unknown category: each table has one row with category NULL giving the number of assessed individuals whose attribute for that table is unknown (for the intersection: whose sex or race/ethnicity is unknown), as 6 RCNY 5-301(b)(5) and (c)(5) and 5-303(a)(1) require; these individuals are not in that table''s rates or impact ratios.

Selection rate (6 RCNY 5-300): the number of individuals of the category selected to move forward (the decision column is true) divided by the number of individuals of the category assessed.

Scoring rate (6 RCNY 5-300, 5-301(c)): the share of the individuals of the category whose score is strictly above the median score of the full sample. The full sample is every assessed row, the unknown categories included. The median of an odd number of scores is the middle one, of an even number the mean of the two middle ones (fairness.ll144_median_score reports it); the comparison with the median is exact in the score column''s own type. NaN scores are refused.

Impact ratio (6 RCNY 5-300): the rate of a category divided by the highest rate among the known categories of the same table. It is NULL when the highest rate is 0.

Small categories (6 RCNY 5-301(d)): below_2_percent marks a category whose applicants are fewer than 2 % of the known applicants of its table (applicants * 50 < known applicants, exact in integers). Such a category stays listed with its number of applicants and its rate. With exclude_below_2_percent => true it is also left out of the impact-ratio calculation: the highest rate is taken over the other categories and its own impact ratio is NULL; the auditor must then give the justification in the summary of results.

Numbers: counts are exact integers (bigint); rates and ratios are double precision quotients of those counts, not rounded. The published summary of results (6 RCNY 5-303) also needs the source and explanation of the data and the distribution date of the tool, which the relation does not hold.';
	WHEN 'eu_pay_transparency' THEN RETURN
'Pay gap indicators of Article 9(1)(a) to (g) of Directive (EU) 2023/970 (pay transparency) and the trigger of the joint pay assessment of Article 10, computed by fairness.pay_transparency_report. Definitions follow Article 3 (pay, pay level, gender pay gap, median pay gap, pay quartile band, category of workers).

Data. Every row is one worker. Sex is read from the sex column: rows equal to the female value are women, to the male value men; any other value, NULL included, is counted in the indicator unknown (its value is their number) and left out of every other indicator. Base pay is the ordinary basic wage or salary; variable pay the complementary or variable components (NULL counts as none). A row with NULL base pay is left out of every indicator; negative pay or hours, and NaN or infinite values, are refused. The relation is read with the privileges of the role that runs the report; row-level security applies.

Bases. On the annual basis each worker''s pay is the amounts as stored (total pay = base + variable). On the hourly basis (when hours_column is given) each amount is divided by the worker''s hours; rows with NULL hours are left out of the hourly basis and hours of 0 are refused. Every indicator is given for each basis.

Gap (Article 3(1)(c) and (d)): (level of men - level of women) / level of men * 100, in %, positive when men are paid more; NULL where a side has no worker or the men''s level is 0. Mean (a, b) and median (c, d): the median of an even count is the mean of the two middle values. All sums, means and medians are computed exactly in numeric from the rows, then given as double precision. (a) and (c) use total pay over all workers; (b) and (d) use variable pay over the workers who receive some (variable pay > 0).

(e) For each sex, the share of its workers receiving variable pay (variable pay > 0), in %; n_women and n_men give the numbers receiving it.

(f) Quartile pay bands (Article 9(1)(f)): the workers of known sex are ranked by total pay (hourly pay on the hourly basis) and cut into four bands of exactly one quarter of them each. Where workers with the same pay straddle a boundary, they are split between the bands in proportion, keeping their women/men proportion (as regulation 13 of the UK Equality Act 2010 (Gender Pay Gap Information) Regulations 2017, SI 2017/172, does), so band counts n_women and n_men may be fractional; value is the share of women (sex = female) and of men (sex = male) in the band, in %, the two adding up to 100. f_threshold gives, for bands 1 to 3, the highest pay in the band.

(g) For each category of workers (category_column; NULL is its own category), the mean gap of total pay (g), of base pay (g_base) and of variable pay (g_variable), each over all workers of the category (variable pay 0 included). flagged on the g rows is the Article 10 trigger: |gap| >= 5 %, exact, before any rounding (with positive_gaps_only => true: gap >= 5 %, men paid more). Article 10 also requires that the difference is not justified by objective, gender-neutral criteria and has not been remedied within six months: the flag says only that the figure reaches the threshold.';
	WHEN 'egapro' THEN RETURN
'France''s Index de l''egalite professionnelle entre les femmes et les hommes (Code du travail L.1142-8, D.1142-2 and D.1142-2-1 and their annexes), computed by fairness.egapro_index following the official computation that the Ministry of Labour publishes as open source (SocialGouv/egapro, packages/app/src/common/core-domain/computers), including its rounding.

Data. Every row is one employee of the reference period. Sex: rows equal to the female value are women, to the male value men; other values and NULL are left out of indicators 1, 2, 3, 2+3 and 5 but counted in the workforce. Age (years) gives the band: under 30, 30-39, 40-49, 50 and over. The CSP column holds one of ouvriers, employes, techniciens_agents_maitrise, ingenieurs_cadres (other values are refused; NULL is in no group but counted in the workforce). pay is the annual gross pay in full-time equivalent. raised, promoted, maternity_return and raised_after_maternity are booleans; NULL counts as false. The variant (5 indicators for more than 250 employees, 4 for 50 to 250) follows workforce or, when it is NULL, the number of rows.

(1) Pay gap: groups of CSP x age band, valid with at least 3 women and 3 men; not calculable if the valid groups hold less than 40 % of the workforce of known sex. Per group: gap = (mean pay of men - of women) / of men * 100 (0 when the men''s mean is 0), reduced towards 0 by the 5 % relevance threshold, weighted by the group''s share of the valid groups'' headcount; the sum in absolute value, rounded half up to one decimal, is the result; favoured sex by its sign (equality under 0.05); points from the official table (40 at 0, down to 0 above 20 %: index = ceiling of the result).

(2) Raises and (3) promotions (more than 250): per CSP valid with at least 10 women and 10 men; not calculable under 40 % coverage; rate = raised / headcount * 100 per sex; gap in percentage points weighted by the CSP''s share of the valid headcount, rounded half up to one decimal; points 20/10/5/0 (raises) and 15/10/5/0 (promotions) for at most 2, 5, 10 points and above.

(2+3) Raises (50 to 250): calculable with at least 5 women and 5 men; gap of raise rates in percentage points and in equivalent employees (gap x the smaller headcount), both rounded half up to one decimal; the better of the two scores out of 35 (35/25/15/0 at 2, 5, 10).

Catch-up rule (mesures correctives): the maximum points of 2, 3 or 2+3 are given when indicator 1 scored less than 40 and the gap of 2, 3 or 2+3 does not favour the same sex as indicator 1 (as the official code evaluates it, on indicator 1 as computed from its valid groups).

(4) Maternity returns: calculable when at least one employee returned from maternity (or adoption) leave; 15 points when every one of them was raised, else 0; result in %.

(5) Ten highest paid: the number of employees of the under-represented sex among the ten highest paid of known sex; 0 or 1: 0 points, 2 or 3: 5, 4 or 5: 10. Not calculable with fewer than ten employees of known sex, or when workers with the same pay straddle the tenth place (the ten are then not determined).

Index: points / maximum points of the calculable indicators * 100, rounded half up; not calculable when those maxima add up to less than 75.';
	ELSE
		RAISE EXCEPTION 'unknown regime "%"', regime USING ERRCODE = 'invalid_parameter_value',
			HINT = 'Give one of ll144, eu_pay_transparency, egapro.';
	END CASE;
END
$$;

COMMENT ON FUNCTION fairness.methodology(text) IS
'The conventions of a compliance report in plain words, for the annex a regulator or works council asks for: ''ll144'' (NYC Local Law 144 bias audit), ''eu_pay_transparency'' (Directive (EU) 2023/970 Art. 9 and 10), ''egapro'' (France''s Index de l''egalite professionnelle).';
