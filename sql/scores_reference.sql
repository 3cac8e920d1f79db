--
-- scores_reference: fairness.scores on a synthetic fixture (2400 rows, fixed
-- seed: test/data/make_fixtures.py), compared with values computed
-- independently with numpy/pandas/scipy by test/data/scores_reference.py
-- (exact AUC as scikit-learn's roc_auc_score, DeLong's standard error from
-- placement values, Brier score, scikit-learn's calibration_curve and the
-- ECE built on it, scipy's ks_2samp, LL144 scoring rates, threshold sweeps,
-- and the intervals and tests of score_report with statsmodels).
-- Counts must match exactly, everything else to 1e-12; binned values that
-- approximate exact ones must lie within their documented bounds.
--
-- To regenerate the reference values:
--   /usr/bin/python3 test/data/scores_reference.py
-- and paste its output between the BEGIN/END lines below.
--
-- own schema: names never clash with the other tests of the suite
CREATE SCHEMA scores_reference_test;
SET search_path = scores_reference_test;
CREATE TABLE fx (id int, grp text, sex text, label int, score float8,
                 score_r float8, weight float8);
\copy fx FROM 'test/data/scores_fixture.csv' WITH (FORMAT csv, HEADER)
SELECT count(*) AS rows, count(grp) AS with_group, count(label) AS labelled,
       sum(label) AS positives, count(*) FILTER (WHERE weight = 0) AS zero_weight
FROM fx;

-- the summaries: probabilities with the default 1000 bins on [0, 1], the
-- same rounded to 2 decimals (each value then sits on a bin edge, alone in
-- its bin), and weighted
CREATE TABLE summ AS
SELECT fairness.scores(grp, label = 1, score) AS s,
       fairness.scores(grp, label = 1, score_r) AS sr,
       fairness.scores(grp, label = 1, score, weight) AS sw
FROM fx;
SELECT fairness.total(s), fairness.group_count(s), fairness.bins(s),
       fairness.is_weighted(s), fairness.is_weighted(sw), length(s::text) AS text_bytes,
       pg_column_size(s) AS stored_bytes
FROM summ;

