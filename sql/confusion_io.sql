-- Text, jsonb and binary forms of fairness.confusion: round trips and the
-- validation of every input path.
\pset null '(null)'

CREATE FUNCTION try_in(t text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE d text;
BEGIN
	PERFORM t::fairness.confusion;
	RETURN 'ok';
EXCEPTION WHEN others THEN
	GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
	RETURN SQLSTATE || ': ' || SQLERRM || coalesce(' | ' || nullif(d, ''), '');
END $$;

-- canonical output: groups sorted bytewise, NULL group last, the four
-- confusion cells always present, the NULL-label/prediction cells when non-zero
SELECT '{"version":1,"attributes":1,"groups":[
  {"group":null,"tn":1},
  {"group":"b","tp":1,"label_null_pred_null":2},
  {"group":"B","fp":3, "fn":4},
  {"group":"a","tp":9223372036854775000}]}'::fairness.confusion;

-- keys in any order, whitespace anywhere, "weighted" optional
SELECT ' { "groups" : [ { "tn" : 2 , "group" : "x" } ] , "attributes" : 1 , "version" : 1 } '::fairness.confusion;

-- text round trip is exact, weights included (shortest exact decimal)
CREATE TABLE rt(c fairness.confusion);
INSERT INTO rt VALUES
  ('{"version":1,"attributes":1,"weighted":true,"groups":[{"group":"f","tp":3,"fp":1,"tn":0,"fn":0,"weights":{"tp":0.30000000000000004,"fp":1e-300}}]}'),
  ('{"version":1,"attributes":2,"groups":[{"group":["F",null],"tp":1},{"group":[null,null],"fn":2},{"group":["é \"q\" \\ \t","x"],"tn":5}]}'),
  ('{"version":1,"attributes":1,"groups":[]}');
SELECT c FROM rt;
SELECT c::text::fairness.confusion::text = c::text AS text_roundtrip FROM rt;
SELECT c::jsonb::fairness.confusion::text = c::text AS jsonb_roundtrip FROM rt;
SELECT c::jsonb FROM rt WHERE fairness.attributes(c) = 2;

-- binary round trip through COPY BINARY (send/recv)
\copy rt TO 'results/confusion_io.bin' WITH (FORMAT binary)
CREATE TABLE rt2 (LIKE rt);
\copy rt2 FROM 'results/confusion_io.bin' WITH (FORMAT binary)
SELECT count(*) AS rows, count(*) FILTER (WHERE a.c::text = b.c::text) AS equal
FROM (SELECT c, row_number() OVER () r FROM rt) a JOIN (SELECT c, row_number() OVER () r FROM rt2) b USING (r);
-- and through COPY text
\copy rt TO 'results/confusion_io.txt'
TRUNCATE rt2;
\copy rt2 FROM 'results/confusion_io.txt'
SELECT count(*) FROM rt2 JOIN rt ON rt.c::text = rt2.c::text;

-- malformed text: each a clear error with its SQLSTATE
SELECT v AS input, try_in(v) AS result FROM (VALUES
  (''),
  ('null'),
  ('[]'),
  ('{"version":1,"attributes":1}'),
  ('{"version":2,"attributes":1,"groups":[]}'),
  ('{"version":1,"attributes":0,"groups":[]}'),
  ('{"version":1,"attributes":17,"groups":[]}'),
  ('{"version":1,"attributes":1,"groups":[]} x'),
  ('{"version":1,"attributes":1,"groups":[],"extra":1}'),
  ('{"version":1,"version":1,"attributes":1,"groups":[]}'),
  ('{"version":1,"attributes":1,"groups":[{"tp":1}]}'),
  ('{"version":1,"attributes":1,"groups":[{"group":"a","tp":1,"tq":1}]}'),
  ('{"version":1,"attributes":1,"groups":[{"group":"a","tp":1,"tp":1}]}'),
  ('{"version":1,"attributes":1,"groups":[{"group":"a","tp":-1}]}'),
  ('{"version":1,"attributes":1,"groups":[{"group":"a","tp":1.5}]}'),
  ('{"version":1,"attributes":1,"groups":[{"group":"a","tp":1e3}]}'),
  ('{"version":1,"attributes":1,"groups":[{"group":"a","tp":"1"}]}'),
  ('{"version":1,"attributes":1,"groups":[{"group":"a","tp":9223372036854775808}]}'),
  ('{"version":1,"attributes":1,"groups":[{"group":"a","tp":9223372036854775807,"fn":1}]}'),
  ('{"version":1,"attributes":1,"groups":[{"group":"a","tp":9223372036854775807},{"group":"b","tp":1}]}'),
  ('{"version":1,"attributes":1,"groups":[{"group":"a","tp":0}]}'),
  ('{"version":1,"attributes":1,"groups":[{"group":"a","tp":1},{"group":"a","fn":1}]}'),
  ('{"version":1,"attributes":1,"groups":[{"group":null,"tp":1},{"group":null,"fn":1}]}'),
  ('{"version":1,"attributes":2,"groups":[{"group":"a","tp":1}]}'),
  ('{"version":1,"attributes":2,"groups":[{"group":["a"],"tp":1}]}'),
  ('{"version":1,"attributes":1,"groups":[{"group":["a"],"tp":1}]}'),
  ('{"version":1,"attributes":1,"groups":[{"group":1,"tp":1}]}'),
  ('{"version":1,"attributes":1,"groups":[{"group":"a\u0000b","tp":1}]}'),
  ('{"version":1,"attributes":1,"groups":[{"group":"\ud800","tp":1}]}'),
  ('{"version":1,"attributes":1,"groups":[{"group":"a\x","tp":1}]}'),
  ('{"version":1,"attributes":1,"groups":[{"group":"a","tp":1,"weights":{"tp":1}}]}'),
  ('{"version":1,"attributes":1,"weighted":true,"groups":[{"group":"a","tp":1}]}'),
  ('{"version":1,"attributes":1,"weighted":true,"groups":[{"group":"a","tp":1,"weights":{"tp":-1}}]}'),
  ('{"version":1,"attributes":1,"weighted":true,"groups":[{"group":"a","tp":1,"weights":{"tp":1e999}}]}'),
  ('{"version":1,"attributes":1,"weighted":true,"groups":[{"group":"a","tp":1,"weights":{"tp":NaN}}]}'),
  ('{"version":1,"attributes":1,"weighted":true,"groups":[{"group":"a","tp":1,"weights":{"fn":2}}]}'),
  ('{"version":1,"attributes":1,"weighted":"yes","groups":[]}'),
  ('{"version":1,"attributes":1,"groups":[[[[[[[[[[]]]]]]]]]]}')
) t(v);

