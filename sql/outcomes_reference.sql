--
-- outcomes_reference: fairness.outcomes on a synthetic payroll (1800 rows,
-- fixed seed: test/data/make_fixtures.py), compared with values computed
-- independently by test/data/outcomes_reference.py: group statistics with
-- pandas and statsmodels' DescrStatsW (weighted), Welch's t-test with
-- scipy.stats.ttest_ind(equal_var=False) and statsmodels' CompareMeans
-- (degrees of freedom, confidence interval; weighted), Cohen's d, medians and
-- quartile pay bands with pandas.  Counts must match exactly, everything
-- else to 1e-12, except p-values (1e-10) and statsmodels' intervals (1e-8:
-- scipy's t quantiles are off by up to 4e-10 for some degrees of freedom; the
-- same intervals with mpmath's quantiles, ci_*_exact, agree to 1e-12).
--
-- To regenerate the reference values:
--   /usr/bin/python3 test/data/outcomes_reference.py
-- and paste its output between the BEGIN/END lines below.
--
-- own schema: names never clash with the other tests of the suite
CREATE SCHEMA outcomes_reference_test;
SET search_path = outcomes_reference_test;
CREATE TABLE ofx (id int, gender text, dept text, pay float8, bonus float8, weight float8);
\copy ofx FROM 'test/data/outcomes_fixture.csv' WITH (FORMAT csv, HEADER)
SELECT count(*) AS rows, count(gender) AS with_gender, round(avg(pay)::numeric, 4) AS mean_pay,
       count(*) FILTER (WHERE bonus > 0) AS with_bonus
FROM ofx;

CREATE TABLE summ AS
SELECT fairness.outcomes(gender, pay) AS pay, fairness.outcomes(gender, pay, weight) AS pay_w,
       fairness.outcomes(gender, bonus) AS bonus, fairness.outcomes(gender, bonus, weight) AS bonus_w,
       fairness.outcomes(ARRAY[gender, dept], pay) AS pay_multi
FROM ofx;
SELECT fairness.total(pay), fairness.group_count(pay), fairness.is_weighted(pay),
       fairness.is_weighted(pay_w), fairness.group_count(pay_multi), fairness.attributes(pay_multi)
FROM summ;
-- the EU Pay Transparency Directive's headline indicators, one query each
SELECT round(fairness.pay_gap(pay, 'F', 'M')::numeric, 6) AS mean_pay_gap,
       round(fairness.mean_gap(pay, 'F', 'M')::numeric, 6) AS mean_difference,
       round(fairness.mean_ratio(pay, 'F', 'M')::numeric, 6) AS mean_ratio
FROM summ;
SELECT group_name, n, median, round(median_gap::numeric, 6) AS median_gap, is_reference
FROM fairness.median_gaps('ofx', 'gender', 'pay', 'M');
SELECT quartile, group_name, n, round(share_of_band::numeric, 4) AS share_of_band
FROM fairness.pay_quartiles('ofx', 'gender', 'pay') WHERE group_name IN ('F', 'M');

