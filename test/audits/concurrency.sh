#!/bin/bash
# Run inside a throwaway cluster (test/stages/82-audits-concurrency.sh):
# several connections run the same audits at once while another appends to
# the decision log and others read the views.  Afterwards the history must
# be consistent: every run succeeded, consecutive incremental runs chain
# their high-water marks, and every row of the log is counted exactly once.
set -u
. "$(dirname "$0")/../stages/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PGDATABASE=postgres
RUNNERS=${RUNNERS:-5}
RUNS=${RUNS:-12}
INSERTS=${INSERTS:-150}

q <<'SQL' >/dev/null
CREATE EXTENSION fairness;
CREATE TABLE log (id bigserial, t timestamptz NOT NULL, model text, g text, y boolean, p boolean);
INSERT INTO log (t, model, g, y, p)
SELECT clock_timestamp() - interval '3 days' + i * interval '1 minute', 'm' || i % 3,
       CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END, i % 3 = 0, i % 4 < 2
FROM generate_series(1, 2000) i;
-- lateness: longer than any inserting transaction takes to commit
SELECT fairness.create_audit('log', 'log', '{g}', 'y', 'p', slice_columns => '{model}',
                             time_column => 't', lateness => '2 seconds');
SELECT fairness.create_audit('snapshot', 'log', '{g}', 'y', 'p', slice_columns => '{model}');
SQL

# the workers
pids=()
for w in $(seq 1 "$RUNNERS"); do
	{
		for _ in $(seq 1 "$RUNS"); do
			echo "SELECT fairness.run_audit('log');"
			[ $((w % 2)) = 0 ] && echo "SELECT fairness.run_audit('snapshot');"
			[ "$w" = 1 ] && echo "SELECT count(*) FROM fairness.run_all_audits();"
		done
	} | q -o /dev/null 2>"$tmp/runner$w.err" &
	pids+=($!)
done
{
	for i in $(seq 1 "$INSERTS"); do
		echo "INSERT INTO log (t, model, g, y, p) SELECT clock_timestamp(), 'm' || $i % 3, CASE WHEN j % 2 = 0 THEN 'a' ELSE 'b' END, j % 3 = 0, j % 5 < 2 FROM generate_series(1, 3) j;"
		echo "SELECT pg_sleep(0.01);"
	done
} | q -o /dev/null 2>"$tmp/inserter.err" &
pids+=($!)
{
	for _ in $(seq 1 20); do
		echo "SELECT count(*) FROM fairness.latest_audit_report;"
		echo "SELECT count(*) FROM fairness.audit_rolling_report;"
		echo "SELECT count(*) FROM fairness.alerts;"
	done
} | q -o /dev/null 2>"$tmp/reader.err" &
pids+=($!)
status=0
for p in "${pids[@]}"; do wait "$p" || status=1; done
same "every connection finished without error" "$status|$(cat "$tmp"/*.err)" "0|"

# catch up once the lateness has passed
sleep 2.5
q -c "SELECT fairness.run_audit('log'), fairness.run_audit('snapshot')" >/dev/null

expected_runs=$((RUNNERS * RUNS + RUNS + 1))
same "every run of the incremental audit was recorded and succeeded" "$(q -c "SELECT count(*), count(*) FILTER (WHERE status = 'succeeded') FROM fairness.audit_runs r JOIN fairness.audits a ON a.id = r.audit_id WHERE a.name = 'log'")" \
	"$expected_runs|$expected_runs"
same "run ids are unique and results belong to successful runs" "$(q -c "SELECT count(*) - count(DISTINCT id) FROM fairness.audit_runs")|$(q -c "SELECT count(*) FROM fairness.audit_results re JOIN fairness.audit_runs r ON r.id = re.run_id WHERE r.status <> 'succeeded'")" \
	"0|0"
same "each incremental run starts at the previous run's high-water mark" "$(q -c "SELECT count(*) FROM (SELECT r.mode, r.scan_from, lag(r.scan_to) OVER (ORDER BY r.id) AS previous
	                               FROM fairness.audit_runs r JOIN fairness.audits a ON a.id = r.audit_id
	                               WHERE a.name = 'log') s
	         WHERE mode = 'incremental' AND scan_from IS DISTINCT FROM previous")" \
	"0"
same "the scanned ranges never overlap (rows scanned add up to the log)" "$(q -c "SELECT sum(rows_scanned) = (SELECT count(*) FROM log) FROM fairness.audit_runs r JOIN fairness.audits a ON a.id = r.audit_id WHERE a.name = 'log'")" \
	"t"
same "every row is counted once per slice and day" "$(q -c "SELECT count(*) FROM (SELECT p.slice_key[1] AS model, p.period, sum(p.rows) AS n
	                               FROM fairness.audit_periods p WHERE p.superseded_by IS NULL GROUP BY 1, 2) s
	         FULL JOIN (SELECT model, t::date AS period, count(*) AS n FROM log GROUP BY 1, 2) l USING (model, period)
	         WHERE s.n IS DISTINCT FROM l.n")" \
	"0"
same "the latest evaluation equals the whole log" "$(q -c "SELECT bool_and(re.summary::text = (SELECT fairness.confusion(g, y, p)::text FROM log WHERE model = re.slice_key[1]))
	         FROM fairness.audit_results re WHERE re.run_id = (SELECT last_run_id FROM fairness.audits WHERE name = 'log')")" \
	"t"
# the snapshot audit: runners with an even number, run_all_audits (runner 1)
# and the catch-up: the next check is only worth something if they ran
expected_snapshot_runs=$(((RUNNERS / 2) * RUNS + RUNS + 1))
same "every snapshot run was recorded and succeeded (at least one ran)" \
	"$(q -c "SELECT count(*), count(*) FILTER (WHERE status = 'succeeded') FROM fairness.audit_runs r JOIN fairness.audits a ON a.id = r.audit_id WHERE a.name = 'snapshot'")" \
	"$expected_snapshot_runs|$expected_snapshot_runs"
same "concurrent snapshot runs each stored complete results" "$(q -c "SELECT count(*) FROM fairness.audit_runs r JOIN fairness.audits a ON a.id = r.audit_id
	         WHERE a.name = 'snapshot' AND (r.status <> 'succeeded'
	            OR r.rows_scanned <> (SELECT sum(rows) FROM fairness.audit_results re WHERE re.run_id = r.id))")" \
	"0"

finish concurrency
