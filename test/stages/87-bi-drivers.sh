#!/bin/bash
# BI tools through their real drivers: every view of the fairness schema,
# read through ODBC (unixODBC + psqlODBC: Excel, Power BI, Tableau) and JDBC
# (pgJDBC: Metabase, DBeaver) by a read-only login role, shows its columns
# with usable types: numbers as numbers, timestamps as timestamps, dates as
# dates, no extension type.  Arrays are allowed only as an exact key column
# (x_key) next to its readable text label (group_key / group_name,
# slice_key / slice), which is what a BI tool should display.
source "$(dirname "$0")/lib.sh"
in_cluster "$@"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

gcc -O -Wall -o "$work/odbc_types" test/bi/odbc_types.c -lodbc
check "the ODBC test program compiles against libodbc" test -x "$work/odbc_types"
javac -d "$work" test/bi/JdbcTypes.java
check "the JDBC test program compiles" test -f "$work/JdbcTypes.class"

q <<SQL >/dev/null
CREATE EXTENSION fairness;
\i test/demo_hiring.sql
SELECT fairness.create_audit('hiring', 'hiring_decisions', '{gender}', 'qualified', 'hired',
                             slice_columns => '{model_version}', time_column => 'applied_at', reference => 'male');
SELECT fairness.run_audit('hiring'), fairness.run_audit('hiring');
-- the BI role: login, read-only, allowed to read the audited table
CREATE ROLE bi_reader LOGIN PASSWORD 'bi-reader-pw';
ALTER ROLE bi_reader SET default_transaction_read_only = on;
GRANT USAGE ON SCHEMA fairness TO bi_reader;
GRANT SELECT ON hiring_decisions TO bi_reader;
-- with the audit engine of 0.3, an audit is visible to the roles it is
-- granted to
DO \$\$ BEGIN
	IF to_regprocedure('fairness.grant_audit(text, regrole)') IS NOT NULL THEN
		PERFORM fairness.grant_audit('hiring', 'bi_reader');
	END IF;
END \$\$;
-- a report audit (0.3), so that the compliance views have rows
CREATE TABLE staff_pay AS
SELECT i AS id, CASE WHEN i % 2 = 0 THEN 'F' ELSE 'M' END AS sex, (ARRAY['ops', 'sales', 'it'])[1 + i % 3] AS dept,
       30000 + (i * 7919) % 20000 + CASE WHEN i % 2 = 1 THEN 2500 ELSE 0 END AS base_pay, (i % 5) * 500 AS bonus
FROM generate_series(1, 300) i;
DO \$\$ BEGIN
	IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'fairness.audits'::regclass AND attname = 'report') THEN
		PERFORM fairness.create_audit('pay', 'staff_pay', report => 'eu_pay_transparency',
			report_options => '{"sex_column": "sex", "base_pay_column": "base_pay", "variable_pay_column": "bonus", "category_column": "dept"}');
		PERFORM fairness.run_audit('pay');
		PERFORM fairness.grant_audit('pay', 'bi_reader');
	END IF;
END \$\$;
SQL

# every view of the schema, with its columns' PostgreSQL types
q -F '|' -c "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
       CASE WHEN t.typcategory = 'A' THEN 'array'
            WHEN t.typnamespace = 'fairness'::regnamespace THEN 'extension'
            WHEN a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype, 'float4'::regtype,
                                'float8'::regtype, 'numeric'::regtype) THEN 'number'
            WHEN a.atttypid IN ('timestamptz'::regtype, 'timestamp'::regtype) THEN 'timestamp'
            WHEN a.atttypid = 'date'::regtype THEN 'date'
            WHEN a.atttypid = 'bool'::regtype THEN 'boolean'
            WHEN a.atttypid IN ('text'::regtype, 'varchar'::regtype, 'name'::regtype) THEN 'text'
            ELSE 'other' END
FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type t ON t.oid = a.atttypid
WHERE c.relnamespace = 'fairness'::regnamespace AND c.relkind IN ('v', 'm')
  -- the views a BI role can read (administrative views not granted to it
  -- are not BI views)
  AND has_table_privilege('bi_reader', c.oid, 'SELECT')
ORDER BY c.relname, a.attnum" > "$work/catalog"
check "administrative views the BI role cannot read are left out: $(q -c "SELECT coalesce(string_agg(relname, ' '), 'none') FROM pg_class WHERE relnamespace = 'fairness'::regnamespace AND relkind IN ('v', 'm') AND NOT has_table_privilege('bi_reader', oid, 'SELECT')")" true
views=$(cut -d'|' -f1 "$work/catalog" | uniq)
check "the schema has views ($(echo $views | wc -w))" test -n "$views"

# queries for the drivers: the whole view, ordered for a stable first row
for v in $views; do
	printf '%s\tSELECT * FROM fairness.%s\n' "$v" "$v"
done > "$work/queries"

"$work/odbc_types" "DRIVER={PostgreSQL Unicode};SERVER=$PGHOST;PORT=$PGPORT;DATABASE=$PGDATABASE;UID=bi_reader;PWD=bi-reader-pw;BoolsAsChar=0;ReadOnly=1" \
	< "$work/queries" > "$work/odbc" 2> "$work/odbc.err"
check "ODBC: every view reads through psqlODBC ($(cat "$work/odbc.err"))" test ! -s "$work/odbc.err"
java -cp "/usr/share/java/postgresql.jar:$work" JdbcTypes \
	"jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE" bi_reader bi-reader-pw \
	< "$work/queries" > "$work/jdbc" 2> "$work/jdbc.err"
