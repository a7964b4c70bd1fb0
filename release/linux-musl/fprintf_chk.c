/* The one glibc symbol that Debian's LLVM libunwind.a (built against glibc with
 * _FORTIFY_SOURCE) needs and musl lacks: its fortified fprintf, used only for
 * libunwind's own error messages. Linked into the static Linux binary by
 * scripts/release; the check that the fortified variant adds is not needed for
 * libunwind's constant format strings. */
#include <stdarg.h>
#include <stdio.h>

int __fprintf_chk(FILE *stream, int flag, const char *format, ...)
{
    va_list ap;
    int n;
    (void)flag;
    va_start(ap, format);
    n = vfprintf(stream, format, ap);
    va_end(ap);
    return n;
}