-- a group value may be 1024 bytes, not more
SELECT length(c::text) FROM (SELECT format('{"version":1,"attributes":1,"groups":[{"group":"%s","tp":1}]}', repeat('x', 1024))::fairness.confusion c) s;
SELECT try_in(format('{"version":1,"attributes":1,"groups":[{"group":"%s","tp":1}]}', repeat('x', 1025)));
-- (text input is already valid in the database encoding, and \u escapes are
-- code points; invalid bytes can only arrive through binary input, below)

-- binary input: build COPY BINARY files by hand and feed them to recv
CREATE FUNCTION copy_file(payload bytea) RETURNS bytea LANGUAGE sql AS $$
  SELECT '\x5047434f50590aff0d0a00'::bytea || '\x0000000000000000'::bytea
      || '\x0001'::bytea || int4send(length(payload)) || payload || '\xffff'::bytea $$;
CREATE TEMP TABLE recv_t (c fairness.confusion);
CREATE FUNCTION try_recv(payload bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE d text; loid oid;
BEGIN
	loid := lo_from_bytea(0, copy_file(payload));
	PERFORM lo_export(loid, '/tmp/fairness_regress_recv.bin');
	PERFORM lo_unlink(loid);
	TRUNCATE recv_t;
	COPY recv_t FROM '/tmp/fairness_regress_recv.bin' WITH (FORMAT binary);
	RETURN (SELECT 'ok: ' || c::text FROM recv_t);
EXCEPTION WHEN others THEN
	GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
	RETURN SQLSTATE || ': ' || SQLERRM || coalesce(' | ' || nullif(d, ''), '');
END $$;

-- a valid value: version 1, unweighted, 1 attribute, 1 group "a" with tp = 2
\set ok '\'\\x0100000100000001' '00000001' '61' '0000000000000002' '0000000000000000' '0000000000000000' '0000000000000000' '0000000000000000' '0000000000000000' '0000000000000000' '0000000000000000' '0000000000000000\''
SELECT try_recv(:ok::bytea);
SELECT encode(fairness.confusion_send('{"version":1,"attributes":1,"groups":[{"group":"a","tp":2}]}'), 'hex') = substr(:ok, 3) AS send_matches;
SELECT label, try_recv(b) FROM (VALUES
  ('empty', '\x'::bytea),
  ('truncated header', '\x010000'::bytea),
  ('version 2', '\x0200000100000000'::bytea),
  ('unknown flag', '\x0102000100000000'::bytea),
  ('0 attributes', '\x0100000000000000'::bytea),
  ('17 attributes', '\x0100001100000000'::bytea),
  ('more groups than bytes', '\x01000001ffffffff'::bytea),
  ('truncated key', '\x0100000100000001'::bytea || '\x00000064'::bytea || decode(repeat('61', 80), 'hex')),
  ('truncated counts', '\x01000001000000010000000161000000000000000200'::bytea),
  ('trailing byte', substring(:ok::bytea from 1) || '\x00'::bytea),
  ('truncated last byte', substring(:ok::bytea from 1 for length(:ok::bytea) - 1)),
  ('negative count', overlay(:ok::bytea placing '\xffffffffffffffff'::bytea from 14)),
  ('empty group', overlay(:ok::bytea placing '\x0000000000000000'::bytea from 14)),
  ('group value of 1025 bytes', '\x0100000100000001' || '\x00000401'::bytea || decode(repeat('78', 1025), 'hex')),
  ('zero byte in name', overlay(:ok::bytea placing '\x00'::bytea from 13)),
  ('duplicate group', '\x0100000100000002'::bytea || substring(:ok::bytea from 9) || substring(:ok::bytea from 9)),
  ('sum overflows', '\x0100000100000002'::bytea || overlay(substring(:ok::bytea from 9) placing '\x7fffffffffffffff'::bytea from 6)
      || overlay(overlay(substring(:ok::bytea from 9) placing '\x62'::bytea from 5) placing '\x7fffffffffffffff'::bytea from 6)),
  ('weighted, NaN weight', '\x0101000100000001' || substring(:ok::bytea from 9) || '\x7ff8000000000000' || decode(repeat('00', 64), 'hex')),
  ('weighted, weight on empty cell', '\x0101000100000001' || substring(:ok::bytea from 9) || '\x3ff0000000000000' || '\x3ff0000000000000' || decode(repeat('00', 56), 'hex')),
  ('weighted, valid', '\x0101000100000001' || substring(:ok::bytea from 9) || '\x3ff8000000000000' || decode(repeat('00', 64), 'hex')),
  ('invalid UTF-8 name', overlay(:ok::bytea placing '\xff'::bytea from 13))
) t(label, b);