CREATE TABLE expected (section text, grp text, item text, value float8);
-- BEGIN reference values
INSERT INTO expected VALUES
('auc', 'A', 'n_positive', 365.0),
('auc', 'A', 'n_negative', 657.0),
('auc', 'A', 'auc_exact', 0.8711578157252768),
('auc', 'A', 'auc_binned', 0.8711536456704405),
('auc', 'A', 'std_error', 0.011268886890511243),
('auc', 'A', 'error_bound', 0.0003669648255874565),
('auc_r', 'A', 'auc_exact', 0.8708492316673965),
('auc_w', 'A', 'auc_exact', 0.8646741495207315),
('auc_w', 'A', 'auc_binned', 0.8646668804874148),
('auc_w', 'A', 'std_error', 0.01151896209995153),
('brier', 'A', 'brier_score', 0.15219932964692484),
('brier', 'A', 'n', 1022.0),
('brier_w', 'A', 'brier_score', 0.15560974304934522),
('auc', 'B', 'n_positive', 357.0),
('auc', 'B', 'n_negative', 448.0),
('auc', 'B', 'auc_exact', 0.8464448279311725),
('auc', 'B', 'auc_binned', 0.8464948479391758),
('auc', 'B', 'std_error', 0.01331853497635075),
('auc', 'B', 'error_bound', 0.0004564325730292117),
('auc_r', 'B', 'auc_exact', 0.8461603391356542),
('auc_w', 'B', 'auc_exact', 0.8466809898510782),
('auc_w', 'B', 'auc_binned', 0.8467033657723577),
('auc_w', 'B', 'std_error', 0.01390359554985458),
('brier', 'B', 'brier_score', 0.18150450026601378),
('brier', 'B', 'n', 805.0),
('brier_w', 'B', 'brier_score', 0.18028998559367124),
('auc', 'C', 'n_positive', 114.0),
('auc', 'C', 'n_negative', 266.0),
('auc', 'C', 'auc_exact', 0.743734335839599),
('auc', 'C', 'auc_binned', 0.7436683814800158),
('auc', 'C', 'std_error', 0.028112114196197396),
('auc', 'C', 'error_bound', 0.00042870333729059493),
('auc_r', 'C', 'auc_exact', 0.7433386096821),
('auc_w', 'C', 'auc_exact', 0.7267902448483123),
('auc_w', 'C', 'auc_binned', 0.7268645714329158),
('auc_w', 'C', 'std_error', 0.02956163720340045),
('brier', 'C', 'brier_score', 0.19529730547998767),
('brier', 'C', 'n', 380.0),
('brier_w', 'C', 'brier_score', 0.19739943066235066),
('auc', '(unknown)', 'n_positive', 33.0),
('auc', '(unknown)', 'n_negative', 43.0),
('auc', '(unknown)', 'auc_exact', 0.817477096546864),
('auc', '(unknown)', 'auc_binned', 0.817477096546864),
('auc', '(unknown)', 'std_error', 0.05027555185664405),
('auc', '(unknown)', 'error_bound', 0.0007047216349541931),
('auc_r', '(unknown)', 'auc_exact', 0.8171247357293869),
('auc_w', '(unknown)', 'auc_exact', 0.7926415330475655),
('auc_w', '(unknown)', 'auc_binned', 0.7924686031142104),
('auc_w', '(unknown)', 'std_error', 0.05489430887984734),
('brier', '(unknown)', 'brier_score', 0.176630231438585),
('brier', '(unknown)', 'n', 76.0),
('brier_w', '(unknown)', 'brier_score', 0.1809358801814445),
('auc', '(overall)', 'n_positive', 869.0),
('auc', '(overall)', 'n_negative', 1414.0),
('auc', '(overall)', 'auc_exact', 0.8413676810719046),
('auc', '(overall)', 'auc_binned', 0.841379481528623),
('auc', '(overall)', 'std_error', 0.008339934220802534),
('auc', '(overall)', 'error_bound', 0.00041464363434535133),
('auc_r', '(overall)', 'auc_exact', 0.8410677867063379),
('auc_w', '(overall)', 'auc_exact', 0.8361644990652289),
('auc_w', '(overall)', 'auc_binned', 0.8361921556612496),
('auc_w', '(overall)', 'std_error', 0.008619653835758646),
('brier', '(overall)', 'brier_score', 0.17051936543365137),
('brier', '(overall)', 'n', 2283.0),
('brier_w', '(overall)', 'brier_score', 0.17175965180766958),
('calibration', 'A', 'bin1_n', 58.0),
('calibration', 'A', 'bin1_mean_score', 0.06711833077213748),
('calibration', 'A', 'bin1_observed_rate', 0.0),
('calibration', 'A', 'bin2_n', 121.0),
('calibration', 'A', 'bin2_mean_score', 0.1525616712032452),
('calibration', 'A', 'bin2_observed_rate', 0.03305785123966942),
('calibration', 'A', 'bin3_n', 144.0),
('calibration', 'A', 'bin3_mean_score', 0.24819766154314676),
('calibration', 'A', 'bin3_observed_rate', 0.09027777777777778),
('calibration', 'A', 'bin4_n', 166.0),
('calibration', 'A', 'bin4_mean_score', 0.3525857333284107),
('calibration', 'A', 'bin4_observed_rate', 0.1746987951807229),
('calibration', 'A', 'bin5_n', 139.0),
('calibration', 'A', 'bin5_mean_score', 0.4506401621471823),
('calibration', 'A', 'bin5_observed_rate', 0.2949640287769784),
('calibration', 'A', 'bin6_n', 135.0),
('calibration', 'A', 'bin6_mean_score', 0.5498298207243104),
('calibration', 'A', 'bin6_observed_rate', 0.5111111111111111),
('calibration', 'A', 'bin7_n', 115.0),
('calibration', 'A', 'bin7_mean_score', 0.6525671080904523),
('calibration', 'A', 'bin7_observed_rate', 0.7043478260869566),
('calibration', 'A', 'bin8_n', 82.0),
('calibration', 'A', 'bin8_mean_score', 0.7505849867023098),
('calibration', 'A', 'bin8_observed_rate', 0.8658536585365854),
('calibration', 'A', 'bin9_n', 46.0),
('calibration', 'A', 'bin9_mean_score', 0.8404077150046322),
('calibration', 'A', 'bin9_observed_rate', 0.8913043478260869),
('calibration', 'A', 'bin10_n', 16.0),
('calibration', 'A', 'bin10_mean_score', 0.9261843224607841),
('calibration', 'A', 'bin10_observed_rate', 1.0),
('ece', 'A', 'ece_10', 0.1139115835046665),
('ece', 'A', 'mce_10', 0.1778869381476878),
('ece_w', 'A', 'ece_10', 0.10907982393636104),
('ece', 'A', 'ece_4', 0.10368257020176631),
('ece', 'A', 'mce_4', 0.16600974864739185),
('ece_w', 'A', 'ece_4', 0.10907982393636119),
('calibration', 'B', 'bin1_n', 7.0),
('calibration', 'B', 'bin1_mean_score', 0.08493440661704375),
('calibration', 'B', 'bin1_observed_rate', 0.0),
('calibration', 'B', 'bin2_n', 37.0),
('calibration', 'B', 'bin2_mean_score', 0.1613883166941616),
('calibration', 'B', 'bin2_observed_rate', 0.0),
('calibration', 'B', 'bin3_n', 65.0),
('calibration', 'B', 'bin3_mean_score', 0.2520515890207224),
('calibration', 'B', 'bin3_observed_rate', 0.046153846153846156),
('calibration', 'B', 'bin4_n', 87.0),
('calibration', 'B', 'bin4_mean_score', 0.3467951429546373),
('calibration', 'B', 'bin4_observed_rate', 0.11494252873563218),
('calibration', 'B', 'bin5_n', 113.0),
('calibration', 'B', 'bin5_mean_score', 0.450534396704218),
('calibration', 'B', 'bin5_observed_rate', 0.23893805309734514),
('calibration', 'B', 'bin6_n', 132.0),
('calibration', 'B', 'bin6_mean_score', 0.5554872035225413),
('calibration', 'B', 'bin6_observed_rate', 0.42424242424242425),
('calibration', 'B', 'bin7_n', 121.0),
('calibration', 'B', 'bin7_mean_score', 0.6504250858574943),
('calibration', 'B', 'bin7_observed_rate', 0.512396694214876),
('calibration', 'B', 'bin8_n', 127.0),
('calibration', 'B', 'bin8_mean_score', 0.7451739893208589),
('calibration', 'B', 'bin8_observed_rate', 0.7007874015748031),
('calibration', 'B', 'bin9_n', 93.0),
('calibration', 'B', 'bin9_mean_score', 0.8375977422728317),
('calibration', 'B', 'bin9_observed_rate', 0.9354838709677419),
('calibration', 'B', 'bin10_n', 23.0),
('calibration', 'B', 'bin10_mean_score', 0.9366488775479691),
('calibration', 'B', 'bin10_observed_rate', 1.0),
('ece', 'B', 'ece_10', 0.14193062707762114),
('ece', 'B', 'mce_10', 0.23185261421900513),
('ece_w', 'B', 'ece_10', 0.13623251130776348),
('ece', 'B', 'ece_4', 0.12944175646294814),
('ece', 'B', 'mce_4', 0.2281429204440003),
('ece_w', 'B', 'ece_4', 0.13122533838664474),
('calibration', 'C', 'bin1_n', 13.0),
('calibration', 'C', 'bin1_mean_score', 0.06904503985749531),
('calibration', 'C', 'bin1_observed_rate', 0.0),
('calibration', 'C', 'bin2_n', 32.0),
('calibration', 'C', 'bin2_mean_score', 0.16193089911709704),
('calibration', 'C', 'bin2_observed_rate', 0.03125),
('calibration', 'C', 'bin3_n', 64.0),
('calibration', 'C', 'bin3_mean_score', 0.25186445346396963),
('calibration', 'C', 'bin3_observed_rate', 0.234375),
('calibration', 'C', 'bin4_n', 61.0),
('calibration', 'C', 'bin4_mean_score', 0.352809546675149),
('calibration', 'C', 'bin4_observed_rate', 0.14754098360655737),
('calibration', 'C', 'bin5_n', 63.0),
('calibration', 'C', 'bin5_mean_score', 0.4441973701882717),
('calibration', 'C', 'bin5_observed_rate', 0.25396825396825395),
('calibration', 'C', 'bin6_n', 56.0),
('calibration', 'C', 'bin6_mean_score', 0.5490717876899326),
('calibration', 'C', 'bin6_observed_rate', 0.32142857142857145),
('calibration', 'C', 'bin7_n', 54.0),
('calibration', 'C', 'bin7_mean_score', 0.6498448929311751),
('calibration', 'C', 'bin7_observed_rate', 0.5370370370370371),
('calibration', 'C', 'bin8_n', 17.0),
('calibration', 'C', 'bin8_mean_score', 0.741793927136495),
('calibration', 'C', 'bin8_observed_rate', 0.47058823529411764),
('calibration', 'C', 'bin9_n', 16.0),
('calibration', 'C', 'bin9_mean_score', 0.8477457547178779),
('calibration', 'C', 'bin9_observed_rate', 0.875),
('calibration', 'C', 'bin10_n', 4.0),
('calibration', 'C', 'bin10_mean_score', 0.9123163556349038),
('calibration', 'C', 'bin10_observed_rate', 1.0),
('ece', 'C', 'ece_10', 0.14458278834960064),
('ece', 'C', 'mce_10', 0.2712056918423773),
('ece_w', 'C', 'ece_10', 0.15385117065012266),
('ece', 'C', 'ece_4', 0.1404417225497358),
('ece', 'C', 'mce_4', 0.17086356106010064),
('ece_w', 'C', 'ece_4', 0.15274235837149125),
('calibration', '(unknown)', 'bin1_n', 2.0),
('calibration', '(unknown)', 'bin1_mean_score', 0.0631764395999903),
('calibration', '(unknown)', 'bin1_observed_rate', 0.0),
('calibration', '(unknown)', 'bin2_n', 12.0),
('calibration', '(unknown)', 'bin2_mean_score', 0.1505464878676496),
('calibration', '(unknown)', 'bin2_observed_rate', 0.08333333333333333),
('calibration', '(unknown)', 'bin3_n', 15.0),
('calibration', '(unknown)', 'bin3_mean_score', 0.2459688423547051),
('calibration', '(unknown)', 'bin3_observed_rate', 0.2),
('calibration', '(unknown)', 'bin4_n', 11.0),
('calibration', '(unknown)', 'bin4_mean_score', 0.350609569351173),
('calibration', '(unknown)', 'bin4_observed_rate', 0.45454545454545453),
('calibration', '(unknown)', 'bin5_n', 10.0),
('calibration', '(unknown)', 'bin5_mean_score', 0.4508997650914635),
('calibration', '(unknown)', 'bin5_observed_rate', 0.3),
('calibration', '(unknown)', 'bin6_n', 10.0),
('calibration', '(unknown)', 'bin6_mean_score', 0.5740499383477156),
('calibration', '(unknown)', 'bin6_observed_rate', 0.8),
('calibration', '(unknown)', 'bin7_n', 9.0),
('calibration', '(unknown)', 'bin7_mean_score', 0.6502334908635458),
('calibration', '(unknown)', 'bin7_observed_rate', 0.8888888888888888),
('calibration', '(unknown)', 'bin8_n', 3.0),
('calibration', '(unknown)', 'bin8_mean_score', 0.7543163227159765),
('calibration', '(unknown)', 'bin8_observed_rate', 0.6666666666666666),
('calibration', '(unknown)', 'bin9_n', 4.0),
('calibration', '(unknown)', 'bin9_mean_score', 0.8537698766944909),
('calibration', '(unknown)', 'bin9_observed_rate', 0.75),
('ece', '(unknown)', 'ece_10', 0.12316004514027512),
('ece', '(unknown)', 'mce_10', 0.23865539802534308),
('ece_w', '(unknown)', 'ece_10', 0.1020133506848246),
('ece', '(unknown)', 'ece_4', 0.10678579851088274),
('ece', '(unknown)', 'mce_4', 0.2398203680292158),
('ece_w', '(unknown)', 'ece_4', 0.10744761651084861),
('calibration', '(overall)', 'bin1_n', 80.0),
('calibration', '(overall)', 'bin1_mean_score', 0.06889178035563376),
('calibration', '(overall)', 'bin1_observed_rate', 0.0),
('calibration', '(overall)', 'bin2_n', 202.0),
('calibration', '(overall)', 'bin2_mean_score', 0.15554295326453238),
('calibration', '(overall)', 'bin2_observed_rate', 0.0297029702970297),
('calibration', '(overall)', 'bin3_n', 288.0),
('calibration', '(overall)', 'bin3_mean_score', 0.24976622988046784),
('calibration', '(overall)', 'bin3_observed_rate', 0.11805555555555555),
('calibration', '(overall)', 'bin4_n', 325.0),
('calibration', '(overall)', 'bin4_mean_score', 0.3510107593218973),
('calibration', '(overall)', 'bin4_observed_rate', 0.16307692307692306),
('calibration', '(overall)', 'bin5_n', 325.0),
('calibration', '(overall)', 'bin5_mean_score', 0.4493624656578792),
('calibration', '(overall)', 'bin5_observed_rate', 0.2676923076923077),
('calibration', '(overall)', 'bin6_n', 333.0),
('calibration', '(overall)', 'bin6_mean_score', 0.5526722407113239),
('calibration', '(overall)', 'bin6_observed_rate', 0.45345345345345345),
('calibration', '(overall)', 'bin7_n', 299.0),
('calibration', '(overall)', 'bin7_mean_score', 0.6511383894823225),
('calibration', '(overall)', 'bin7_observed_rate', 0.6020066889632107),
('calibration', '(overall)', 'bin8_n', 229.0),
('calibration', '(overall)', 'bin8_mean_score', 0.7469803986148773),
('calibration', '(overall)', 'bin8_observed_rate', 0.74235807860262),
('calibration', '(overall)', 'bin9_n', 159.0),
('calibration', '(overall)', 'bin9_mean_score', 0.8398387201500025),
('calibration', '(overall)', 'bin9_observed_rate', 0.9119496855345912),
('calibration', '(overall)', 'bin10_n', 43.0),
('calibration', '(overall)', 'bin10_mean_score', 0.930491599198034),
('calibration', '(overall)', 'bin10_observed_rate', 1.0),
('ece', '(overall)', 'ece_10', 0.11048105209698407),
('ece', '(overall)', 'mce_10', 0.18793383624497423),
('ece_w', '(overall)', 'ece_10', 0.10370876270398381),
('ece', '(overall)', 'ece_4', 0.10660265940887932),
('ece', '(overall)', 'mce_4', 0.18106905074341656),
('ece_w', '(overall)', 'ece_4', 0.09909109329057407),
('ks', 'A-B', 'ks_exact', 0.24070755547728073),
('ks', 'A-B', 'ks_r', 0.23875484325466714),
('ks', 'A-C', 'ks_exact', 0.06741276485405245),
('ks', 'A-C', 'ks_r', 0.0629861831382427),
('ks', 'B-C', 'ks_exact', 0.2514879560777689),
('ks', 'B-C', 'ks_r', 0.24645017270245403),
('scoring', 'A', 'n_above', 443.0),
('scoring', 'A', 'scoring_rate', 0.4071691176470588),
('scoring', 'B', 'n_above', 536.0),
('scoring', 'B', 'scoring_rate', 0.6419161676646706),
('scoring', 'C', 'n_above', 157.0),
('scoring', 'C', 'scoring_rate', 0.3954659949622166),
('scoring', '(unknown)', 'n_above', 27.0),
('scoring', '(unknown)', 'scoring_rate', 0.3375),
('scoring', '(overall)', 'n_above', 1163.0),
('scoring', '(overall)', 'scoring_rate', 0.4845833333333333),
('scoring', 'A', 'impact_ratio', 0.6343026366330115),
('scoring', 'B', 'impact_ratio', 1.0),
('scoring', 'C', 'impact_ratio', 0.6160710928982293),
('sweep', 'A', 't0_selection_rate', 1.0),
('sweep', 'A', 't0_tpr', 1.0),
('sweep', 'A', 't0_fpr', 1.0),
('sweep', 'A', 't0_ppv', 0.35714285714285715),
('sweep', 'A', 't1_selection_rate', 0.9448529411764706),
('sweep', 'A', 't1_tpr', 1.0),
('sweep', 'A', 't1_fpr', 0.9117199391171994),
('sweep', 'A', 't1_ppv', 0.37863070539419086),
('sweep', 'A', 't2_selection_rate', 0.8253676470588235),
('sweep', 'A', 't2_tpr', 0.989041095890411),
('sweep', 'A', 't2_fpr', 0.7336377473363774),
('sweep', 'A', 't2_ppv', 0.42823250296559906),
('sweep', 'A', 't3_selection_rate', 0.6783088235294118),
('sweep', 'A', 't3_tpr', 0.9534246575342465),
('sweep', 'A', 't3_fpr', 0.5342465753424658),
('sweep', 'A', 't3_ppv', 0.4978540772532189),
('sweep', 'A', 't4_selection_rate', 0.5174632352941176),
('sweep', 'A', 't4_tpr', 0.873972602739726),
('sweep', 'A', 't4_fpr', 0.3257229832572298),
('sweep', 'A', 't4_ppv', 0.5984990619136961),
('sweep', 'A', 't5_selection_rate', 0.38419117647058826),
('sweep', 'A', 't5_tpr', 0.7616438356164383),
('sweep', 'A', 't5_fpr', 0.1765601217656012),
('sweep', 'A', 't5_ppv', 0.7055837563451777),
('sweep', 'A', 't6_selection_rate', 0.25183823529411764),
('sweep', 'A', 't6_tpr', 0.5726027397260274),
('sweep', 'A', 't6_fpr', 0.076103500761035),
('sweep', 'A', 't6_ppv', 0.806949806949807),
('sweep', 'A', 't7_selection_rate', 0.140625),
('sweep', 'A', 't7_tpr', 0.3506849315068493),
('sweep', 'A', 't7_fpr', 0.0243531202435312),
('sweep', 'A', 't7_ppv', 0.8888888888888888),
('sweep', 'A', 't8_selection_rate', 0.05974264705882353),
('sweep', 'A', 't8_tpr', 0.15616438356164383),
('sweep', 'A', 't8_fpr', 0.0076103500761035),
('sweep', 'A', 't8_ppv', 0.9193548387096774),
('sweep', 'A', 't9_selection_rate', 0.015625),
('sweep', 'A', 't9_tpr', 0.043835616438356165),
('sweep', 'A', 't9_fpr', 0.0),
('sweep', 'A', 't9_ppv', 1.0),
('sweep', 'A', 't10_selection_rate', 0.0),
('sweep', 'A', 't10_tpr', 0.0),
('sweep', 'A', 't10_fpr', 0.0),
('sweep', 'A', 't10_ppv', NULL),
('sweep', 'B', 't0_selection_rate', 1.0),
('sweep', 'B', 't0_tpr', 1.0),
('sweep', 'B', 't0_fpr', 1.0),
('sweep', 'B', 't0_ppv', 0.4434782608695652),
('sweep', 'B', 't1_selection_rate', 0.9904191616766467),
('sweep', 'B', 't1_tpr', 1.0),
('sweep', 'B', 't1_fpr', 0.984375),
('sweep', 'B', 't1_ppv', 0.4473684210526316),
('sweep', 'B', 't2_selection_rate', 0.9461077844311377),
('sweep', 'B', 't2_tpr', 1.0),
('sweep', 'B', 't2_fpr', 0.9017857142857143),
('sweep', 'B', 't2_ppv', 0.469119579500657),
('sweep', 'B', 't3_selection_rate', 0.8646706586826347),
('sweep', 'B', 't3_tpr', 0.9915966386554622),
('sweep', 'B', 't3_fpr', 0.7633928571428571),
('sweep', 'B', 't3_ppv', 0.5086206896551724),
('sweep', 'B', 't4_selection_rate', 0.7520958083832335),
('sweep', 'B', 't4_tpr', 0.9635854341736695),
('sweep', 'B', 't4_fpr', 0.5915178571428571),
('sweep', 'B', 't4_ppv', 0.5648604269293924),
('sweep', 'B', 't5_selection_rate', 0.61437125748503),
('sweep', 'B', 't5_tpr', 0.8879551820728291),
('sweep', 'B', 't5_fpr', 0.39955357142857145),
('sweep', 'B', 't5_ppv', 0.6391129032258065),
('sweep', 'B', 't6_selection_rate', 0.4538922155688623),
('sweep', 'B', 't6_tpr', 0.7310924369747899),
('sweep', 'B', 't6_fpr', 0.22991071428571427),
('sweep', 'B', 't6_ppv', 0.717032967032967),
('sweep', 'B', 't7_selection_rate', 0.30538922155688625),
('sweep', 'B', 't7_tpr', 0.5574229691876751),
('sweep', 'B', 't7_fpr', 0.09821428571428571),
('sweep', 'B', 't7_ppv', 0.8189300411522634),
('sweep', 'B', 't8_selection_rate', 0.1473053892215569),
('sweep', 'B', 't8_tpr', 0.3081232492997199),
('sweep', 'B', 't8_fpr', 0.013392857142857142),
('sweep', 'B', 't8_ppv', 0.9482758620689655),
('sweep', 'B', 't9_selection_rate', 0.029940119760479042),
('sweep', 'B', 't9_tpr', 0.06442577030812324),
('sweep', 'B', 't9_fpr', 0.0),
('sweep', 'B', 't9_ppv', 1.0),
('sweep', 'B', 't10_selection_rate', 0.0),
('sweep', 'B', 't10_tpr', 0.0),
('sweep', 'B', 't10_fpr', 0.0),
('sweep', 'B', 't10_ppv', NULL),
('sweep', 'C', 't0_selection_rate', 1.0),
('sweep', 'C', 't0_tpr', 1.0),
('sweep', 'C', 't0_fpr', 1.0),
('sweep', 'C', 't0_ppv', 0.3),
('sweep', 'C', 't1_selection_rate', 0.9672544080604534),
('sweep', 'C', 't1_tpr', 1.0),
('sweep', 'C', 't1_fpr', 0.9511278195488722),
('sweep', 'C', 't1_ppv', 0.3106267029972752),
('sweep', 'C', 't2_selection_rate', 0.8765743073047859),
('sweep', 'C', 't2_tpr', 0.9912280701754386),
('sweep', 'C', 't2_fpr', 0.8345864661654135),
('sweep', 'C', 't2_ppv', 0.3373134328358209),
('sweep', 'C', 't3_selection_rate', 0.707808564231738),
('sweep', 'C', 't3_tpr', 0.8596491228070176),
('sweep', 'C', 't3_fpr', 0.650375939849624),
('sweep', 'C', 't3_ppv', 0.36162361623616235),
('sweep', 'C', 't4_selection_rate', 0.5516372795969773),
('sweep', 'C', 't4_tpr', 0.7807017543859649),
('sweep', 'C', 't4_fpr', 0.4548872180451128),
('sweep', 'C', 't4_ppv', 0.4238095238095238),
('sweep', 'C', 't5_selection_rate', 0.3853904282115869),
('sweep', 'C', 't5_tpr', 0.6403508771929824),
('sweep', 'C', 't5_fpr', 0.2781954887218045),
('sweep', 'C', 't5_ppv', 0.4965986394557823),
('sweep', 'C', 't6_selection_rate', 0.24181360201511334),
('sweep', 'C', 't6_tpr', 0.4824561403508772),
('sweep', 'C', 't6_fpr', 0.13533834586466165),
('sweep', 'C', 't6_ppv', 0.6043956043956044),
('sweep', 'C', 't7_selection_rate', 0.0982367758186398),
('sweep', 'C', 't7_tpr', 0.22807017543859648),
('sweep', 'C', 't7_fpr', 0.041353383458646614),
('sweep', 'C', 't7_ppv', 0.7027027027027027),
('sweep', 'C', 't8_selection_rate', 0.05289672544080604),
('sweep', 'C', 't8_tpr', 0.15789473684210525),
('sweep', 'C', 't8_fpr', 0.007518796992481203),
('sweep', 'C', 't8_ppv', 0.9),
('sweep', 'C', 't9_selection_rate', 0.010075566750629723),
('sweep', 'C', 't9_tpr', 0.03508771929824561),
('sweep', 'C', 't9_fpr', 0.0),
('sweep', 'C', 't9_ppv', 1.0),
('sweep', 'C', 't10_selection_rate', 0.0),
('sweep', 'C', 't10_tpr', 0.0),
('sweep', 'C', 't10_fpr', 0.0),
('sweep', 'C', 't10_ppv', NULL),
('sweep', '(unknown)', 't0_selection_rate', 1.0),
('sweep', '(unknown)', 't0_tpr', 1.0),
('sweep', '(unknown)', 't0_fpr', 1.0),
('sweep', '(unknown)', 't0_ppv', 0.4342105263157895),
('sweep', '(unknown)', 't1_selection_rate', 0.95),
('sweep', '(unknown)', 't1_tpr', 1.0),
('sweep', '(unknown)', 't1_fpr', 0.9534883720930233),
('sweep', '(unknown)', 't1_ppv', 0.44594594594594594),
('sweep', '(unknown)', 't2_selection_rate', 0.8),
('sweep', '(unknown)', 't2_tpr', 0.9696969696969697),
('sweep', '(unknown)', 't2_fpr', 0.6976744186046512),
('sweep', '(unknown)', 't2_ppv', 0.5161290322580645),
('sweep', '(unknown)', 't3_selection_rate', 0.6),
('sweep', '(unknown)', 't3_tpr', 0.8787878787878788),
('sweep', '(unknown)', 't3_fpr', 0.4186046511627907),
('sweep', '(unknown)', 't3_ppv', 0.6170212765957447),
('sweep', '(unknown)', 't4_selection_rate', 0.4625),
('sweep', '(unknown)', 't4_tpr', 0.7272727272727273),
('sweep', '(unknown)', 't4_fpr', 0.27906976744186046),
('sweep', '(unknown)', 't4_ppv', 0.6666666666666666),
('sweep', '(unknown)', 't5_selection_rate', 0.325),
('sweep', '(unknown)', 't5_tpr', 0.6363636363636364),
('sweep', '(unknown)', 't5_fpr', 0.11627906976744186),
('sweep', '(unknown)', 't5_ppv', 0.8076923076923077),
('sweep', '(unknown)', 't6_selection_rate', 0.2),
('sweep', '(unknown)', 't6_tpr', 0.3939393939393939),
('sweep', '(unknown)', 't6_fpr', 0.06976744186046512),
('sweep', '(unknown)', 't6_ppv', 0.8125),
('sweep', '(unknown)', 't7_selection_rate', 0.0875),
('sweep', '(unknown)', 't7_tpr', 0.15151515151515152),
('sweep', '(unknown)', 't7_fpr', 0.046511627906976744),
('sweep', '(unknown)', 't7_ppv', 0.7142857142857143),
('sweep', '(unknown)', 't8_selection_rate', 0.05),
('sweep', '(unknown)', 't8_tpr', 0.09090909090909091),
('sweep', '(unknown)', 't8_fpr', 0.023255813953488372),
('sweep', '(unknown)', 't8_ppv', 0.75),
('sweep', '(unknown)', 't9_selection_rate', 0.0),
('sweep', '(unknown)', 't9_tpr', 0.0),
('sweep', '(unknown)', 't9_fpr', 0.0),
('sweep', '(unknown)', 't9_ppv', NULL),
('sweep', '(unknown)', 't10_selection_rate', 0.0),
('sweep', '(unknown)', 't10_tpr', 0.0),
('sweep', '(unknown)', 't10_fpr', 0.0),
('sweep', '(unknown)', 't10_ppv', NULL),
('sweep', '(overall)', 't0_selection_rate', 1.0),
('sweep', '(overall)', 't0_tpr', 1.0),
('sweep', '(overall)', 't0_fpr', 1.0),
('sweep', '(overall)', 't0_ppv', 0.3806395094174332),
('sweep', '(overall)', 't1_selection_rate', 0.9645833333333333),
('sweep', '(overall)', 't1_tpr', 1.0),
('sweep', '(overall)', 't1_fpr', 0.9434229137199435),
('sweep', '(overall)', 't1_ppv', 0.39446209714026326),
('sweep', '(overall)', 't2_selection_rate', 0.875),
('sweep', '(overall)', 't2_tpr', 0.9930955120828538),
('sweep', '(overall)', 't2_fpr', 0.8048090523338048),
('sweep', '(overall)', 't2_ppv', 0.4312843578210895),
('sweep', '(overall)', 't3_selection_rate', 0.7454166666666666),
('sweep', '(overall)', 't3_tpr', 0.953970080552359),
('sweep', '(overall)', 't3_fpr', 0.6251768033946252),
('sweep', '(overall)', 't3_ppv', 0.4839462930531232),
('sweep', '(overall)', 't4_selection_rate', 0.6029166666666667),
('sweep', '(overall)', 't4_tpr', 0.8929804372842347),
('sweep', '(overall)', 't4_fpr', 0.4328147100424328),
('sweep', '(overall)', 't4_ppv', 0.5590778097982709),
('sweep', '(overall)', 't5_selection_rate', 0.4625),
('sweep', '(overall)', 't5_tpr', 0.7928653624856157),
('sweep', '(overall)', 't5_fpr', 0.26449787835926447),
('sweep', '(overall)', 't5_ppv', 0.6481655691439323),
('sweep', '(overall)', 't6_selection_rate', 0.31875),
('sweep', '(overall)', 't6_tpr', 0.619102416570771),
('sweep', '(overall)', 't6_fpr', 0.13578500707213578),
('sweep', '(overall)', 't6_ppv', 0.736986301369863),
('sweep', '(overall)', 't7_selection_rate', 0.18916666666666668),
('sweep', '(overall)', 't7_tpr', 0.41196777905638665),
('sweep', '(overall)', 't7_fpr', 0.051626591230551626),
('sweep', '(overall)', 't7_ppv', 0.8306264501160093),
('sweep', '(overall)', 't8_selection_rate', 0.08875),
('sweep', '(overall)', 't8_tpr', 0.21634062140391255),
('sweep', '(overall)', 't8_fpr', 0.009900990099009901),
('sweep', '(overall)', 't8_ppv', 0.9306930693069307),
('sweep', '(overall)', 't9_selection_rate', 0.019166666666666665),
('sweep', '(overall)', 't9_tpr', 0.04948216340621404),
('sweep', '(overall)', 't9_fpr', 0.0),
('sweep', '(overall)', 't9_ppv', 1.0),
('sweep', '(overall)', 't10_selection_rate', 0.0),
('sweep', '(overall)', 't10_tpr', 0.0),
('sweep', '(overall)', 't10_fpr', 0.0),
('sweep', '(overall)', 't10_ppv', NULL),
('at_threshold', 'A', 'tp', 278.0),
('at_threshold', 'A', 'fp', 116.0),
('at_threshold', 'A', 'tn', 541.0),
('at_threshold', 'A', 'fn', 87.0),
('at_threshold', 'A', 'label_null', 66.0),
('at_threshold', 'B', 'tp', 317.0),
('at_threshold', 'B', 'fp', 179.0),
('at_threshold', 'B', 'tn', 269.0),
('at_threshold', 'B', 'fn', 40.0),
('at_threshold', 'B', 'label_null', 30.0),
('at_threshold', 'C', 'tp', 73.0),
('at_threshold', 'C', 'fp', 74.0),
('at_threshold', 'C', 'tn', 192.0),
('at_threshold', 'C', 'fn', 41.0),
('at_threshold', 'C', 'label_null', 17.0),
('at_threshold', '(unknown)', 'tp', 21.0),
('at_threshold', '(unknown)', 'fp', 5.0),
('at_threshold', '(unknown)', 'tn', 38.0),
('at_threshold', '(unknown)', 'fn', 12.0),
('at_threshold', '(unknown)', 'label_null', 4.0),
('report', 'A', 'base_rate_ci_low', 0.32835143300310377),
('report', 'A', 'base_rate_ci_high', 0.38700419286945287),
('report', 'B', 'base_rate_ci_low', 0.409508813059758),
('report', 'B', 'base_rate_ci_high', 0.47798458999517474),
('report', 'B', 'base_rate_p', 0.0001786659997303879),
('report', 'B', 'auc_p', 0.15753332246099738),
('report', 'B', 'scoring_rate_p', 4.3763839614963935e-24),
('report', 'C', 'base_rate_ci_low', 0.25611398602048135),
('report', 'C', 'base_rate_ci_high', 0.3478891863648013),
('report', 'C', 'base_rate_p', 0.04492839820726154),
('report', 'C', 'auc_p', 2.561692704442109e-05),
('report', 'C', 'scoring_rate_p', 0.7436143849626161),
('report', '(unknown)', 'base_rate_ci_low', 0.32860931819217043),
('report', '(unknown)', 'base_rate_ci_high', 0.5461424693164002);
-- END reference values

