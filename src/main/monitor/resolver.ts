// Name resolution for the probes' connections (undici `connect.lookup`), injectable so tests can
// simulate DNS failures, address changes and ::1-first answers without leaving loopback.
import { lookup as systemLookup } from 'node:dns';
import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import type { LookupFunction } from 'node:net';

/** Any failure of the lookup step, so a DNS problem is told apart from a refused connection. */
export class DnsLookupError extends Error {
  readonly code: string;
  constructor(
    readonly hostname: string,
    cause?: NodeJS.ErrnoException,
  ) {
    const code = cause?.code ?? 'ENOTFOUND';
    super(`cannot resolve ${hostname} (${code})`, { cause });
    this.name = 'DnsLookupError';
    this.code = code;
  }
}

function wantedFamily(family: unknown): 4 | 6 | 0 {
  if (family === 4 || family === 'IPv4') return 4;
  if (family === 6 || family === 'IPv6') return 6;
  return 0;
}

/**
 * Wraps a lookup so that it answers both call styles Node uses (`all: true` with happy eyeballs,
 * a single address otherwise), whichever style the wrapped function answers in, and marks failures.
 */
export function createResolver(lookup: LookupFunction = systemLookup): LookupFunction {
  return (hostname, options, callback) => {
    const fail = (cause?: NodeJS.ErrnoException) =>
      callback(new DnsLookupError(hostname, cause), options.all ? [] : '');
    try {
      lookup(hostname, options, (err, address, family) => {
        if (err) return fail(err);
        const wanted = wantedFamily(options.family);
        const found: LookupAddress[] = (
          Array.isArray(address) ? address : [{ address, family: family ?? isIP(address) }]
        ).filter((entry) => wanted === 0 || entry.family === wanted);
        if (found.length === 0) return fail();
        if (options.all) callback(null, found);
        else callback(null, found[0].address, found[0].family);
      });
    } catch (err) {
      fail(err as NodeJS.ErrnoException);
    }
  };
}
