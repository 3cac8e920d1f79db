-- Hostile values, beyond the malformed literals of confusion_io: the rest of
-- the malformed literal classes, enormous (100 MB) and deeply nested inputs,
-- invalid encodings, truncated COPY BINARY files, counters near INT64_MAX in
-- merge and combine, fairness.max_groups in every path, stored values of an
-- unknown format version.  Every one is an ERROR with its SQLSTATE (or a
-- correct value), and the server keeps serving: the last query checks that
-- neither this backend nor the postmaster restarted.
\pset null '(null)'

SELECT current_database() AS regress_db \gset
-- a LATIN1 database: \u escapes above U+007F are refused (they could not be
-- stored), raw LATIN1 bytes are names like any other
CREATE DATABASE fairness_regress_latin1 TEMPLATE template0 ENCODING 'LATIN1' LOCALE 'C';
\c fairness_regress_latin1
SET client_encoding = 'UTF8';
CREATE EXTENSION fairness;
SELECT '{"version":1,"attributes":1,"groups":[{"group":"\u00e9","tp":1}]}'::fairness.confusion;
SELECT '{"version":1,"attributes":1,"groups":[{"group":"\u0041","tp":1}]}'::fairness.confusion;
SELECT c, c::text::fairness.confusion::text = c::text AS roundtrip,
       (SELECT encode(convert_to(group_name, 'LATIN1'), 'hex') FROM fairness.group_metrics(c) WHERE NOT is_overall) AS latin1_bytes,
       encode(fairness.confusion_send(c), 'hex') AS sent
FROM (SELECT '{"version":1,"attributes":1,"groups":[{"group":"é","tp":1}]}'::fairness.confusion c) s;
\c :regress_db
DROP DATABASE fairness_regress_latin1;

SELECT pg_postmaster_start_time() AS start_time, pg_backend_pid() AS pid \gset
-- enormous inputs are 100 MB; test/valgrind.sh makes them smaller
SELECT coalesce(current_setting('fairness_test.huge_mb', true), '100')::int * 1048576 AS huge \gset