CREATE FUNCTION gname(g text, overall boolean) RETURNS text LANGUAGE sql IMMUTABLE
RETURN coalesce(g, CASE WHEN overall THEN '(overall)' ELSE '(unknown)' END);

CREATE TABLE got (section text, grp text, item text, value float8);
INSERT INTO got
SELECT 'auc', gname(group_name, is_overall), x.item, x.value
FROM summ, fairness.auc(s) a,
     LATERAL (VALUES ('n_positive', n_positive::float8), ('n_negative', n_negative::float8),
                     ('auc_binned', auc), ('std_error', std_error),
                     ('error_bound', error_bound)) x(item, value)
UNION ALL
SELECT 'auc_r', gname(group_name, is_overall), 'auc_exact', auc FROM summ, fairness.auc(sr)
UNION ALL
SELECT 'auc_w', gname(group_name, is_overall), x.item, x.value
FROM summ, fairness.auc(sw) a,
     LATERAL (VALUES ('auc_binned', auc), ('std_error', std_error)) x(item, value)
UNION ALL
SELECT 'brier', gname(group_name, is_overall), x.item, x.value
FROM summ, fairness.brier_score(s),
     LATERAL (VALUES ('brier_score', brier_score), ('n', n::float8)) x(item, value)
UNION ALL
SELECT 'brier_w', gname(group_name, is_overall), 'brier_score', brier_score
FROM summ, fairness.brier_score(sw)
UNION ALL
SELECT 'calibration', gname(group_name, is_overall), 'bin' || bin || x.item, x.value
FROM summ, fairness.calibration(s, 10),
     LATERAL (VALUES ('_n', n::float8), ('_mean_score', mean_score),
                     ('_observed_rate', observed_rate)) x(item, value)