CREATE TABLE expected (section text, grp text, item text, value float8);
-- BEGIN reference values
INSERT INTO expected VALUES
('pay', '(unknown)', 'n', 51.0),
('pay', '(unknown)', 'mean', 27.53588235294118),
('pay', '(unknown)', 'variance', 98.5401007058824),
('pay', '(unknown)', 'min', 9.43),
('pay', '(unknown)', 'max', 52.02),
('pay', '(unknown)', 'sum', 1404.3300000000002),
('pay_w', '(unknown)', 'mean', 28.07793349168647),
('pay_w', '(unknown)', 'variance', 111.2325092509435),
('pay_w', '(unknown)', 'weight', 42.099999999999994),
('pay_w', '(unknown)', 'effective_n', 45.90546490546489),
('pay', 'F', 'n', 831.0),
('pay', 'F', 'mean', 27.07901323706378),
('pay', 'F', 'variance', 88.85667541066799),
('pay', 'F', 'min', 9.83),
('pay', 'F', 'max', 76.68),
('pay', 'F', 'sum', 22502.66),
('pay_w', 'F', 'mean', 27.126140062918893),
('pay_w', 'F', 'variance', 89.35127430113343),
('pay_w', 'F', 'weight', 731.1),
('pay_w', 'F', 'effective_n', 782.0263793179125),
('pay', 'M', 'n', 861.0),
('pay', 'M', 'mean', 29.626353077816493),
('pay', 'M', 'variance', 102.48844901007485),
('pay', 'M', 'min', 10.19),
('pay', 'M', 'max', 68.88),
('pay', 'M', 'sum', 25508.29),
('pay_w', 'M', 'mean', 29.69579266684249),
('pay_w', 'M', 'variance', 103.24677015135666),
('pay_w', 'M', 'weight', 758.2),
('pay_w', 'M', 'effective_n', 811.9593785310736),
('pay', 'X', 'n', 57.0),
('pay', 'X', 'mean', 31.48842105263158),
('pay', 'X', 'variance', 148.63945639097741),
('pay', 'X', 'min', 12.6),
('pay', 'X', 'max', 77.58),
('pay', 'X', 'sum', 1794.8400000000001),
('pay_w', 'X', 'mean', 31.35666666666666),
('pay_w', 'X', 'variance', 133.23776329896907),
('pay_w', 'X', 'weight', 49.5),
('pay_w', 'X', 'effective_n', 52.524115755627),
('pay', '(overall)', 'n', 1800.0),
('pay', '(overall)', 'mean', 28.450066666666665),
('pay', '(overall)', 'variance', 99.20187359199562),
('pay', '(overall)', 'min', 9.43),
('pay', '(overall)', 'max', 77.58),
('pay', '(overall)', 'sum', 51210.119999999995),
('pay_w', '(overall)', 'mean', 28.51635587323675),
('pay_w', '(overall)', 'variance', 99.57759433899967),
('pay_w', '(overall)', 'weight', 1580.8999999999999),
('pay_w', '(overall)', 'effective_n', 1692.395334349077),
('pay_gap', 'F', 'difference', -2.547339840752713),
('pay_gap', 'F', 'ratio', 0.9140177721482668),
('pay_gap', 'F', 'pay_gap', 0.08598222785173314),
('pay_gap', 'F', 't', -5.358824785213583),
('pay_gap', 'F', 'df', 1687.8327965201493),
('pay_gap', 'F', 'p_value', 9.530824878340745e-08),
('pay_gap', 'F', 'ci_low', -3.479685530229861),
('pay_gap', 'F', 'ci_high', -1.6149941512754868),
('pay_gap', 'F', 'ci_low_exact', -3.4796855302299),
('pay_gap', 'F', 'ci_high_exact', -1.6149941512755257),
('pay_gap', 'F', 'cohens_d', -0.2602667831813418),
('pay_gap_w', 'F', 'difference', -2.5696526039236254),
('pay_gap_w', 'F', 't', -5.055195176046426),
('pay_gap_w', 'F', 'df', 1485.3955015901809),
('pay_gap_w', 'F', 'p_value', 4.833498031701652e-07),
('pay_gap_w', 'F', 'ci_low', -3.566752333807042),
('pay_gap_w', 'F', 'ci_high', -1.5725528740401518),
('pay_gap_w', 'F', 'ci_low_exact', -3.566752333807071),
('pay_gap_w', 'F', 'ci_high_exact', -1.5725528740401797),
('pay_gap', 'X', 'difference', 1.862067974815087),
('pay_gap', 'X', 'ratio', 1.062851744523674),
('pay_gap', 'X', 'pay_gap', -0.06285174452367406),
('pay_gap', 'X', 't', 1.1276474719249858),
('pay_gap', 'X', 'df', 61.2208453050881),
('pay_gap', 'X', 'p_value', 0.2638689729803953),
('pay_gap', 'X', 'ci_low', -1.4396406723920103),
('pay_gap', 'X', 'ci_high', 5.163776622022234),
('pay_gap', 'X', 'ci_low_exact', -1.4396406738190106),
('pay_gap', 'X', 'ci_high_exact', 5.163776623449184),
('pay_gap', 'X', 'cohens_d', 0.18145164686176507),
('pay_gap_w', 'X', 'difference', 1.6608739998241475),
('pay_gap_w', 'X', 't', 0.9876631406334199),
('pay_gap_w', 'X', 'df', 53.522653943559845),
('pay_gap_w', 'X', 'p_value', 0.32776169497732044),
('pay_gap_w', 'X', 'ci_low', -1.7112596945540872),
('pay_gap_w', 'X', 'ci_high', 5.033007694202425),
('pay_gap_w', 'X', 'ci_low_exact', -1.711259697405096),
('pay_gap_w', 'X', 'ci_high_exact', 5.033007697053391),
('pay_gap', 'M', 'difference', 0.0),
('pay_gap', 'M', 'ratio', 1.0),
('pay_gap', 'M', 'pay_gap', 0.0),
('pay_gap', 'M', 't', 0.0),
('pay_gap', 'M', 'df', 1720.0),
('pay_gap', 'M', 'p_value', 1.0),
('pay_gap', 'M', 'ci_low', -0.9569840305538982),
('pay_gap', 'M', 'ci_high', 0.9569840305538982),
('pay_gap', 'M', 'ci_low_exact', -0.9569840305538982),
('pay_gap', 'M', 'ci_high_exact', 0.9569840305538982),
('pay_gap', 'M', 'cohens_d', 0.0),
('pay_gap_w', 'M', 'difference', 0.0),
('pay_gap_w', 'M', 't', 0.0),
('pay_gap_w', 'M', 'df', 1514.4),
('pay_gap_w', 'M', 'p_value', 1.0),
('pay_gap_w', 'M', 'ci_low', -1.0236622180775052),
('pay_gap_w', 'M', 'ci_high', 1.0236622180775052),
('pay_gap_w', 'M', 'ci_low_exact', -1.0236622180775052),
('pay_gap_w', 'M', 'ci_high_exact', 1.0236622180775052),
('pay_median', '(unknown)', 'n', 51.0),
('pay_median', '(unknown)', 'median', 25.79),
('pay_median', 'F', 'n', 831.0),
('pay_median', 'F', 'median', 25.46),
('pay_median', 'F', 'median_gap', 0.09103891467333097),
('pay_median', 'M', 'n', 861.0),
('pay_median', 'M', 'median', 28.01),
('pay_median', 'M', 'median_gap', 0.0),
('pay_median', 'X', 'n', 57.0),
('pay_median', 'X', 'median', 28.22),
('pay_median', 'X', 'median_gap', -0.0074973223848624525),
('bonus', '(unknown)', 'n', 51.0),
('bonus', '(unknown)', 'mean', 248.06294117647056),
('bonus', '(unknown)', 'variance', 369502.8905411762),
('bonus', '(unknown)', 'min', 0.0),
('bonus', '(unknown)', 'max', 3302.04),
('bonus', '(unknown)', 'sum', 12651.21),
('bonus_w', '(unknown)', 'mean', 230.51534441805228),
('bonus_w', '(unknown)', 'variance', 374388.3488298663),
('bonus_w', '(unknown)', 'weight', 42.099999999999994),
('bonus_w', '(unknown)', 'effective_n', 45.90546490546489),
('bonus', 'F', 'n', 831.0),
('bonus', 'F', 'mean', 244.73897713598075),
('bonus', 'F', 'variance', 228616.99301305192),
('bonus', 'F', 'min', 0.0),
('bonus', 'F', 'max', 3051.16),
('bonus', 'F', 'sum', 203378.09),
('bonus_w', 'F', 'mean', 244.39913554917237),
('bonus_w', 'F', 'variance', 231359.51897122833),
('bonus_w', 'F', 'weight', 731.1),
('bonus_w', 'F', 'effective_n', 782.0263793179125),
('bonus', 'M', 'n', 861.0),
('bonus', 'M', 'mean', 208.09271777003482),
('bonus', 'M', 'variance', 192587.26837841675),
('bonus', 'M', 'min', 0.0),
('bonus', 'M', 'max', 3268.83),
('bonus', 'M', 'sum', 179167.83),
('bonus_w', 'M', 'mean', 216.86000923239249),
('bonus_w', 'M', 'variance', 198848.4321229924),
('bonus_w', 'M', 'weight', 758.2),
('bonus_w', 'M', 'effective_n', 811.9593785310736),
('bonus', 'X', 'n', 57.0),
('bonus', 'X', 'mean', 256.59228070175436),
('bonus', 'X', 'variance', 168207.6508607768),
('bonus', 'X', 'min', 0.0),
('bonus', 'X', 'max', 1437.56),
('bonus', 'X', 'sum', 14625.759999999998),
('bonus_w', 'X', 'mean', 264.77692929292937),
('bonus_w', 'X', 'variance', 169245.80604439694),
('bonus_w', 'X', 'weight', 49.5),
('bonus_w', 'X', 'effective_n', 52.524115755627),
('bonus', '(overall)', 'n', 1800.0),
('bonus', '(overall)', 'mean', 227.67938333333333),
('bonus', '(overall)', 'variance', 213403.51583547614),
('bonus', '(overall)', 'min', 0.0),
('bonus', '(overall)', 'max', 3302.04),
('bonus', '(overall)', 'sum', 409822.89),
('bonus_w', '(overall)', 'mean', 231.45968815231828),
('bonus_w', '(overall)', 'variance', 217367.17713223168),
('bonus_w', '(overall)', 'weight', 1580.8999999999999),
('bonus_w', '(overall)', 'effective_n', 1692.395334349077),
('bonus_gap', 'F', 'difference', 36.64625936594592),
('bonus_gap', 'F', 'ratio', 1.1761054387614085),
('bonus_gap', 'F', 'pay_gap', -0.17610543876140847),
('bonus_gap', 'F', 't', 1.6408583417753626),
('bonus_gap', 'F', 'df', 1665.6596416947168),
('bonus_gap', 'F', 'p_value', 0.10101562304487867),
('bonus_gap', 'F', 'ci_low', -7.158605717469399),
('bonus_gap', 'F', 'ci_high', 80.45112444936073),
('bonus_gap', 'F', 'ci_low_exact', -7.158605717469143),
('bonus_gap', 'F', 'ci_high_exact', 80.45112444936099),
('bonus_gap', 'F', 'cohens_d', 0.07991499013714139),
('bonus_gap_w', 'F', 'difference', 27.539126316779942),
('bonus_gap_w', 'F', 't', 1.1447660170348972),
('bonus_gap_w', 'F', 'df', 1468.9141122158205),
('bonus_gap_w', 'F', 'p_value', 0.25249258630780164),
('bonus_gap_w', 'F', 'ci_low', -19.649736916437696),
('bonus_gap_w', 'F', 'ci_high', 74.72798954999746),
('bonus_gap_w', 'F', 'ci_low_exact', -19.64973691643764),
('bonus_gap_w', 'F', 'ci_high_exact', 74.72798954999752),
('bonus_gap', 'X', 'difference', 48.49956293171954),
('bonus_gap', 'X', 'ratio', 1.233067083997225),
('bonus_gap', 'X', 'pay_gap', -0.23306708399722498),
('bonus_gap', 'X', 't', 0.8607700787548571),
('bonus_gap', 'X', 'df', 64.7867889941063),
('bonus_gap', 'X', 'p_value', 0.3925391121322642),
('bonus_gap', 'X', 'ci_low', -64.03497024944298),
('bonus_gap', 'X', 'ci_high', 161.034096112882),
('bonus_gap', 'X', 'ci_low_exact', -64.03497028610172),
('bonus_gap', 'X', 'ci_high_exact', 161.0340961495408),
('bonus_gap', 'X', 'cohens_d', 0.11094586091715312),
('bonus_gap_w', 'X', 'difference', 47.91692006053674),
('bonus_gap_w', 'X', 't', 0.7897399370926578),
('bonus_gap_w', 'X', 'df', 56.20459787518887),
('bonus_gap_w', 'X', 'p_value', 0.43299891175757643),
('bonus_gap_w', 'X', 'ci_low', -73.61855073524237),
('bonus_gap_w', 'X', 'ci_high', 169.45239085631613),
('bonus_gap_w', 'X', 'ci_low_exact', -73.6185508157383),
('bonus_gap_w', 'X', 'ci_high_exact', 169.45239093681178),
('bonus_gap', 'M', 'difference', 0.0),
('bonus_gap', 'M', 'ratio', 1.0),
('bonus_gap', 'M', 'pay_gap', 0.0),
('bonus_gap', 'M', 't', 0.0),
('bonus_gap', 'M', 'df', 1720.0),
('bonus_gap', 'M', 'p_value', 1.0),
('bonus_gap', 'M', 'ci_low', -41.48403737292323),
('bonus_gap', 'M', 'ci_high', 41.48403737292323),
('bonus_gap', 'M', 'ci_low_exact', -41.48403737292323),
('bonus_gap', 'M', 'ci_high_exact', 41.48403737292323),
('bonus_gap', 'M', 'cohens_d', 0.0),
('bonus_gap_w', 'M', 'difference', 0.0),
('bonus_gap_w', 'M', 't', 0.0),
('bonus_gap_w', 'M', 'df', 1514.4),
('bonus_gap_w', 'M', 'p_value', 1.0),
('bonus_gap_w', 'M', 'ci_low', -44.924114202309966),
('bonus_gap_w', 'M', 'ci_high', 44.924114202309966),
('bonus_gap_w', 'M', 'ci_low_exact', -44.924114202309966),
('bonus_gap_w', 'M', 'ci_high_exact', 44.924114202309966),
('bonus_median', '(unknown)', 'n', 51.0),
('bonus_median', '(unknown)', 'median', 0.0),
('bonus_median', 'F', 'n', 831.0),
('bonus_median', 'F', 'median', 0.0),
('bonus_median', 'F', 'median_gap', NULL),
('bonus_median', 'M', 'n', 861.0),
('bonus_median', 'M', 'median', 0.0),
('bonus_median', 'M', 'median_gap', NULL),
('bonus_median', 'X', 'n', 57.0),
('bonus_median', 'X', 'median', 0.0),
('bonus_median', 'X', 'median_gap', NULL),
('report', '(unknown)', 'mean_ci_low', 24.7439426772519),
('report', '(unknown)', 'mean_ci_high', 30.327822028630457),
('report', '(unknown)', 'mean_ci_low_statsmodels', 24.743942680567873),
('report', '(unknown)', 'mean_ci_high_statsmodels', 30.327822025314486),
('report', 'F', 'mean_ci_low', 26.437173835530988),
('report', 'F', 'mean_ci_high', 27.720852638596572),
('report', 'F', 'mean_ci_low_statsmodels', 26.437173835531),
('report', 'F', 'mean_ci_high_statsmodels', 27.720852638596583),
('report', 'M', 'mean_ci_low', 28.9491863397483),
('report', 'M', 'mean_ci_high', 30.303519815884684),
('report', 'M', 'mean_ci_low_statsmodels', 28.949186339748273),
('report', 'M', 'mean_ci_high_statsmodels', 30.303519815884655),
('report', 'X', 'mean_ci_low', 28.253506857708405),
('report', 'X', 'mean_ci_high', 34.72333524755476),
('report', 'X', 'mean_ci_low_statsmodels', 28.253506859890333),
('report', 'X', 'mean_ci_high_statsmodels', 34.72333524537282),
('pay_multi', '[null,"eng"]', 'mean', 38.2775),
('pay_multi', '[null,"eng"]', 'variance', 67.16308666666666),
('pay_multi', '[null,"ops"]', 'mean', 20.6204347826087),
('pay_multi', '[null,"ops"]', 'variance', 36.901995256917),
('pay_multi', '[null,"sales"]', 'mean', 26.468333333333334),
('pay_multi', '[null,"sales"]', 'variance', 13.452978787878788),
('pay_multi', '["F","eng"]', 'mean', 35.50740875912408),
('pay_multi', '["F","eng"]', 'variance', 77.99266688724902),
('pay_multi', '["F","ops"]', 'mean', 20.743286908077994),
('pay_multi', '["F","ops"]', 'variance', 25.286987490079536),
('pay_multi', '["F","sales"]', 'mean', 26.902979797979803),
('pay_multi', '["F","sales"]', 'variance', 48.35036315695022),
('pay_multi', '["M","eng"]', 'mean', 38.89832089552239),
('pay_multi', '["M","eng"]', 'variance', 84.6495211400861),
('pay_multi', '["M","ops"]', 'mean', 23.07689560439561),
('pay_multi', '["M","ops"]', 'variance', 34.88722036372717),
('pay_multi', '["M","sales"]', 'mean', 29.185807860262013),
('pay_multi', '["M","sales"]', 'variance', 62.17727971730637),
('pay_multi', '["X","eng"]', 'mean', 38.16961538461538),
('pay_multi', '["X","eng"]', 'variance', 159.68927584615383),
('pay_multi', '["X","ops"]', 'mean', 21.349411764705884),
('pay_multi', '["X","ops"]', 'variance', 29.948568382352946),
('pay_multi', '["X","sales"]', 'mean', 31.392142857142858),
('pay_multi', '["X","sales"]', 'variance', 72.62167967032966),
('quartiles', '1:F', 'n', 244.0),
('quartiles', '1:F', 'share_of_band', 0.5422222222222223),
('quartiles', '1:F', 'share_of_group', 0.29362214199759323),
('quartiles', '1:M', 'n', 182.0),
('quartiles', '1:M', 'share_of_band', 0.40444444444444444),
('quartiles', '1:M', 'share_of_group', 0.21138211382113822),
('quartiles', '1:X', 'n', 10.0),
('quartiles', '1:X', 'share_of_band', 0.022222222222222223),
('quartiles', '1:X', 'share_of_group', 0.17543859649122806),
('quartiles', '1:(unknown)', 'n', 14.0),
('quartiles', '1:(unknown)', 'share_of_band', 0.03111111111111111),
('quartiles', '1:(unknown)', 'share_of_group', 0.27450980392156865),
('quartiles', '1', 'band_lower', 9.43),
('quartiles', '1', 'band_upper', 21.03),
('quartiles', '2:F', 'n', 216.0),
('quartiles', '2:F', 'share_of_band', 0.48),
('quartiles', '2:F', 'share_of_group', 0.259927797833935),
('quartiles', '2:M', 'n', 212.0),
('quartiles', '2:M', 'share_of_band', 0.4711111111111111),
('quartiles', '2:M', 'share_of_group', 0.2462253193960511),
('quartiles', '2:X', 'n', 9.0),
('quartiles', '2:X', 'share_of_band', 0.02),
('quartiles', '2:X', 'share_of_group', 0.15789473684210525),
('quartiles', '2:(unknown)', 'n', 13.0),
('quartiles', '2:(unknown)', 'share_of_band', 0.028888888888888888),
('quartiles', '2:(unknown)', 'share_of_group', 0.2549019607843137),
('quartiles', '2', 'band_lower', 21.05),
('quartiles', '2', 'band_upper', 26.52),
('quartiles', '3:F', 'n', 200.0),
('quartiles', '3:F', 'share_of_band', 0.4444444444444444),
('quartiles', '3:F', 'share_of_group', 0.24067388688327315),
('quartiles', '3:M', 'n', 219.0),
('quartiles', '3:M', 'share_of_band', 0.4866666666666667),
('quartiles', '3:M', 'share_of_group', 0.25435540069686413),
('quartiles', '3:X', 'n', 19.0),
('quartiles', '3:X', 'share_of_band', 0.042222222222222223),
('quartiles', '3:X', 'share_of_group', 0.3333333333333333),
('quartiles', '3:(unknown)', 'n', 12.0),
('quartiles', '3:(unknown)', 'share_of_band', 0.02666666666666667),
('quartiles', '3:(unknown)', 'share_of_group', 0.23529411764705882),
('quartiles', '3', 'band_lower', 26.53),
('quartiles', '3', 'band_upper', 34.32),
('quartiles', '4:F', 'n', 171.0),
('quartiles', '4:F', 'share_of_band', 0.38),
('quartiles', '4:F', 'share_of_group', 0.20577617328519857),
('quartiles', '4:M', 'n', 248.0),
('quartiles', '4:M', 'share_of_band', 0.5511111111111111),
('quartiles', '4:M', 'share_of_group', 0.2880371660859466),
('quartiles', '4:X', 'n', 19.0),
('quartiles', '4:X', 'share_of_band', 0.042222222222222223),
('quartiles', '4:X', 'share_of_group', 0.3333333333333333),
('quartiles', '4:(unknown)', 'n', 12.0),
('quartiles', '4:(unknown)', 'share_of_band', 0.02666666666666667),
('quartiles', '4:(unknown)', 'share_of_group', 0.23529411764705882),
('quartiles', '4', 'band_lower', 34.35),
('quartiles', '4', 'band_upper', 77.58);
-- END reference values

