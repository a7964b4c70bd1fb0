/* Test-only stand-in for Windows' bcryptprimitives.dll, for running leskit.exe under Wine 8,
 * which lacks it. Rust's std (1.78 and newer) imports ProcessPrng from it for random numbers
 * (HashMap seeds); Windows 10 and 11 have it. This forwards to advapi32's RtlGenRandom
 * (exported as SystemFunction036), which Wine has. Built with mingw by scripts/test-release and
 * put next to the exe in the test's folder only: never into a release archive. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