UNION ALL
SELECT 'ece', gname(group_name, is_overall), x.item || '_' || b, x.value
FROM summ, (VALUES (10), (4)) bins(b), fairness.expected_calibration_error(s, b),
     LATERAL (VALUES ('ece', ece), ('mce', max_calibration_error)) x(item, value)
UNION ALL
SELECT 'ece_w', gname(group_name, is_overall), 'ece_' || b, ece
FROM summ, (VALUES (10), (4)) bins(b), fairness.expected_calibration_error(sw, b)
UNION ALL
SELECT 'ks', a || '-' || b, 'ks_r', fairness.ks_statistic(sr, a, b)
FROM summ, (VALUES ('A', 'B'), ('A', 'C'), ('B', 'C')) p(a, b)
UNION ALL
SELECT 'scoring', gname(group_name, is_overall), x.item, x.value
FROM summ, fairness.scoring_rates(sr),
     LATERAL (VALUES ('n_above', n_above::float8), ('scoring_rate', scoring_rate),
                     ('impact_ratio', impact_ratio)) x(item, value)
WHERE x.item <> 'impact_ratio' OR (group_name IS NOT NULL)
UNION ALL
SELECT 'sweep', gname(group_name, is_overall), 't' || round(threshold * 10) || x.item, x.value
FROM summ, fairness.threshold_sweep(s, 10),
     LATERAL (VALUES ('_selection_rate', selection_rate), ('_tpr', tpr), ('_fpr', fpr),
                     ('_ppv', ppv)) x(item, value)