CREATE FUNCTION gname(g text, overall boolean) RETURNS text LANGUAGE sql IMMUTABLE
RETURN coalesce(g, CASE WHEN overall THEN '(overall)' ELSE '(unknown)' END);

CREATE TABLE got (section text, grp text, item text, value float8);
INSERT INTO got
SELECT c.col, gname(group_name, is_overall), x.item, x.value
FROM summ, (VALUES ('pay'), ('bonus')) c(col),
     fairness.outcome_stats(CASE c.col WHEN 'pay' THEN summ.pay ELSE summ.bonus END),
     LATERAL (VALUES ('n', n::float8), ('mean', mean), ('variance', variance), ('min', min),
                     ('max', max), ('sum', sum)) x(item, value)
UNION ALL
SELECT c.col || '_w', gname(group_name, is_overall), x.item, x.value
FROM summ, (VALUES ('pay'), ('bonus')) c(col),
     fairness.outcome_stats(CASE c.col WHEN 'pay' THEN summ.pay_w ELSE summ.bonus_w END),
     LATERAL (VALUES ('mean', mean), ('variance', variance), ('weight', weight),
                     ('effective_n', effective_n)) x(item, value)
UNION ALL
SELECT c.col || '_gap', gname(group_name, false), x.item, x.value
FROM summ, (VALUES ('pay'), ('bonus')) c(col),
     fairness.outcome_gaps(CASE c.col WHEN 'pay' THEN summ.pay ELSE summ.bonus END, 'M'),
     LATERAL (VALUES ('difference', difference), ('ratio', ratio), ('pay_gap', pay_gap), ('t', t),
                     ('df', df), ('p_value', p_value), ('ci_low', ci_low), ('ci_high', ci_high),
                     ('ci_low_exact', ci_low), ('ci_high_exact', ci_high),
                     ('cohens_d', cohens_d)) x(item, value)
