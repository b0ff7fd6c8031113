// The probe function the monitor and the CLI use: shared connections, the per-server memory of
// the `/api` form, and at most one probe in flight per server.
import type { LookupFunction } from 'node:net';
import { APP_VERSION } from '../../shared/version';
import { createConnectionPool } from './connection-pool';
import { probeServer } from './probe';
import type { ProbeContext } from './probe';
import { createResolver } from './resolver';
import type { ProbeFn, ProbeResult } from './types';

export interface ProberOptions {
  /** Name resolution (node:dns `lookup` signature), for tests; default the system resolver. */
  lookup?: LookupFunction;
  userAgent?: string;
  /** Connections are recycled at this age; default 60 s. */
  maxConnectionAgeMs?: number;
}

export interface Prober {
  /** A second call for a server whose probe is in flight returns that probe's promise. */
  probe: ProbeFn;
  close(): Promise<void>;
}

export const DEFAULT_USER_AGENT = `ComfyWatch/${APP_VERSION}`;

export function createProber(options: ProberOptions = {}): Prober {
  const pool = createConnectionPool({
    lookup: createResolver(options.lookup),
    maxAgeMs: options.maxConnectionAgeMs ?? 60_000,
  });
  const context: ProbeContext = {
    dispatcher: (trustSelfSigned) => pool.dispatcher(trustSelfSigned),
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    forms: new Map(),
  };
  const inFlight = new Map<string, Promise<ProbeResult>>();
  return {
    probe(target, probeOptions) {
      const running = inFlight.get(target.url);
      if (running) return running;
      const forget = () => {
        if (inFlight.get(target.url) === probe) inFlight.delete(target.url);
      };
      const probe = probeServer(target, probeOptions, context).finally(forget);
      // A cancelled probe is not handed to the next caller: its "cancelled" is no answer of the server's.
      const { signal } = probeOptions;
      if (!signal?.aborted) inFlight.set(target.url, probe);
      signal?.addEventListener('abort', forget, { once: true });
      return probe;
    },
    close: () => pool.close(),
  };
}