UNION ALL
SELECT 'at_threshold', gname(group_name, false), x.item, x.value
FROM summ, fairness.group_metrics(fairness.at_threshold(s, 0.5)),
     LATERAL (VALUES ('tp', tp::float8), ('fp', fp::float8), ('tn', tn::float8),
                     ('fn', fn::float8), ('label_null', label_null::float8)) x(item, value)
WHERE NOT is_overall
UNION ALL
SELECT 'report', gname(group_name, false), x.item, x.value
FROM summ, fairness.score_report(s) r,
     LATERAL (VALUES (metric || '_ci_low', ci_low), (metric || '_ci_high', ci_high),
                     (metric || '_p', p_value)) x(item, value)
WHERE r.metric IN ('base_rate', 'auc', 'scoring_rate')
  AND x.item IN ('base_rate_ci_low', 'base_rate_ci_high', 'base_rate_p', 'auc_p', 'scoring_rate_p');

-- exact AUC, which the summary cannot see, must lie within the bound of the
-- binned AUC (unweighted and weighted), and scipy's exact KS statistic
-- between the two values the summary gives
CREATE VIEW bounded AS
SELECT 'auc' AS section, e.grp, e.value AS exact, g.value AS binned, b.value AS bound,
       abs(e.value - g.value) <= b.value + 1e-15 AS ok
