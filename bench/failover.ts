// Failover detection: the real Monitor and prober on simulated servers, with short settings.
// The best server dies (refusing or hanging) at a random moment of its probe cycle; we time
// death -> `failover`. Beside it, a flapping best server must never cause a failover.
import { createProber, Monitor } from '../src/main/monitor';
import type { ProbeTarget } from '../src/main/monitor';
import type { Prober } from '../src/main/monitor/prober';
import { DEFAULT_SETTINGS } from '../src/shared/settings';
import type { FleetSnapshot, MonitorEvent } from '../src/shared/types';
import { parseBehaviour, startSimServer } from '../src/sim';
import { max, median, round } from './stats';

export interface FailoverSettings {
  intervalMs: number;
  recheckMs: number;
  timeoutMs: number;
  fall: number;
  rise: number;
}

export const BENCH_FAILOVER_SETTINGS: FailoverSettings = {
  intervalMs: 1000,
  recheckMs: 250,
  timeoutMs: 500,
  fall: 3,
  rise: 2,
};

export type DeathKind = 'refuse' | 'hang';

/** DESIGN.md: refused 1.1 x (interval + (fall - 1) x recheck); hanging adds fall x timeout. */
export function failoverBoundMs(settings: FailoverSettings, kind: DeathKind): number {
  const refused = 1.1 * (settings.intervalMs + (settings.fall - 1) * settings.recheckMs);
  return kind === 'refuse' ? refused : refused + settings.fall * settings.timeoutMs;
}

export interface TrialSummary {
  trials: number;
  medianMs: number;
  worstMs: number;
  boundMs: number;
}

export interface FailoverFigures {
  settings: FailoverSettings;
  refused: TrialSummary;
  hanging: TrialSummary;
  falseFailovers: number;
  /** Probes of the flapping server that failed: proof that it really flapped. */
  flapFailures: number;
  flapProbes: number;
}

const target = (url: string): ProbeTarget => ({ url, headers: {}, trustSelfSigned: false });

function monitorFor(urls: string[], settings: FailoverSettings, prober: Prober): Monitor {
  return new Monitor({
    targets: urls.map(target),
    ...settings,
    downMaxMs: 5 * settings.intervalMs,
    slowMs: DEFAULT_SETTINGS.slowMs,
    policy: 'least-busy',
    probe: prober.probe,
    // One server down never triggers the connectivity check; the machine is online anyway.
    checkConnectivity: async () => true,
  });
}

function nextEvent(
  monitor: Monitor,
  match: (e: MonitorEvent) => boolean,
  limitMs: number,
): Promise<MonitorEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      monitor.off('event', listener);
      reject(new Error(`no matching event within ${limitMs} ms`));
    }, limitMs);
    const listener = (e: MonitorEvent) => {
      if (!match(e)) return;
      clearTimeout(timer);
      monitor.off('event', listener);
      resolve(e);
    };
    monitor.on('event', listener);
  });
}

function snapshotWhere(
  monitor: Monitor,
  match: (s: FleetSnapshot) => boolean,
  limitMs: number,
): Promise<void> {
  if (match(monitor.snapshot())) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      monitor.off('snapshot', listener);
      reject(new Error(`snapshot not reached within ${limitMs} ms`));
    }, limitMs);
    const listener = (s: FleetSnapshot) => {
      if (!match(s)) return;
      clearTimeout(timer);
      monitor.off('snapshot', listener);
      resolve();
    };
    monitor.on('snapshot', listener);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One trial: ms from the best server's death to the `failover` event. */
async function trial(kind: DeathKind, settings: FailoverSettings, prober: Prober): Promise<number> {
  const dying = await startSimServer(parseBehaviour('idle'));
  const backup = await startSimServer(parseBehaviour('idle'));
  const monitor = monitorFor([dying.url, backup.url], settings, prober);
  const setupLimit = 10 * settings.intervalMs;
  try {
    monitor.start();
    await snapshotWhere(
      monitor,
      (s) => s.best === dying.url && s.servers.every((x) => x.healthy),
      setupLimit,
    );
    // Die at a random moment of the probe cycle, as a real server would.
    await sleep(Math.random() * settings.intervalMs);
    const failover = nextEvent(
      monitor,
      (e) => e.type === 'failover' && e.from === dying.url,
      10 * failoverBoundMs(settings, kind),
    );
    const diedAt = performance.now();
    await dying.setBehaviour(parseBehaviour(kind));
    await failover;
    return performance.now() - diedAt;
  } finally {
    monitor.stop();
    await Promise.all([dying.close(), backup.close()]);
  }
}

async function trials(kind: DeathKind, count: number, settings: FailoverSettings): Promise<TrialSummary> {
  const prober = createProber();
  try {
    // Independent monitors and servers: the trials run side by side (each costs almost no CPU).
    const times = await Promise.all(Array.from({ length: count }, () => trial(kind, settings, prober)));
    return {
      trials: times.length,
      medianMs: round(median(times), 0),
      worstMs: round(max(times), 0),
      boundMs: round(failoverBoundMs(settings, kind), 0),
    };
  } finally {
    await prober.close();
  }
}

/** Failovers while the best server flaps (every other probe fails) for `durationMs`. */
async function flapping(durationMs: number, settings: FailoverSettings) {
  const prober = createProber();
  const flapper = await startSimServer(parseBehaviour('flap'));
  const backup = await startSimServer(parseBehaviour('idle'));
  const monitor = monitorFor([flapper.url, backup.url], settings, prober);
  let failovers = 0;
  let flapProbes = 0;
  let flapFailures = 0;
  monitor.on('event', (e) => {
    if (e.type === 'failover') failovers += 1;
  });
  monitor.on('probe', (r) => {
    if (r.url !== flapper.url) return;
    flapProbes += 1;
    if (!r.ok) flapFailures += 1;
  });
  try {
    monitor.start();
    // Its first probe may be a failing one; count from the moment the flapper is the best.
    await snapshotWhere(monitor, (s) => s.best === flapper.url, 20 * settings.intervalMs);
    failovers = 0;
    flapProbes = 0;
    flapFailures = 0;
    await sleep(durationMs);
    return { falseFailovers: failovers, flapProbes, flapFailures };
  } finally {
    monitor.stop();
    await Promise.all([flapper.close(), backup.close()]);
    await prober.close();
  }
}

export async function measureFailover(
  trialCount: number,
  flapMs: number,
  settings: FailoverSettings = BENCH_FAILOVER_SETTINGS,
): Promise<FailoverFigures> {
  // The flapping watch is a minute of waiting: the trials run beside it.
  const [flap, [refused, hanging]] = await Promise.all([
    flapping(flapMs, settings),
    (async () => [
      await trials('refuse', trialCount, settings),
      await trials('hang', trialCount, settings),
    ])(),
  ]);
  return { settings, refused, hanging, ...flap };
}