WHERE group_name IS NOT NULL
UNION ALL
SELECT c.col || '_gap_w', gname(group_name, false), x.item, x.value
FROM summ, (VALUES ('pay'), ('bonus')) c(col),
     fairness.outcome_gaps(CASE c.col WHEN 'pay' THEN summ.pay_w ELSE summ.bonus_w END, 'M'),
     LATERAL (VALUES ('difference', difference), ('t', t), ('df', df), ('p_value', p_value),
                     ('ci_low', ci_low), ('ci_high', ci_high), ('ci_low_exact', ci_low),
                     ('ci_high_exact', ci_high)) x(item, value)
WHERE group_name IS NOT NULL
UNION ALL
SELECT c.col || '_median', gname(group_name, false), x.item, x.value
FROM (VALUES ('pay'), ('bonus')) c(col), fairness.median_gaps('ofx', 'gender', c.col, 'M'),
     LATERAL (VALUES ('n', n::float8), ('median', median), ('median_gap', median_gap)) x(item, value)
WHERE x.item <> 'median_gap' OR group_name IS NOT NULL
UNION ALL
SELECT 'report', gname(group_name, false), x.item, x.value
FROM summ, fairness.outcome_report(pay, 'M') r,
     LATERAL (VALUES ('mean_ci_low', ci_low), ('mean_ci_high', ci_high),
                     ('mean_ci_low_statsmodels', ci_low), ('mean_ci_high_statsmodels', ci_high)) x(item, value)