FROM expected e
JOIN got g ON g.section = 'auc' AND g.grp = e.grp AND g.item = 'auc_binned'
JOIN got b ON b.section = 'auc' AND b.grp = e.grp AND b.item = 'error_bound'
WHERE e.section = 'auc' AND e.item = 'auc_exact'
UNION ALL
SELECT 'auc_w', e.grp, e.value, a.auc, a.error_bound, abs(e.value - a.auc) <= a.error_bound + 1e-15
FROM expected e, summ, fairness.auc(sw) a
WHERE e.section = 'auc_w' AND e.item = 'auc_exact'
  AND gname(a.group_name, a.is_overall) = e.grp
UNION ALL
SELECT 'ks', e.grp, e.value, fairness.ks_statistic(s, split_part(e.grp, '-', 1), split_part(e.grp, '-', 2)),
       fairness.ks_statistic_bound(s, split_part(e.grp, '-', 1), split_part(e.grp, '-', 2)),
       e.value BETWEEN fairness.ks_statistic(s, split_part(e.grp, '-', 1), split_part(e.grp, '-', 2)) - 1e-12
                   AND fairness.ks_statistic_bound(s, split_part(e.grp, '-', 1), split_part(e.grp, '-', 2)) + 1e-12
FROM expected e, summ
WHERE e.section = 'ks' AND e.item = 'ks_exact';
SELECT section, grp, round(exact::numeric, 6) AS exact, round(binned::numeric, 6) AS binned,
       round(bound::numeric, 6) AS bound, ok
