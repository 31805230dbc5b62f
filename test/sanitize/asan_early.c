/*
 * asan_early.c
 *	  Preloaded after libasan into the (uninstrumented) PostgreSQL server and
 *	  its tools by test/sanitize/run.sh, so that AddressSanitizer initialises
 *	  before a library constructor takes one of glibc's locale locks.
 *
 * ASan's shared runtime initialises on the first call it intercepts, and its
 * start-up calls dlerror -> dcgettext, which takes glibc's gettext and
 * locale locks.  On Debian 12 the first intercepted call is a malloc made by
 * a library constructor while it holds one of those locks: libgpg-error's
 * bindtextdomain (postgres -> libsystemd -> libgcrypt -> libgpg-error) or
 * p11-kit's newlocale (postgres, psql -> gnutls -> p11-kit).  The lock is
 * then corrupted and the process hangs.  Here the functions that take those
 * locks are interposed: each makes one allocation (which starts ASan, with
 * no lock held) before calling the real one.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <locale.h>
#include <stdlib.h>

char *bindtextdomain(const char *domain, const char *dir);
char *bind_textdomain_codeset(const char *domain, const char *codeset);
char *textdomain(const char *domain);

static void
start_asan(void)
{
	static int started;

	if (!started)
	{
		void *volatile first = malloc(1); /* volatile: not optimised away */

		free(first);
		started = 1;
	}
}

#define REAL(name) ((__typeof__(&name)) dlsym(RTLD_NEXT, #name))

char *
bindtextdomain(const char *domain, const char *dir)
{
	start_asan();
	return REAL(bindtextdomain)(domain, dir);
}

char *
bind_textdomain_codeset(const char *domain, const char *codeset)
{
	start_asan();
	return REAL(bind_textdomain_codeset)(domain, codeset);
}

char *
textdomain(const char *domain)
{
	start_asan();
	return REAL(textdomain)(domain);
}

locale_t
newlocale(int mask, const char *locale, locale_t base)
{
	start_asan();
	return REAL(newlocale)(mask, locale, base);
}

char *
setlocale(int category, const char *locale)
{
	start_asan();
	return REAL(setlocale)(category, locale);
}
