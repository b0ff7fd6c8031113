// The fault-injection soak, shared by `npm run soak` and the short soak in `npm test`: a fleet
// whose servers keep switching behaviour, address and TLS/DNS failures while the real Monitor and
// prober run with short intervals; SoakChecker checks the invariants all along, and once the
// fleet is set to known behaviours and has settled, every verdict is compared with the expected one.
import { createProber, Monitor } from '../src/main/monitor';
import type { MonitorSettings } from '../src/main/monitor';
import type { ErrorKind, ServerReport } from '../src/shared/types';
import { BEHAVIOUR_NAMES, parseBehaviour } from '../src/sim';
import { makeSelfSignedCert } from '../tests/helpers/tls';
import { mulberry32 } from './random';
import { SoakChecker } from './soak-checks';
import { closeSlots, slotLookup, startSlots } from './soak-fleet';
import type { Slot, SlotKind } from './soak-fleet';
import { MIB, round } from './stats';

export interface SoakOptions {
  durationMs: number;
  /** Plain slots (default: one per final condition); two tls slots and one untrusted slot are added. */
  plainSlots?: number;
  seed?: number;
  /** Heap growth (MiB) above the level after warm-up that counts as unbounded. */
  heapLimitMb?: number;
  /** Forced GC before memory samples, when the process has it. */
  gc?: () => void;
  log?: (line: string) => void;
}

export interface SoakSummary {
  seed: number;
  durationMs: number;
  servers: number;
  probes: number;
  results: Record<string, number>;
  faults: Record<string, number>;
  events: Record<string, number>;
  heapGrowthMb: number;
  violations: string[];
}

/** Short timings so many transitions happen in a short run. */
export const SOAK_SETTINGS: Omit<MonitorSettings, 'targets'> = {
  intervalMs: 500,
  timeoutMs: 500,
  fall: 2,
  rise: 2,
  recheckMs: 150,
  downMaxMs: 1500,
  slowMs: 250,
  policy: 'least-busy',
};
/** Short, so an address change or a DNS failure reaches even a kept-alive server soon. */
const CONNECTION_AGE_MS = 3000;

interface Expected {
  healthy: boolean;
  state?: ServerReport['state'];
  errorKind: ErrorKind | null;
  queueTotal?: number;
}