FROM bounded ORDER BY section, grp COLLATE "C";

-- value by value
CREATE VIEW comparison AS
SELECT e.section, e.grp, e.item, e.value AS expected, g.value AS got,
       CASE WHEN g.section IS NULL THEN false
            WHEN e.value IS NULL OR g.value IS NULL THEN e.value IS NULL AND g.value IS NULL
            ELSE abs(e.value - g.value) <= 1e-12 * greatest(abs(e.value), 1) END AS ok
FROM expected e LEFT JOIN got g USING (section, grp, item)
WHERE NOT (e.section IN ('auc', 'auc_w') AND e.item = 'auc_exact')
  AND NOT (e.section = 'ks' AND e.item = 'ks_exact');
SELECT section, count(*) AS compared, count(*) FILTER (WHERE ok) AS agree
FROM comparison GROUP BY section ORDER BY section COLLATE "C";
-- every value the extension reports is compared (none left over)
SELECT g.section, g.grp, g.item, g.value AS not_in_reference
FROM got g LEFT JOIN expected e USING (section, grp, item)
WHERE e.section IS NULL AND g.value IS NOT NULL
ORDER BY 1, 2, 3;
-- the mismatches (must be none)
SELECT * FROM comparison WHERE NOT ok ORDER BY section, grp, item;

