// Memory over many probes of a changing fleet: the real Monitor and History (wired as the app
// wires them), a fast fake probe and a fake clock, so 100,000 probes take seconds. The fleet first
// runs past the history's 24 h window, so every bound is reached before measuring.
import { History, HISTORY_KEEP_MS, Monitor, monitorSettingsOf } from '../src/main/monitor';
import type { ProbeFn, ProbeResult, ProbeTarget } from '../src/main/monitor';
import { DEFAULT_SETTINGS } from '../src/shared/settings';
import { FakeClock } from '../tests/helpers/fake-clock';
import { failResult, okResult, queueOf } from '../tests/helpers/fake-probe';
import { mulberry32 } from './random';
import { MIB, round } from './stats';

export interface MemoryFigures {
  probes: number;
  heapGrowthMb: number;
  rssGrowthMb: number;
  /** Probes run before measuring (until the history's time window was full). */
  warmupProbes: number;
  /** Samples the history held at the end: proof the fleet really was recorded. */
  samplesKept: number;
}

const STABLE_SERVERS = 6;
/** Churning servers: one of them is replaced by a new URL every CHURN_EVERY probes. */
const CHURN_SLOTS = 2;
const CHURN_EVERY = 500;
/** Fake time per step: shorter than any wait, so the churn keeps pace with the probes. */
const STEP_MS = 1000;

type Mode = 'idle' | 'busy' | 'slow' | 'refused' | 'timeout' | 'not-comfyui';
const MODES: readonly Mode[] = ['idle', 'busy', 'slow', 'refused', 'timeout', 'not-comfyui'];

/**
 * A fast probe whose servers change what they do now and then, so states, events and rankings
 * keep moving. (tests/helpers' FakeProbes keeps every start time: a leak of its own at this scale.)
 */
function fakeProbe(clock: FakeClock, random: () => number, modes: Map<string, Mode>): ProbeFn {
  return (target: ProbeTarget): Promise<ProbeResult> => {
    let mode = modes.get(target.url) ?? 'idle';
    if (random() < 0.05) mode = MODES[Math.floor(random() * MODES.length)];
    modes.set(target.url, mode);
    const startedAt = clock.now();
    if (mode === 'refused' || mode === 'timeout' || mode === 'not-comfyui') {
      return Promise.resolve(failResult(target.url, mode, { startedAt, durationMs: 3 }));
    }
    const responseTimeMs = mode === 'slow' ? 2500 : 5 + Math.floor(random() * 40);
    const queue = queueOf(mode === 'busy' ? 1 + Math.floor(random() * 5) : 0);
    return Promise.resolve(
      okResult(target.url, { startedAt, durationMs: responseTimeMs, responseTimeMs, queue }),
    );
  };
}

const target = (url: string): ProbeTarget => ({ url, headers: {}, trustSelfSigned: false });

function heapAndRss(gc: () => void): { heap: number; rss: number } {
  gc();
  gc();
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed, rss: usage.rss };
}

export async function measureMemory(probes: number, gc: () => void): Promise<MemoryFigures> {
  const clock = new FakeClock();
  const random = mulberry32(42);
  const history = new History({ now: () => clock.now() });
  const modes = new Map<string, Mode>();
  const stable = Array.from({ length: STABLE_SERVERS }, (_, i) => `http://10.0.0.${i + 1}:8188`);
  let churned = 0;
  const churning = Array.from({ length: CHURN_SLOTS }, () => `http://churn-${churned++}.example:8188`);
  const urls = () => [...stable, ...churning];
  const monitor = new Monitor({
    ...monitorSettingsOf(DEFAULT_SETTINGS, urls().map(target)),
    probe: fakeProbe(clock, random, modes),
    clock,
    random,
    checkConnectivity: () => Promise.resolve(true),
  });
  let probed = 0;
  monitor.on('probe', (result) => {
    probed += 1;
    const state = monitor.snapshot().servers.find((s) => s.url === result.url)?.state;
    if (state) history.recordProbe(result, state);
  });
  monitor.on('event', (event) => history.recordEvent(event));

  const runUntil = async (done: () => boolean) => {
    let nextChurn = probed + CHURN_EVERY;
    while (!done()) {
      const before = probed;
      // Runs the due timers in order, letting the probes and the monitor's handling settle.
      await clock.advance(STEP_MS);
      if (probed === before && clock.pending === 0) throw new Error('the monitor scheduled no probe');
      if (probed >= nextChurn) {
        nextChurn += CHURN_EVERY;
        const slot = churned % CHURN_SLOTS;
        modes.delete(churning[slot]);
        churning[slot] = `http://churn-${churned++}.example:8188`;
        history.retain(urls());
        monitor.update({ targets: urls().map(target) });
      }
    }
  };

  monitor.start();
  try {
    const startedAt = clock.now();
    await runUntil(() => clock.now() - startedAt > HISTORY_KEEP_MS + 60 * 60 * 1000);
    const warmupProbes = probed;
    const before = heapAndRss(gc);
    await runUntil(() => probed >= warmupProbes + probes);
    const after = heapAndRss(gc);
    return {
      probes: probed - warmupProbes,
      heapGrowthMb: round((after.heap - before.heap) / MIB),
      rssGrowthMb: round((after.rss - before.rss) / MIB),
      warmupProbes,
      samplesKept: urls().reduce((sum, url) => sum + history.sampleCount(url), 0),
    };
  } finally {
    monitor.stop();
  }
}
