/*-------------------------------------------------------------------------
 *
 * audit_exec.c
 *	  The execution model of audits: who a run executes as.
 *
 * A run of an audit executes the audit's queries as the audit's owner,
 * whoever starts it (the owner, a member of the owning role, a superuser,
 * a pg_cron job, fairness.run_all_audits).  This is what PostgreSQL does
 * itself when it evaluates a table owner's code on someone else's behalf:
 * ANALYZE / VACUUM evaluate index expressions, and REFRESH MATERIALIZED VIEW
 * runs the view's query, as the relation's owner in a security-restricted
 * operation with the GUC changes rolled back afterwards (analyze.c,
 * vacuum.c, matview.c):
 *
 *		GetUserIdAndSecContext(&save_userid, &save_sec_context);
 *		SetUserIdAndSecContext(owner, save_sec_context | SECURITY_RESTRICTED_OPERATION);
 *		save_nestlevel = NewGUCNestLevel();
 *		... run the owner's code ...
 *		AtEOXact_GUC(false, save_nestlevel);
 *		SetUserIdAndSecContext(save_userid, save_sec_context);
 *
 * Like those, nothing here needs PG_TRY: on error, the abort of the
 * (sub)transaction restores the user id and security context saved at its
 * start (AbortSubTransaction / AbortTransaction) and rolls back the GUC
 * nesting levels (AtEOSubXact_GUC / AtEOXact_GUC).  Every caller of
 * audit_scan runs it inside a PL/pgSQL exception block (a subtransaction)
 * or lets the error end the transaction.
 *
 * fairness.audit_scan(owner, query, max_rows) runs one read query as the
 * owner: SECURITY_RESTRICTED_OPERATION refuses SET ROLE, SET SESSION
 * AUTHORIZATION and the other operations PostgreSQL refuses inside
 * ANALYZE; search_path is pinned; every setting the query's functions
 * change is rolled back.  The rows are returned to the caller, which runs
 * with the extension's rights and writes the history.
 *
 * fairness.audit_call(op, args) is how the public functions of the audits
 * reach the registry and history tables, which no role but the extension's
 * owner may write: it records the calling role (GetUserId(), which nobody
 * can forge), switches to the owner of the internal function
 * fairness.audit_op_<op>(caller oid, args jsonb) the way a SECURITY DEFINER
 * function does (SECURITY_LOCAL_USERID_CHANGE, fmgr_security_definer) and
 * calls it with the caller's oid, so that the internal function applies its
 * checks to the real caller.
 *
 * Portions Copyright (c) 2026, the fairness authors (PostgreSQL License)
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <limits.h>

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "parser/parse_func.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/tuplestore.h"

#include "fairness_pg.h"

/* the search_path every audit query and internal function runs with */
#define AUDIT_SEARCH_PATH "pg_catalog, pg_temp"

int			fairness_max_slices = 10000;

/*
 * Called from _PG_init: the settings of the audits.
 */
void
fairness_audit_init(void)
{
	DefineCustomIntVariable("fairness.max_slices",
							"Maximum number of slices one run of an audit may store.",
							"A run whose slice columns give more slices fails (SQLSTATE 54000) instead of writing "
							"one result row per value of an identifier.",
							&fairness_max_slices,
							10000, 1, INT_MAX,
							PGC_USERSET, 0,
							NULL, NULL, NULL);
}

static void
pin_search_path(void)
{
	(void) set_config_option("search_path", AUDIT_SEARCH_PATH,
							 PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
}

static void
check_role_exists(Oid role)
{
	if (!OidIsValid(role) || !SearchSysCacheExists1(AUTHOID, ObjectIdGetDatum(role)))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("the owner of the audit no longer exists"),
				 errdetail("The role with OID %u was dropped.", role),
				 errhint("A superuser can give the audit to another role with fairness.reassign_audits(%u, new_owner), or drop it.", role)));
}

PG_FUNCTION_INFO_V1(fairness_audit_scan);

/*
 * fairness.audit_scan(owner regrole, query text, max_rows integer)
 *		RETURNS SETOF record
 *
 * Runs query as owner in a security-restricted operation and returns its
 * rows (the column definition list of the call must match the query's
 * columns).  max_rows > 0: more rows than that is an error naming
 * fairness.max_slices (the query returns one row per slice).
 */
