/* A stand-in for ProcessPrng, used on Wine only, never on Windows itself.
 *
 * Every Windows since 8 has ProcessPrng in bcryptprimitives.dll, and programs
 * built with Go 1.22+ or Rust 1.78+ load it as they start: esbuild (so tsx),
 * TypeScript 7's tsc, Bun and Deno. Wine 8 lacks it, so they exit at once.
 * This DLL gives them the function, filled from advapi32's RtlGenRandom
 * (exported as SystemFunction036), which Wine has. .ci/run builds it with
 * mingw-w64 into its Wine prefix's system32.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    /* RtlGenRandom takes a ULONG length: fill larger buffers piece by piece. */
    const SIZE_T piece = 1UL << 30;
    while (length > 0) {
        ULONG n = (ULONG)(length < piece ? length : piece);
        if (!SystemFunction036(data, n))
            return FALSE;
        data += n;
        length -= n;
    }
    return TRUE;
}
