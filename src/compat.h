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

#endif /* GROOMSTATS_COMPAT_H */
