/*
 * odbc_types: what an ODBC application (Excel, Power BI, Tableau) sees of
 * a query's result: for each line "label<TAB>SQL" of standard input, runs
 * the SQL through the ODBC driver manager and prints one line per result
 * column
 *     label|column|SQL data type code|driver type name|rows fetched|first value
 * Usage: odbc_types 'DRIVER={PostgreSQL Unicode};SERVER=...;'  < queries
 * (test/stages/87-bi-drivers.sh).  Exits non-zero on any ODBC error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sql.h>
#include <sqlext.h>

static void
fail(const char *what, SQLSMALLINT type, SQLHANDLE h)
{
	SQLCHAR		state[6],
				msg[1024];
	SQLINTEGER	native;
	SQLSMALLINT len;

	fprintf(stderr, "odbc_types: %s failed", what);
	if (SQLGetDiagRec(type, h, 1, state, &native, msg, sizeof(msg), &len) == SQL_SUCCESS)
		fprintf(stderr, ": %s %s", state, msg);
	fprintf(stderr, "\n");
	exit(1);
}

int
main(int argc, char **argv)
{
	SQLHENV		env;
	SQLHDBC		dbc;
	char		line[65536];

	if (argc != 2)
	{
		fprintf(stderr, "usage: odbc_types CONNECTION-STRING < queries\n");
		return 2;
	}
	SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env);
	SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, (void *) SQL_OV_ODBC3, 0);
	SQLAllocHandle(SQL_HANDLE_DBC, env, &dbc);
	if (!SQL_SUCCEEDED(SQLDriverConnect(dbc, NULL, (SQLCHAR *) argv[1], SQL_NTS,
										NULL, 0, NULL, SQL_DRIVER_NOPROMPT)))
		fail("SQLDriverConnect", SQL_HANDLE_DBC, dbc);
	while (fgets(line, sizeof(line), stdin))
	{
		char	   *tab = strchr(line, '\t');
		char	   *label = line,
				   *sql;
		SQLHSTMT	st;
		SQLSMALLINT ncols,
					i;
		long		rows = 0;
		char		first[64][128];

		line[strcspn(line, "\n")] = '\0';
		if (tab == NULL)
			continue;
		*tab = '\0';
		sql = tab + 1;
		SQLAllocHandle(SQL_HANDLE_STMT, dbc, &st);
		if (!SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *) sql, SQL_NTS)))
			fail(label, SQL_HANDLE_STMT, st);
		SQLNumResultCols(st, &ncols);
		if (ncols > 64)
			ncols = 64;
		for (i = 0; i < ncols; i++)
			strcpy(first[i], "NULL");
		while (SQL_SUCCEEDED(SQLFetch(st)))
		{
			if (rows == 0)
				for (i = 0; i < ncols; i++)
				{
					SQLLEN		ind;

					if (SQL_SUCCEEDED(SQLGetData(st, i + 1, SQL_C_CHAR, first[i], sizeof(first[i]), &ind)) &&
						ind == SQL_NULL_DATA)
						strcpy(first[i], "NULL");
				}
			rows++;
		}
		for (i = 0; i < ncols; i++)
		{
			SQLCHAR		name[256],
						tname[256];
			SQLSMALLINT nlen,
						type,
						digits,
						nullable;
			SQLULEN		size;

			SQLDescribeCol(st, i + 1, name, sizeof(name), &nlen, &type, &size, &digits, &nullable);
			SQLColAttribute(st, i + 1, SQL_DESC_TYPE_NAME, tname, sizeof(tname), &nlen, NULL);
			printf("%s|%s|%d|%s|%ld|%s\n", label, name, (int) type, tname, rows, first[i]);
		}
		SQLFreeHandle(SQL_HANDLE_STMT, st);
	}
	SQLDisconnect(dbc);
	SQLFreeHandle(SQL_HANDLE_DBC, dbc);
	SQLFreeHandle(SQL_HANDLE_ENV, env);
	return 0;
}