check "JDBC: every view reads through pgJDBC ($(head -c 300 "$work/jdbc.err"))" test ! -s "$work/jdbc.err"

# ODBC SQL type codes and JDBC java.sql.Types accepted per kind of column
odbc_ok() {	# kind code
	case "$1:$2" in
	number:2|number:3|number:4|number:5|number:6|number:7|number:8|number:-5|number:-6) return 0 ;;
	timestamp:93|timestamp:11|date:91|date:9|boolean:-7) return 0 ;;
	text:12|text:-1|text:-9|text:-10) return 0 ;;
	array:12|array:-1|array:-9|array:-10) return 0 ;;	# an array arrives as its text form
	esac
	return 1
}
jdbc_ok() {	# kind type
	case "$1:$2" in
	number:DOUBLE|number:BIGINT|number:INTEGER|number:NUMERIC|number:REAL|number:SMALLINT|number:FLOAT) return 0 ;;
	timestamp:TIMESTAMP|timestamp:TIMESTAMP_WITH_TIMEZONE|date:DATE|boolean:BIT|boolean:BOOLEAN) return 0 ;;
	text:VARCHAR|text:LONGVARCHAR|text:NVARCHAR) return 0 ;;
	array:ARRAY) return 0 ;;
	esac
	return 1
}
jdbc_class_ok() {	# kind class
	case "$1:$2" in
	*:NULL) return 0 ;;
	number:java.lang.Double|number:java.lang.Long|number:java.lang.Integer|number:java.math.BigDecimal|number:java.lang.Float|number:java.lang.Short) return 0 ;;
	timestamp:java.sql.Timestamp|date:java.sql.Date|boolean:java.lang.Boolean|text:java.lang.String) return 0 ;;
	array:org.postgresql.jdbc.PgArray) return 0 ;;
	esac
	return 1
}
bad_kind=""
bad_odbc=""
bad_jdbc=""
while IFS='|' read -r view col pgtype kind; do
	case "$kind" in
	extension|other) bad_kind="$bad_kind $view.$col($pgtype)" ;;
	array)
		label=${col%_key}
		[ "$label" = slice ] || label=${label}_name
		grep -q "^$view|$label|text|text$" "$work/catalog" || bad_kind="$bad_kind $view.$col($pgtype without a text label $label)"
		;;
	esac
	o=$(grep -m1 "^$view|$col|" "$work/odbc" | cut -d'|' -f3)
	odbc_ok "$kind" "$o" || bad_odbc="$bad_odbc $view.$col($pgtype->$o)"
	j=$(grep -m1 "^$view|$col|" "$work/jdbc")
	jdbc_ok "$kind" "$(echo "$j" | cut -d'|' -f3)" && jdbc_class_ok "$kind" "$(echo "$j" | cut -d'|' -f6)" ||
		bad_jdbc="$bad_jdbc $view.$col($pgtype->$(echo "$j" | cut -d'|' -f3,6))"
done < "$work/catalog"
same "views: no extension type or other non-BI type; arrays only as keys next to a text label" "$bad_kind" ""
same "ODBC: numbers as numeric SQL types, timestamps as SQL_TYPE_TIMESTAMP, dates, booleans as SQL_BIT, text as character" "$bad_odbc" ""
same "JDBC: numbers as numeric java.sql.Types and Double/Long/BigDecimal values, timestamps as java.sql.Timestamp" "$bad_jdbc" ""
same "ODBC and JDBC see the same columns as the catalog" \
	"$(cut -d'|' -f1,2 "$work/catalog")" "$(cut -d'|' -f1,2 "$work/odbc")"
same "JDBC sees the same columns as the catalog" \
	"$(cut -d'|' -f1,2 "$work/catalog")" "$(cut -d'|' -f1,2 "$work/jdbc")"

# the BI role sees the audit's rows, the same number through each driver
# (and the report audit's, from 0.3 on)
compliance_views=$(q -c "SELECT string_agg(relname, ' ' ORDER BY relname) FROM pg_class
                         WHERE relnamespace = 'fairness'::regnamespace
                           AND relname IN ('compliance_audit_report', 'latest_compliance_report')")
for v in audit_report latest_audit_report audit_daily_report audit_run_log $compliance_views; do
	want=$(PGUSER=bi_reader PGPASSWORD=bi-reader-pw q -c "SELECT count(*) FROM fairness.$v")
	check "$v: the read-only BI role sees rows ($want)" test "$want" -gt 0
	same "$v: ODBC fetches every row" "$want" "$(grep -m1 "^$v|" "$work/odbc" | cut -d'|' -f5)"
	same "$v: JDBC fetches every row" "$want" "$(grep -m1 "^$v|" "$work/jdbc" | cut -d'|' -f5)"
done
same "ODBC: a run time arrives as a timestamp value" "t" \
	"$(grep -m1 '^audit_run_log|started_at|' "$work/odbc" | cut -d'|' -f6 | grep -qE '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}' && echo t)"
same "ODBC: a rate arrives as a number" "t" \
	"$(grep -m1 '^audit_report|value|' "$work/odbc" | cut -d'|' -f6 | grep -qE '^-?[0-9.]+(e-?[0-9]+)?$' && echo t)"
# the role cannot write through the driver connection
check "the BI role is read-only" bash -c \
	"! PGUSER=bi_reader PGPASSWORD=bi-reader-pw psql -X -q -c 'CREATE TABLE public.x (i int)' 2>/dev/null"

finish bi-drivers