WHERE r.metric = 'mean'
UNION ALL
SELECT 'pay_multi', array_to_json(group_key)::text, x.item, x.value
FROM summ, fairness.outcome_stats(pay_multi),
     LATERAL (VALUES ('mean', mean), ('variance', variance)) x(item, value)
WHERE NOT is_overall
UNION ALL
SELECT 'quartiles', quartile || ':' || gname(group_name, false), x.item, x.value
FROM fairness.pay_quartiles('ofx', 'gender', 'pay'),
     LATERAL (VALUES ('n', n::float8), ('share_of_band', share_of_band),
                     ('share_of_group', share_of_group)) x(item, value)
UNION ALL
SELECT DISTINCT 'quartiles', quartile::text, x.item, x.value
FROM fairness.pay_quartiles('ofx', 'gender', 'pay'),
     LATERAL (VALUES ('band_lower', band_lower), ('band_upper', band_upper)) x(item, value);

CREATE VIEW comparison AS
SELECT e.section, e.grp, e.item, e.value AS expected, g.value AS got,
       CASE WHEN g.section IS NULL THEN false
            WHEN e.value IS NULL OR g.value IS NULL THEN e.value IS NULL AND g.value IS NULL
            ELSE abs(e.value - g.value) <= CASE WHEN e.item = 'p_value' THEN 1e-10
                                                WHEN e.item IN ('ci_low', 'ci_high', 'mean_ci_low_statsmodels',
                                                                'mean_ci_high_statsmodels') THEN 1e-8
                                                ELSE 1e-12 END
                                           * greatest(abs(e.value), 1) END AS ok