/** The settled fleet: what each final condition must be judged. */
const FINAL: Record<string, Expected> = {
  idle: { healthy: true, state: 'up', errorKind: null, queueTotal: 0 },
  'busy:2': { healthy: true, errorKind: null, queueTotal: 2 },
  'api-only': { healthy: true, state: 'up', errorKind: null },
  'no-api': { healthy: true, state: 'up', errorKind: null },
  refuse: { healthy: false, state: 'down', errorKind: 'refused' },
  hang: { healthy: false, state: 'down', errorKind: 'timeout' },
  drip: { healthy: false, state: 'down', errorKind: 'timeout' },
  '502': { healthy: false, state: 'down', errorKind: 'http' },
  sleeping: { healthy: false, state: 'down', errorKind: 'not-comfyui' },
  login: { healthy: false, state: 'blocked', errorKind: 'blocked' },
  '401': { healthy: false, state: 'blocked', errorKind: 'blocked' },
  'wrong-shape': { healthy: false, state: 'down', errorKind: 'not-comfyui' },
  reset: { healthy: false, state: 'down', errorKind: 'reset' },
  dns: { healthy: false, state: 'down', errorKind: 'dns' },
  tls: { healthy: false, state: 'down', errorKind: 'tls' },
};
const PLAIN_FINALS = Object.keys(FINAL).filter((name) => name !== 'tls');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runSoak(options: SoakOptions): Promise<SoakSummary> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const log = options.log ?? (() => undefined);
  const checker = new SoakChecker();
  const faults = new Map<string, number>();
  const count = (kind: string) => faults.set(kind, (faults.get(kind) ?? 0) + 1);

  const kinds: SlotKind[] = [
    ...Array<SlotKind>(options.plainSlots ?? PLAIN_FINALS.length).fill('plain'),
    'tls',
    'tls',
    'untrusted',
  ];
  const slots = await startSlots(kinds, makeSelfSignedCert());
  let offline = false;
  const allTargets = slots.map((slot) => slot.target);
  let removed: string | null = null;
  const prober = createProber({
    lookup: slotLookup(slots, () => offline),
    maxConnectionAgeMs: CONNECTION_AGE_MS,
  });
  const monitor = new Monitor({
    ...SOAK_SETTINGS,
    targets: allTargets,
    probe: checker.wrapProbe(prober.probe),
    random,
    checkConnectivity: () => Promise.resolve(!offline),
  });
  monitor.on('event', (e) => checker.onEvent(e, monitor.snapshot()));
  monitor.on('snapshot', (s) => checker.onSnapshot(s));
  monitor.on('probe', (r) => checker.onProbe(r));

  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };
  const simCall = (what: Promise<void>) =>
    what.catch((error: unknown) => checker.violation(`the simulator failed: ${String(error)}`));
  const heap = () => {
    options.gc?.();
    return process.memoryUsage().heapUsed;
  };

  const behaviourText = (name: string) =>
    name === 'busy:N'
      ? `busy:${Math.floor(random() * 6)}`
      : name === 'slow:MS'
        ? `slow:${20 + Math.floor(random() * 700)}`
        : name;

  const randomTimings = (): Partial<MonitorSettings> => ({
    intervalMs: 500 + Math.floor(random() * 500),
    timeoutMs: 300 + Math.floor(random() * 500),
    recheckMs: 100 + Math.floor(random() * 200),
    fall: 1 + Math.floor(random() * 3),
    rise: 1 + Math.floor(random() * 3),
    downMaxMs: 500 + Math.floor(random() * 1500),
    slowMs: 100 + Math.floor(random() * 400),
    policy: random() < 0.5 ? 'least-busy' : 'prefer-primary',
  });

  const restoreTargets = () => {
    if (removed === null) return;
    removed = null;
    monitor.update({ targets: allTargets });
  };

  /** One random fault (or a repair) on one random slot. */
  const inject = (slot: Slot) => {
    const roll = random();
    if (roll < 0.55) {
      const name = pick(BEHAVIOUR_NAMES);
      const server = slot.route === 'v6' ? slot.v6 : slot.v4;
      simCall(server.setBehaviour(parseBehaviour(behaviourText(name))));
      count(name);
    } else if (roll < 0.65) {
      slot.route = 'dns-failure';
      count('dns');
    } else if (roll < 0.77 && slot.kind !== 'untrusted') {
      // Plain slots reach the other server; tls slots reach a plain http server (handshake fails).
      slot.route = slot.route === 'v6' ? 'v4' : 'v6';
      count(slot.kind === 'tls' && slot.route === 'v6' ? 'tls' : 'address-change');
    } else if (roll < 0.88) {
      slot.route = 'v4';
    } else if (roll < 0.9) {
      // What a user can do meanwhile: refresh now, pause and resume, restart, change settings.
      monitor.refreshNow();
      count('refresh');
    } else if (roll < 0.92) {
      monitor.pause();
      later(random() * 600, () => monitor.resume());
      count('pause');
    } else if (roll < 0.94) {
      monitor.stop();
      monitor.start();
      count('restart');
    } else if (roll < 0.96) {
      monitor.update(randomTimings());
      count('settings');
    } else if (roll < 0.98 && removed === null) {
      // The server leaves the list and comes back (a settings edit, then its undo).
      removed = slot.target.url;
      checker.forget(removed);
      monitor.update({ targets: allTargets.filter((t) => t.url !== removed) });
      later(random() * 800, restoreTargets);
      count('remove-readd');
    } else if (!offline) {
      // The whole network goes away for a moment: no name resolves, the machine is offline.
      offline = true;
      count('offline');
      later(1000 + random() * 1500, () => (offline = false));
    }
  };

  const onUnhandled = (kind: string) => (error: unknown) => checker.violation(`${kind}: ${String(error)}`);
  const onRejection = onUnhandled('unhandled rejection');
  const onException = onUnhandled('uncaught exception');
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);

  const started = performance.now();
  let heapBase = 0;
  let heapPeak = 0;
  try {
    monitor.start();
    const warmupEnd = started + Math.min(5000, options.durationMs / 4);
    let nextHeapSample = warmupEnd;
    while (performance.now() - started < options.durationMs) {
      inject(pick(slots));
      await sleep(50 + random() * 250);
      if (performance.now() >= nextHeapSample) {
        const used = heap();
        if (heapBase === 0) heapBase = used;
        heapPeak = Math.max(heapPeak, used);
        nextHeapSample = performance.now() + 2000;
      }
    }
    for (const timer of timers) clearTimeout(timer);
    offline = false;
    monitor.resume();
    restoreTargets();
    monitor.update(SOAK_SETTINGS);
    log(`chaos done after ${checker.probes} probes; settling the fleet`);
    await settle(slots, monitor, checker, simCall);
  } finally {
    for (const timer of timers) clearTimeout(timer);
    monitor.stop();
    await prober.close();
    await closeSlots(slots);
    // Late errors (a socket closing) still count.
    await sleep(50);
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  }
  const heapGrowthMb = round((heapPeak - heapBase) / MIB);
  const heapLimitMb = options.heapLimitMb ?? 64;
  if (heapGrowthMb > heapLimitMb)
    checker.violation(`the heap grew ${heapGrowthMb} MiB (limit ${heapLimitMb} MiB)`);
  return {
    seed,
    durationMs: Math.round(performance.now() - started),
    servers: slots.length,
    probes: checker.probes,
    results: Object.fromEntries(checker.results),
    faults: Object.fromEntries(faults),
    events: Object.fromEntries(checker.events),
    heapGrowthMb,
    violations: checker.violations,
  };
}