-- merging per-sex summaries gives the one-pass summary: the same counts in
-- every bin, and sums equal up to the rounding of floating-point addition
-- in another order (byte equality for sums that are exact: sql/scores.sql)
CREATE TABLE merged AS
SELECT fairness.merge(x) AS s, fairness.merge(xw) AS sw
FROM (SELECT fairness.scores(grp, label = 1, score) x, fairness.scores(grp, label = 1, score, weight) xw
      FROM fx GROUP BY sex) p;
SELECT w.weighted, count(*) AS bins,
       count(*) FILTER (WHERE a.n_true = b.n_true AND a.n_false = b.n_false
                          AND a.n_unlabeled = b.n_unlabeled
                          AND coalesce(abs(a.weight_true - b.weight_true) <= 1e-13 * b.weight_true,
                                       a.weight_true IS NULL AND b.weight_true IS NULL)
                          AND coalesce(abs(a.score_sum - b.score_sum) <= 1e-13 * b.score_sum,
                                       a.score_sum IS NULL AND b.score_sum IS NULL)) AS agree
FROM (VALUES (false), (true)) w(weighted),
     LATERAL (SELECT h.* FROM merged, fairness.histogram(CASE WHEN w.weighted THEN merged.sw ELSE merged.s END) h) a
     FULL JOIN
     LATERAL (SELECT h.* FROM summ, fairness.histogram(CASE WHEN w.weighted THEN summ.sw ELSE summ.s END) h) b
     ON a.group_name IS NOT DISTINCT FROM b.group_name AND a.bin = b.bin
GROUP BY w.weighted ORDER BY 1;
SELECT count(*) AS compared,
       count(*) FILTER (WHERE abs(a.brier_score - b.brier_score) <= 1e-14) AS agree
FROM merged, summ, fairness.brier_score(merged.sw) a
JOIN fairness.brier_score(summ.sw) b
  ON a.group_key IS NOT DISTINCT FROM b.group_key AND a.is_overall = b.is_overall;

DROP VIEW comparison, bounded;
DROP TABLE got, expected, summ, merged, fx;
DROP FUNCTION gname(text, boolean);

SET client_min_messages = warning;
RESET search_path;
DROP SCHEMA scores_reference_test CASCADE;
