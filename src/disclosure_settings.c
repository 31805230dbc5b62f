/*
 * disclosure_settings.c
 *	  The disclosure settings, and the threshold and floor in force.
 *
 * groomstats.min_cell_count: the threshold a session asks for; anyone may
 * set it.  groomstats.min_cell_count_floor: the lowest threshold a session
 * can use, PGC_SUSET: set by a superuser (or a role granted SET on it) with
 * ALTER SYSTEM, ALTER DATABASE ... SET or ALTER ROLE ... SET.  The threshold
 * in force is the larger of the two.
 *
 * Why PGC_SUSET and PostgreSQL's own checks, not a check hook.  Until the
 * library is loaded the floor is a placeholder that anyone can give a value
 * to: SET, set_config, a function's SET clause, or the connection's options
 * (PGOPTIONS='-c ...').  When the library loads, DefineCustomIntVariable
 * replaces the placeholder and re-applies its values (define_custom_variable
 * in guc.c): its reset value, then its current and stacked values, each with
 * the context, source and role that set it.  PostgreSQL checks each against
 * PGC_SUSET with that role, so a value a non-superuser gave is refused
 * (with a WARNING) however and whenever it was given.  A check hook could
 * not do better: it sees the value's source but not the role that set it
 * (it runs as whoever called the first groomstats function), and it never
 * sees a value PostgreSQL has already refused.
 *
 * What the re-application cannot give back: a placeholder keeps one reset
 * value, the one from the highest source.  A connection option (source
 * PGC_S_CLIENT) outranks postgresql.conf, ALTER SYSTEM, ALTER DATABASE and
 * ALTER ROLE, so it replaces their value in the placeholder; refused at
 * load, it leaves the floor at its built-in default 0, and the
 * administrator's value is gone for the session (issue 11, item 3).  We
 * see that happen (the placeholder's reset value came from the connection
 * and the setting's did not survive) and then refuse to publish anything in
 * that session: every accessor that publishes counts raises an error until
 * the client reconnects without the option.  Failing closed is the one
 * answer that needs no guess at the lost value.
 */
#include "postgres.h"

#include "miscadmin.h"
#include "utils/guc.h"

#include "compat.h"
#include "disclosure.h"
#include "disclosure_citus.h"

#define FLOOR_NAME "groomstats.min_cell_count_floor"

static int min_cell_count = 0;
static int min_cell_count_floor = 0;

/* The connection gave the floor a value it could not set (see above). */
static bool floor_lost = false;

/* Does the placeholder's reset value come from the connection's options? */
static bool
floor_placeholder_from_client(void)
{
	struct config_generic *ph = compat_find_setting(FLOOR_NAME);

	return ph != NULL && (ph->flags & GUC_CUSTOM_PLACEHOLDER) && ph->reset_source == PGC_S_CLIENT;
}

void
disclosure_define_setting(void)
{
	bool from_client = floor_placeholder_from_client();
	struct config_generic *floor;

	DefineCustomIntVariable(
		"groomstats.min_cell_count",
		"Hide published counts of 1 to this value minus 1 offences (0: off).",
		"Counts, shares and intervals of hidden cells become NULL and their suppressed column "
		"true; further cells are hidden where a hidden cell could be recovered from a total.",
		&min_cell_count, 0, 0, 1000000, PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomIntVariable(
		FLOOR_NAME, "Lowest groomstats.min_cell_count a session can use (set by an administrator).",
		"The threshold in force is the larger of this and groomstats.min_cell_count. Only a "
		"superuser, or a role granted SET on it, can set it.",
		&min_cell_count_floor, 0, 0, 1000000, PGC_SUSET, 0, NULL, NULL, NULL);
	MarkGUCPrefixReserved("groomstats");

	floor = compat_find_setting(FLOOR_NAME);
	if (from_client && (floor == NULL || floor->reset_source != PGC_S_CLIENT))
		floor_lost = true;
}

int
disclosure_floor(void)
{
	if (floor_lost)
		ereport(ERROR, errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				errmsg("the disclosure floor of this session is not known"),
				errdetail("The connection's options set %s, which this role may not set; "
						  "the floor an administrator set was lost with it.",
						  FLOOR_NAME),
				errhint("Reconnect without -c %s in the options (PGOPTIONS).", FLOOR_NAME));
	return min_cell_count_floor;
}

int
disclosure_threshold(void)
{
	disclosure_citus_check(); /* a Citus fragment refuses without its threshold */
	return Max(min_cell_count, disclosure_floor());
}