/** Sets every slot to a known condition and waits until every verdict matches (or time is up). */
async function settle(
  slots: Slot[],
  monitor: Monitor,
  checker: SoakChecker,
  simCall: (what: Promise<void>) => Promise<unknown>,
): Promise<void> {
  const expected = slots.map((slot, i) => {
    const name =
      slot.kind === 'untrusted'
        ? 'tls'
        : slot.kind === 'tls'
          ? i % 2 === 0
            ? 'tls'
            : 'idle'
          : PLAIN_FINALS[i % PLAIN_FINALS.length];
    slot.route = name === 'dns' ? 'dns-failure' : name === 'tls' && slot.kind === 'tls' ? 'v6' : 'v4';
    const behaviour = parseBehaviour(name === 'dns' || name === 'tls' ? 'idle' : name);
    // Both servers alike: a connection kept alive to the other address sees the same.
    return { name, behaviour, want: FINAL[name] };
  });
  await Promise.all(
    slots.map((slot, i) =>
      Promise.all([slot.v4, slot.v6].map((server) => simCall(server.setBehaviour(expected[i].behaviour)))),
    ),
  );
  const { downMaxMs, fall, rise, recheckMs, intervalMs, timeoutMs } = SOAK_SETTINGS;
  const limitMs =
    2 * (CONNECTION_AGE_MS + downMaxMs + (fall + rise + 2) * (Math.max(intervalMs, recheckMs) + timeoutMs));
  const until = performance.now() + limitMs;
  let mismatches: string[] = [];
  let matchedTwice = 0;
  while (performance.now() < until && matchedTwice < 2) {
    await sleep(SOAK_SETTINGS.intervalMs);
    const servers = monitor.snapshot().servers;
    mismatches = slots.flatMap((slot, i) => {
      const server = servers.find((s) => s.url === slot.target.url);
      return server
        ? mismatch(server, expected[i].name, expected[i].want)
        : [`${slot.target.url} is missing`];
    });
    matchedTwice = mismatches.length === 0 ? matchedTwice + 1 : 0;
  }
  for (const text of mismatches) checker.violation(`after settling ${Math.round(limitMs / 1000)} s: ${text}`);
}

function mismatch(server: ServerReport, name: string, want: Expected): string[] {
  const seen = `${server.state}${server.errorKind ? ` (${server.errorKind}: ${server.error})` : ''}`;
  const wrong =
    server.healthy !== want.healthy ||
    (want.state !== undefined && server.state !== want.state) ||
    server.errorKind !== want.errorKind ||
    (want.queueTotal !== undefined && server.queue?.total !== want.queueTotal);
  return wrong ? [`${server.url} set to ${name} is ${seen}, queue ${server.queue?.total ?? 'unknown'}`] : [];
}