FROM expected e LEFT JOIN got g USING (section, grp, item);
SELECT section, count(*) AS compared, count(*) FILTER (WHERE ok) AS agree
FROM comparison GROUP BY section ORDER BY section COLLATE "C";
-- every value the extension reports is compared (none left over)
SELECT g.section, g.grp, g.item, g.value AS not_in_reference
FROM got g LEFT JOIN expected e USING (section, grp, item)
WHERE e.section IS NULL AND g.value IS NOT NULL
ORDER BY 1, 2, 3;
-- the mismatches (must be none)
SELECT * FROM comparison WHERE NOT ok ORDER BY section, grp, item;

-- merging per-department summaries gives the one-pass summary: counts,
-- sums, minima and maxima; means and variances to the rounding of a
-- different order of floating-point operations
CREATE TABLE merged AS
SELECT fairness.merge(o) AS pay, fairness.merge(ow) AS pay_w
FROM (SELECT fairness.outcomes(gender, pay) o, fairness.outcomes(gender, pay, weight) ow
      FROM ofx GROUP BY dept) p;
SELECT w.weighted, count(*) AS groups,
       count(*) FILTER (WHERE a.n = b.n AND a.min = b.min AND a.max = b.max
                          AND abs(a.sum - b.sum) <= 1e-14 * abs(b.sum)
                          AND abs(a.mean - b.mean) <= 1e-14 * abs(b.mean)
                          AND abs(a.variance - b.variance) <= 1e-12 * b.variance) AS agree
FROM (VALUES (false), (true)) w(weighted),
     LATERAL (SELECT s.* FROM merged, fairness.outcome_stats(CASE WHEN w.weighted THEN merged.pay_w ELSE merged.pay END) s) a
     JOIN
     LATERAL (SELECT s.* FROM summ, fairness.outcome_stats(CASE WHEN w.weighted THEN summ.pay_w ELSE summ.pay END) s) b
     ON a.group_key IS NOT DISTINCT FROM b.group_key AND a.is_overall = b.is_overall
GROUP BY w.weighted ORDER BY 1;

DROP VIEW comparison;
DROP TABLE got, expected, summ, merged, ofx;
DROP FUNCTION gname(text, boolean);

SET client_min_messages = warning;
RESET search_path;
DROP SCHEMA outcomes_reference_test CASCADE;
