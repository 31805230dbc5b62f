/*
 * groomstats.c
 *	  Module entry: the library's magic block and its settings.
 */
#include "postgres.h"

#include "fmgr.h"

#include "disclosure.h"

PG_MODULE_MAGIC;

void _PG_init(void);

void
_PG_init(void)
{
	disclosure_define_setting();
}