Datum
fairness_audit_scan(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Oid			owner;
	char	   *query;
	int32		max_rows;
	Oid			save_userid;
	int			save_sec_context;
	int			save_nestlevel;
	int			ret;
	TupleDesc	spidesc;
	TupleDesc	want;
	uint64		i;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("owner and query must not be NULL")));
	owner = PG_GETARG_OID(0);
	query = text_to_cstring(PG_GETARG_TEXT_PP(1));
	max_rows = PG_ARGISNULL(2) ? 0 : PG_GETARG_INT32(2);

	check_role_exists(owner);
	/* only for roles whose rights the caller already has (the extension) */
	if (!has_privs_of_role(GetUserId(), owner))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to run a query as role \"%s\"",
						GetUserNameFromId(owner, false))));

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	want = rsinfo->setDesc;

	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	SetUserIdAndSecContext(owner,
						   save_sec_context | SECURITY_RESTRICTED_OPERATION |
						   SECURITY_LOCAL_USERID_CHANGE);
	save_nestlevel = NewGUCNestLevel();
	pin_search_path();

	if (SPI_connect() != SPI_OK_CONNECT)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not connect to SPI")));
	ret = SPI_execute(query, false, max_rows > 0 ? (long) max_rows + 1 : 0);
	if (ret != SPI_OK_SELECT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("an audit query must be a SELECT")));
	if (max_rows > 0 && SPI_processed > (uint64) max_rows)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("the audit has more than %d slices", max_rows),
				 errdetail("fairness.max_slices limits the number of slices one run stores."),
				 errhint("Slice by columns with fewer distinct values, or raise fairness.max_slices.")));

	spidesc = SPI_tuptable->tupdesc;
	if (spidesc->natts != want->natts)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("audit query returns %d columns, %d expected", spidesc->natts, want->natts)));
	for (int c = 0; c < want->natts; c++)
		if (TupleDescAttr(spidesc, c)->atttypid != TupleDescAttr(want, c)->atttypid)
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("column %d of the audit query has type %s, %s expected", c + 1,
							format_type_be(TupleDescAttr(spidesc, c)->atttypid),
							format_type_be(TupleDescAttr(want, c)->atttypid))));

	for (i = 0; i < SPI_processed; i++)
		tuplestore_puttuple(rsinfo->setResult, SPI_tuptable->vals[i]);

	SPI_finish();

	/* roll back what the owner's code changed, then become ourselves again */
	AtEOXact_GUC(false, save_nestlevel);
	SetUserIdAndSecContext(save_userid, save_sec_context);

	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(fairness_audit_call);

/*
 * fairness.audit_call(op text, args jsonb) RETURNS jsonb
 *
 * Calls fairness.audit_op_<op>(caller oid, args jsonb) as that function's
 * owner (the extension's owner) with caller = the role calling audit_call.
 */
Datum
fairness_audit_call(PG_FUNCTION_ARGS)
{
	Oid			caller = GetUserId();
	char	   *op;
	char		fname[NAMEDATALEN];
	Oid			nsp;
	Oid			argtypes[2] = {OIDOID, JSONBOID};
	Oid			fn;
	HeapTuple	tup;
	Oid			fnowner;
	Oid			save_userid;
	int			save_sec_context;
	int			save_nestlevel;
	FmgrInfo	flinfo;
	LOCAL_FCINFO(callinfo, 2);
	Datum		result;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("op must not be NULL")));
	op = text_to_cstring(PG_GETARG_TEXT_PP(0));
	if (strlen(op) == 0 || strlen(op) > 40 || strspn(op, "abcdefghijklmnopqrstuvwxyz_") != strlen(op))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown audit operation \"%s\"", op)));
	snprintf(fname, sizeof(fname), "audit_op_%s", op);

	/* the internal function lives in the schema of this one */
	tup = SearchSysCache1(PROCOID, ObjectIdGetDatum(fcinfo->flinfo->fn_oid));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for function %u", fcinfo->flinfo->fn_oid);
	nsp = ((Form_pg_proc) GETSTRUCT(tup))->pronamespace;
	ReleaseSysCache(tup);

	fn = LookupFuncName(list_make2(makeString(get_namespace_name(nsp)), makeString(fname)),
						2, argtypes, true);
	if (!OidIsValid(fn))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown audit operation \"%s\"", op)));
	tup = SearchSysCache1(PROCOID, ObjectIdGetDatum(fn));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for function %u", fn);
	fnowner = ((Form_pg_proc) GETSTRUCT(tup))->proowner;
	if (((Form_pg_proc) GETSTRUCT(tup))->pronamespace != nsp ||
		((Form_pg_proc) GETSTRUCT(tup))->prorettype != JSONBOID)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("function %s is not an audit operation", fname)));
	ReleaseSysCache(tup);

	fmgr_info(fn, &flinfo);
	InitFunctionCallInfoData(*callinfo, &flinfo, 2, InvalidOid, NULL, NULL);
	callinfo->args[0].value = ObjectIdGetDatum(caller);
	callinfo->args[0].isnull = false;
	callinfo->args[1].value = PG_ARGISNULL(1) ? (Datum) 0 : PG_GETARG_DATUM(1);
	callinfo->args[1].isnull = PG_ARGISNULL(1);

	/* as a SECURITY DEFINER function owned by the extension's owner would */
	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	SetUserIdAndSecContext(fnowner, save_sec_context | SECURITY_LOCAL_USERID_CHANGE);
	save_nestlevel = NewGUCNestLevel();
	pin_search_path();

	result = FunctionCallInvoke(callinfo);

	AtEOXact_GUC(true, save_nestlevel);
	SetUserIdAndSecContext(save_userid, save_sec_context);

	if (callinfo->isnull)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(result);
}
