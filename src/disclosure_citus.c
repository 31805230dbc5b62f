/*
 * disclosure_citus.c
 *	  Small-cell suppression in fragments of Citus distributed queries.
 *
 * Citus runs much of a query on the workers (pushed-down aggregates and
 * accessors, router queries), in backends it connects for the purpose.
 * Those backends see the settings of their own node, the role and the
 * database, but not the coordinator session's SET: a session that asked for
 * groomstats.min_cell_count = 5 on the coordinator would get every count
 * from a worker.  The one way a session's threshold reaches a worker is
 * Citus's propagation of SET LOCAL (citus.propagate_set_commands = 'local'):
 * there it arrives as a session-level value of the worker's backend.
 *
 * So in a backend that Citus opened (its application_name starts with
 * "citus_internal gpid="), an accessor publishes only when
 * groomstats.min_cell_count has a session-level value there, i.e. came with
 * the distributed transaction; otherwise it refuses with an error saying how
 * to pass the threshold.  The threshold in force is then as on any node:
 * the larger of that value and the floor (groomstats.min_cell_count_floor,
 * which Citus propagates when set with ALTER ROLE or ALTER DATABASE).
 *
 * A user who sets application_name to look like Citus gains nothing: the
 * check only ever refuses.
 */
#include "postgres.h"

#include "utils/guc.h"

#include "compat.h"
#include "disclosure_citus.h"

/* Citus's prefix for the application_name of its own connections. */
#define CITUS_INTERNAL_APPLICATION_NAME "citus_internal gpid="

#define SESSION_SETTING "groomstats.min_cell_count"

/* Is this backend one that Citus opened to run part of a distributed query? */
static bool
is_citus_fragment(void)
{
	return application_name != NULL && strncmp(application_name, CITUS_INTERNAL_APPLICATION_NAME,
											   strlen(CITUS_INTERNAL_APPLICATION_NAME)) == 0;
}

/*
 * The catalogue entry of the session setting.  Defined once when the
 * library loads, so the entry found stays valid for the backend's life.
 */
static struct config_generic *
session_setting(void)
{
	static struct config_generic *entry = NULL;

	if (entry == NULL)
	{
		entry = compat_find_setting(SESSION_SETTING);
		if (entry == NULL)
			elog(ERROR, "setting %s is not defined", SESSION_SETTING);
	}
	return entry;
}

void
disclosure_citus_check(void)
{
	if (!is_citus_fragment() || session_setting()->source >= PGC_S_SESSION)
		return;
	ereport(ERROR, errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			errmsg("groomstats: this part of a Citus distributed query did not receive the "
				   "session's groomstats.min_cell_count"),
			errdetail("An accessor that publishes counts ran in a connection Citus opened for a "
					  "distributed query.  A session's SET does not reach the workers; "
					  "SET LOCAL does, with citus.propagate_set_commands = 'local'."),
			errhint("Run the query in a transaction after SET LOCAL groomstats.min_cell_count = "
					"N (with citus.propagate_set_commands = 'local', e.g. set by ALTER "
					"DATABASE), or roll the summaries up with rollup_merge and call the "
					"accessor on the result, so that it runs on the coordinator."));
}