CREATE FUNCTION h_try(t text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE d text;
BEGIN
	RETURN 'ok: ' || left(t::fairness.confusion::text, 120);
EXCEPTION WHEN others THEN
	GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
	RETURN SQLSTATE || ': ' || left(SQLERRM, 100) || coalesce(' | ' || left(nullif(d, ''), 100), '');
END $$;
CREATE FUNCTION h_try_sql(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text; d text;
BEGIN
	EXECUTE q INTO r;
	RETURN 'ok: ' || coalesce(left(r, 120), 'NULL');
EXCEPTION WHEN others THEN
	GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
	RETURN SQLSTATE || ': ' || left(SQLERRM, 100) || coalesce(' | ' || left(nullif(d, ''), 100), '');
END $$;
CREATE FUNCTION g(body text) RETURNS text LANGUAGE sql AS
$$ SELECT '{"version":1,"attributes":1,"groups":[' || body || ']}' $$;

-- literal classes not in confusion_io: number tokens JSON does not have,
-- counts that are not whole numbers, wrong key spellings, keys and groups
-- that are equal only after decoding their escapes
SELECT v AS input, h_try(v) AS result FROM (VALUES
  (g('{"group":"a","tp":Infinity}')),
  (g('{"group":"a","tp":-Infinity}')),
  (g('{"group":"a","tp":NaN}')),
  (g('{"group":"a","tp":"NaN"}')),
  (g('{"group":"a","tp":+1}')),
  (g('{"group":"a","tp":0x10}')),
  (g('{"group":"a","tp":01}')),
  (g('{"group":"a","tp":1.}')),
  (g('{"group":"a","tp":.5}')),
  (g('{"group":"a","tp":1e}')),
  (g('{"group":"a","tp":-}')),
  (g('{"group":"a","tp":1.0}')),
  (g('{"group":"a","tp":1E0}')),
  (g('{"group":"a","tp":true}')),
  (g('{"group":"a","tp":null}')),
  (g('{"group":"a","tp":[1]}')),
  (g('{"group":"a","tp":1e400}')),
  (g('{"group":"a","tp":-0}')),
  (g('{"group":"a","tp":-0,"fn":1}')),
  (g('{"group":"a","tp":99999999999999999999999999999999999999}')),
  (g('{"group":"a","Tp":1}')),
  (g('{"group":"a","tp ":1}')),
  (g('{"Group":"a","tp":1}')),
  (g('{"group":"a","\u0074p":1}')),
  (g('{"group":"a","tp":1,"\u0074p":1}')),
  (g('{"group":"a","tp":1},{"group":"\u0061","fn":1}')),
  (g('{"group":"a","tp":1,"weights":null}')),
  (g('{"group":"a","tp":1}') || ','),
  ('{"version":1.0,"attributes":1,"groups":[]}'),
  ('{"version":"1","attributes":1,"groups":[]}'),
  ('{"version":1,"attributes":1,"groups":{}}'),
  ('{"version":1,"attributes":1,"groups":null}'),
  ('{"version":1,"attributes":1,"weighted":null,"groups":[]}'),
  ('{"version":1,"attributes":1,"weighted":true,"weighted":true,"groups":[]}'),
  ('{"version":1,"attributes":2,"groups":[{"group":[null,"x"],"tp":1},{"group":[null,"x"],"fn":1}]}'),
  ('{"version":1,"attributes":1,"weighted":true,"groups":[{"group":"a","tp":1,"weights":{"tp":Infinity}}]}'),
  ('{"version":1,"attributes":1,"weighted":true,"groups":[{"group":"a","tp":1,"weights":{"tp":"1"}}]}'),
  ('{"version":1,"attributes":1,"weighted":true,"groups":[{"group":"a","tp":1,"weights":{"tp":1,"tp":1}}]}'),
  ('{"version":1,"attributes":1,"weighted":true,"groups":[{"group":"a","tp":1,"weights":{"tp":1e-400}}]}'),
  ('{"version":1,"attributes":1,"weighted":true,"groups":[{"group":"a","tp":1,"weights":{"tp":-0.0}}]}'),
  (E'{"version":1,"attributes":1,"groups":[{"group":"a\tb","tp":1}]}'),
  (E'\u00a0{"version":1,"attributes":1,"groups":[]}'),
  (E'{"version":1,"attributes":1,"groups":[]}\u00a0'),
  ('{"version":1,"attributes":1,"groups":[]}{}')
) t(v);

-- a group value is limited in bytes, not characters: 512 two-byte
-- characters fit, 513 do not
SELECT h_try(g(format('{"group":"%s","tp":1}', repeat('é', 512)))) ~ '^ok' AS "1024 bytes ok",
       h_try(g(format('{"group":"%s","tp":1}', repeat('é', 513)))) AS "1026 bytes";
SELECT h_try(g(format('{"group":"%s","tp":1}', repeat('\u00e9', 513))));

-- enormous inputs (100 MB, some 10 MB): refused after a linear scan, or
-- accepted; memory stays a small multiple of the input size (measured in
-- test/stages/40-limits.sh)
-- a 100 MB SQL literal: the server's scanner, then the input function
SELECT regexp_replace(h_try_sql('SELECT ' || quote_literal(g(format('{"group":"%s","tp":1}', repeat('x', :huge)))) || '::fairness.confusion::text'),
                      'is \d+ bytes', 'is (huge) bytes') AS "huge literal";
SELECT h_try(repeat(' ', :huge) || g('{"group":"a","tp":1}') || repeat(E'\n', 16)) AS "huge whitespace";
SELECT h_try(g('{"group":"a","tp":' || repeat('9', :huge / 10) || '}')) AS "10 MB number";
SELECT h_try('{"version":1,"attributes":1,"weighted":true,"groups":[{"group":"a","tp":1,"weights":{"tp":0.' || repeat('0', :huge / 10) || '1}}]}') AS "10 MB weight";
SELECT h_try('{"' || repeat('k', :huge / 10) || '":1}') AS "10 MB key";
-- deep nesting: refused at depth 9, whatever the depth, through text and jsonb
SELECT h_try(repeat('[', :huge)) AS "huge nesting";
SELECT h_try(g('{"group":' || repeat('[', 100000) || repeat(']', 100000) || ',"tp":1}')) AS "nested key";
SELECT h_try_sql($$SELECT (repeat('[', 2000) || repeat(']', 2000))::jsonb::fairness.confusion::text$$) AS "nested jsonb";
SELECT h_try_sql($$SELECT jsonb_build_object('version', 1, 'attributes', 1, 'groups',
  jsonb_build_array(jsonb_build_object('group', 'a', 'tp', 1, 'weights', (repeat('{"a":', 500) || '1' || repeat('}', 500))::jsonb)))::fairness.confusion::text$$) AS "nested weights";
-- a 100 MB value through COPY (the path of a dump file)
CREATE TEMP TABLE h_copy (c fairness.confusion);
COPY (SELECT g(format('{"group":"%s","tp":1}', repeat('y', :huge)))) TO '/tmp/fairness_regress_huge.txt';
SELECT regexp_replace(h_try_sql($$COPY h_copy FROM '/tmp/fairness_regress_huge.txt'$$), 'is \d+ bytes', 'is (huge) bytes') AS "huge COPY line";
COPY (SELECT 1 WHERE false) TO '/tmp/fairness_regress_huge.txt';
SELECT 'still serving' AS status;

-- invalid encodings through the receive function (text input is checked by
-- the server before it reaches us): overlong, surrogate, truncated, stray
CREATE FUNCTION h_copy_file(payload bytea) RETURNS bytea LANGUAGE sql AS $$
  SELECT '\x5047434f50590aff0d0a00'::bytea || '\x0000000000000000'::bytea
      || '\x0001'::bytea || int4send(length(payload)) || payload || '\xffff'::bytea $$;
CREATE FUNCTION h_recv(name bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE d text; loid oid;
BEGIN
	loid := lo_from_bytea(0, h_copy_file('\x0100000100000001'::bytea || int4send(length(name)) || name
	        || '\x0000000000000001'::bytea || decode(repeat('00', 64), 'hex')));
	PERFORM lo_export(loid, '/tmp/fairness_regress_recv.bin');
	PERFORM lo_unlink(loid);
	TRUNCATE h_copy;
	COPY h_copy FROM '/tmp/fairness_regress_recv.bin' WITH (FORMAT binary);
	RETURN (SELECT 'ok: ' || c::text FROM h_copy);
EXCEPTION WHEN others THEN
	GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
	RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
SELECT label, h_recv(b) FROM (VALUES
  ('valid é', '\x61c3a9'::bytea),
  ('overlong /', '\x61c0af'::bytea),
  ('UTF-16 surrogate', '\x61eda080'::bytea),
  ('above U+10FFFF', '\x61f4908080'::bytea),
  ('truncated sequence', '\x61c3'::bytea),
  ('stray continuation', '\x6180'::bytea),
  ('0xFF', '\xff'::bytea)
) t(label, b);

-- and through COPY text: the server refuses the bytes before the input
-- function sees them
SELECT lo_from_bytea(0, convert_to('{"version":1,"attributes":1,"groups":[{"group":"a', 'UTF8') || '\xff'::bytea
                     || convert_to('","tp":1}]}', 'UTF8') || '\x0a'::bytea) AS bad_lo \gset
SELECT lo_export(:bad_lo, '/tmp/fairness_regress_bad.txt') AS written, lo_unlink(:bad_lo) AS unlinked;
SELECT h_try_sql($$COPY h_copy FROM '/tmp/fairness_regress_bad.txt'$$) AS "COPY text, invalid UTF-8";

-- truncated COPY BINARY files: a real export of several values, cut at every
-- byte.  Each cut is an error (22P04: COPY checks each field's length before
-- the receive function sees it; a field cut inside is covered above and by
-- the fuzzers) or, when it falls between two rows (COPY accepts a file
-- without its trailer), loads a prefix of the rows, each bit for bit as
-- exported: never a wrong value.
CREATE TEMP TABLE h_src (id int, c fairness.confusion);
INSERT INTO h_src VALUES
  (1, '{"version":1,"attributes":1,"groups":[{"group":"a","tp":2},{"group":null,"fn":1}]}'),
  (2, '{"version":1,"attributes":2,"weighted":true,"groups":[{"group":["x",null],"tp":1,"weights":{"tp":0.5}}]}'),
  (3, '{"version":1,"attributes":1,"groups":[]}');
COPY h_src TO '/tmp/fairness_regress_full.bin' WITH (FORMAT binary);
CREATE TEMP TABLE h_dst (LIKE h_src);
CREATE FUNCTION h_cut(cut int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE loid oid; n int; good int;
BEGIN
	loid := lo_from_bytea(0, substring(pg_read_binary_file('/tmp/fairness_regress_full.bin') FROM 1 FOR cut));
	PERFORM lo_export(loid, '/tmp/fairness_regress_cut.bin');
	PERFORM lo_unlink(loid);
	TRUNCATE h_dst;
	COPY h_dst FROM '/tmp/fairness_regress_cut.bin' WITH (FORMAT binary);
	SELECT count(*), count(*) FILTER (WHERE d.c::text = s.c::text AND fairness.confusion_send(d.c) = fairness.confusion_send(s.c))
	INTO n, good FROM h_dst d JOIN h_src s USING (id);
	RETURN CASE WHEN n = good AND n = (SELECT count(*) FROM h_dst) AND n = coalesce((SELECT max(id) FROM h_dst), 0)
		THEN 'loaded ' || n || ' rows, all exact' ELSE 'WRONG VALUES' END;
EXCEPTION WHEN others THEN
	RETURN SQLSTATE;
END $$;
SELECT h_cut(cut) AS outcome, count(*) AS cuts
FROM generate_series(0, length(pg_read_binary_file('/tmp/fairness_regress_full.bin'))) cut
GROUP BY 1 ORDER BY 1;

-- counters near INT64_MAX: merge and combine give 22003, never wrap around
CREATE TEMP TABLE h_big (id int, c fairness.confusion);
INSERT INTO h_big VALUES
  (1, g('{"group":"a","tp":9223372036854775000}')::fairness.confusion),
  (2, g('{"group":"a","tp":807}')::fairness.confusion),
  (3, g('{"group":"b","fn":808}')::fairness.confusion),
  (4, '{"version":1,"attributes":1,"weighted":true,"groups":[{"group":"a","tp":1,"weights":{"tp":1.7976931348623157e308}}]}');
SELECT fairness.total(fairness.merge(a.c, b.c)) AS "exactly INT64_MAX" FROM h_big a, h_big b WHERE a.id = 1 AND b.id = 2;
SELECT h_try_sql('SELECT fairness.merge(a.c, b.c) FROM h_big a, h_big b WHERE a.id = 1 AND b.id = 3') AS "pairwise, other group";
SELECT h_try_sql('SELECT fairness.merge(a.c, a.c) FROM h_big a WHERE a.id = 1') AS "pairwise, same group";
SELECT h_try_sql('SELECT fairness.merge(c) FROM h_big WHERE id IN (1, 2, 3)') AS "merge aggregate (combine)";
SELECT h_try_sql('SELECT fairness.merge(c ORDER BY id) FROM h_big WHERE id IN (1, 2)') AS "merge aggregate at INT64_MAX";
SELECT h_try_sql('SELECT string_agg(fairness.total(m)::text, '','') FROM (SELECT fairness.merge(c) OVER (ORDER BY id ROWS 1 PRECEDING) m FROM h_big WHERE id IN (1, 2, 3)) s') AS "moving window";
SELECT h_try_sql('SELECT fairness.merge(a.c, a.c) FROM h_big a WHERE a.id = 4') AS "weight sum beyond DBL_MAX";
SELECT h_try_sql('SELECT fairness.merge(c) FROM h_big WHERE id IN (1, 4)') AS "weighted + near INT64_MAX";
-- (the transition of fairness.merge is the combine function of every
-- aggregate: the same C function merges partial states in parallel plans)
-- the same in a parallel plan
CREATE TABLE h_par AS SELECT i, CASE WHEN i % 2 = 0 THEN g('{"group":"a","tp":4611686018427387904}')::fairness.confusion
  ELSE g('{"group":"b","tp":1}')::fairness.confusion END AS c FROM generate_series(1, 4000) i;
ANALYZE h_par;
-- Plans are checked with EXPLAIN ANALYZE: the workers must have been
-- launched, not only planned (a plan can fall back to running serially when
-- no worker slot is free, and would then prove nothing about combine).
-- Lines whose content varies from run to run (memory, row counts per
-- worker, JIT) are left out.
CREATE OR REPLACE FUNCTION explain_workers(query text) RETURNS SETOF text
LANGUAGE plpgsql AS $f$
DECLARE
  line text;
BEGIN
  FOR line IN EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, BUFFERS OFF) ' || query LOOP
    CONTINUE WHEN line ~ '^\s*(Sort Method|Worker \d|Batches|Memory Usage|Buckets|Peak Memory|Disk Usage|Rows Removed|JIT:|Functions:|Options:|Timing:)';
    RETURN NEXT regexp_replace(line, ' \((actual rows=[0-9.]+ loops=\d+|never executed)\)', '');
  END LOOP;
END
$f$;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT fairness.merge(c) FROM h_par;
SELECT h_try_sql('SELECT fairness.total(fairness.merge(c)) FROM h_par') AS "parallel merge past INT64_MAX";
SELECT fairness.total(fairness.merge(c)) AS "parallel merge below" FROM h_par WHERE i % 2 = 1;
SELECT explain_workers AS plan FROM explain_workers($$SELECT fairness.total(fairness.merge(c)) FROM h_par WHERE i % 2 = 1$$);
RESET ALL;

-- fairness.max_groups in every path that adds groups: transition, combine
-- (= the merge aggregate's transition), pairwise merge, moving windows,
-- parallel plans (the setting reaches the workers); never on input (a dump
-- made with a higher limit must restore) nor in marginal (which only
-- removes groups)
CREATE TEMP TABLE h_six AS SELECT fairness.confusion(chr(96 + i), true, true) AS c FROM generate_series(1, 3) i
  UNION ALL SELECT fairness.confusion(chr(99 + i), true, false) FROM generate_series(1, 3) i;
SET fairness.max_groups = 5;
SELECT h_try_sql('SELECT fairness.confusion(chr(96 + i), true, true) FROM generate_series(1, 6) i') AS transition;
SELECT h_try_sql('SELECT fairness.confusion(ARRAY[chr(96 + i), NULL], true, true, 1.0) FROM generate_series(1, 6) i') AS "transition, text[], weighted";
SELECT h_try_sql('SELECT fairness.merge(c) FROM h_six') AS "merge aggregate";
SELECT h_try_sql('SELECT fairness.merge(a.c, b.c) FROM h_six a, h_six b WHERE fairness.group_count(a.c) = 3 AND a.c::text < b.c::text') AS pairwise;
SELECT h_try_sql('SELECT fairness.group_count(fairness.merge(c) OVER (ROWS 1 PRECEDING)) FROM h_six') AS "moving window";
SELECT h_try_sql($$SELECT fairness.group_count(g('{"group":"1","tp":1},{"group":"2","tp":1},{"group":"3","tp":1},{"group":"4","tp":1},{"group":"5","tp":1},{"group":"6","tp":1}')::fairness.confusion)$$) AS "input: not limited";
SELECT h_try_sql($$SELECT fairness.group_count(fairness.marginal(fairness.confusion(ARRAY['x', i::text], true, true), 1)) FROM generate_series(1, 5) i$$) AS "marginal: fine";
SET fairness.max_groups = 2000;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
CREATE TABLE h_ids AS SELECT i FROM generate_series(1, 20000) i;
ANALYZE h_ids;
EXPLAIN (COSTS OFF) SELECT fairness.confusion((i % 3000)::text, true, true) FROM h_ids;
SELECT h_try_sql('SELECT fairness.confusion((i % 3000)::text, true, true) FROM h_ids') AS "parallel, over the limit";
SELECT fairness.group_count(fairness.confusion((i % 2000)::text, true, true)) AS "parallel at the limit" FROM h_ids;
SELECT explain_workers AS plan FROM explain_workers($$SELECT fairness.group_count(fairness.confusion((i % 2000)::text, true, true)) FROM h_ids$$);
RESET ALL;

-- stored values: the bytes of format version 1 read back; an unknown format
-- version (what a newer release might write) or a damaged header is refused
-- with SQLSTATE XX001 wherever the value is used, and nothing else breaks.
-- raw_confusion has the physical layout of fairness.confusion and reads and
-- writes its bytes as hex (after the 4-byte varlena header).
-- (the "only a shell" notices are quiet: PostgreSQL 18 adds a position)
SET client_min_messages = warning;
CREATE TYPE raw_confusion;
CREATE FUNCTION raw_confusion_in(cstring) RETURNS raw_confusion LANGUAGE internal IMMUTABLE STRICT AS 'byteain';
CREATE FUNCTION raw_confusion_out(raw_confusion) RETURNS cstring LANGUAGE internal IMMUTABLE STRICT AS 'byteaout';
RESET client_min_messages;
CREATE TYPE raw_confusion (INPUT = raw_confusion_in, OUTPUT = raw_confusion_out, LIKE = fairness.confusion);
CREATE CAST (raw_confusion AS fairness.confusion) WITHOUT FUNCTION;
CREATE CAST (fairness.confusion AS raw_confusion) WITHOUT FUNCTION;
-- the same golden bytes as test/unit/test_hardening.c (little-endian)
\set v1 '\'\\x01000100020000000200000000000000090000000900000000000000030000000000000002000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000050000000000000000000000000000000000000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000050000000400000000000000000000000100000061ffffffff\''
SELECT (g('{"group":"a","tp":2},{"group":null,"fp":1}')::fairness.confusion::raw_confusion)::text = :v1 AS "format 1 bytes unchanged";
CREATE TABLE h_stored (label text, c fairness.confusion);
INSERT INTO h_stored VALUES
  ('format 1', (:v1::raw_confusion)::fairness.confusion),
  ('version 2', (overlay(:v1::bytea placing '\x02' from 1)::text::raw_confusion)::fairness.confusion),
  ('version 0', (overlay(:v1::bytea placing '\x00' from 1)::text::raw_confusion)::fairness.confusion),
  ('version 255', (overlay(:v1::bytea placing '\xff' from 1)::text::raw_confusion)::fairness.confusion),
  ('unknown flag', (overlay(:v1::bytea placing '\x80' from 2)::text::raw_confusion)::fairness.confusion),
  ('truncated', (substring(:v1::bytea from 1 for 100)::text::raw_confusion)::fairness.confusion),
  ('trailing bytes', ((:v1::bytea || '\x0000'::bytea)::text::raw_confusion)::fairness.confusion),
  ('empty', ('\x'::raw_confusion)::fairness.confusion);
SELECT label, h_try_sql(format('SELECT c::text FROM h_stored WHERE label = %L', label)) AS output,
       h_try_sql(format('SELECT fairness.total(c) FROM h_stored WHERE label = %L', label)) AS total,
       h_try_sql(format('SELECT fairness.merge(c) FROM h_stored WHERE label = %L', label)) AS merge,
       h_try_sql(format('SELECT count(*) FROM fairness.group_metrics((SELECT c FROM h_stored WHERE label = %L))', label)) AS metrics,
       h_try_sql(format('SELECT fairness.confusion_send(c) FROM h_stored WHERE label = %L', label)) AS send
FROM h_stored ORDER BY label;
-- the error as a client sees it, with its hint
SELECT fairness.total(c) FROM h_stored WHERE label = 'version 2';
SELECT h_try_sql('COPY h_stored TO ''/tmp/fairness_regress_stored.txt''') AS "COPY TO with an unknown version";
SELECT h_try_sql($$SELECT fairness.merge(c, g('{"group":"z","tp":1}')::fairness.confusion)::text FROM h_stored WHERE label = 'format 1'$$) AS "format 1 merges";

-- still the same server and the same backend: nothing crashed
SELECT pg_postmaster_start_time() = :'start_time' AS same_postmaster, pg_backend_pid() = :pid AS same_backend;
