/*
 * compat.h
 *	  What differs between the PostgreSQL majors groomstats builds against
 *	  (15 to 17), in one place, so that no other file needs a version #if.
 *	  Include it after postgres.h.
 */
#ifndef GROOMSTATS_COMPAT_H
#define GROOMSTATS_COMPAT_H

/*
 * From 16 on the varlena macros (VARSIZE, SET_VARSIZE, VARDATA, ...) live in
 * varatt.h, which postgres.h no longer includes.
 */
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

/*
 * The catalogue record of a setting, the real one or a placeholder, or NULL:
 * from 16 on find_option() is exported and get_guc_variables() takes a
 * count; before, the array is searched (setting names are ASCII and
 * case-insensitive, as guc.c compares them).
 */
#include "utils/guc_tables.h"

static inline struct config_generic *
compat_find_setting(const char *name)
{
#if PG_VERSION_NUM >= 160000
	return find_option(name, false, true, ERROR);
#else
	struct config_generic **vars = get_guc_variables();
	int n = GetNumConfigOptions();

	for (int i = 0; i < n; i++)
		if (pg_strcasecmp(vars[i]->name, name) == 0)
			return vars[i];
	return NULL;
#endif
}

#endif /* GROOMSTATS_COMPAT_H */
