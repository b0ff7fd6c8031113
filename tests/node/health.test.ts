import { describe, expect, it } from 'vitest';
import {
  applyProbe,
  baseDelay,
  inTransition,
  INITIAL_HEALTH,
  jitter,
  nextDelay,
} from '../../src/main/monitor/health';
import type { ServerHealth } from '../../src/main/monitor/health';
import type { ProbeResult } from '../../src/main/monitor/types';
import { failResult, okResult } from '../helpers/fake-probe';

const URL = 'http://127.0.0.1:8188';
const PARAMS = { fall: 3, rise: 2, slowMs: 2000 };
const TIMING = { intervalMs: 15_000, recheckMs: 2_000, downMaxMs: 60_000 };
const OK = okResult(URL);
const REFUSED = failResult(URL, 'refused');

function run(results: ProbeResult[], start: ServerHealth = INITIAL_HEALTH): ServerHealth[] {
  const out: ServerHealth[] = [];
  let health = start;
  for (const result of results) {
    health = applyProbe(health, result, PARAMS);
    out.push(health);
  }
  return out;
}

const states = (healths: ServerHealth[]) => healths.map((h) => h.state);

describe('per-server health', () => {
  it('lets the first probe decide at once', () => {
    expect(applyProbe(INITIAL_HEALTH, OK, PARAMS).state).toBe('up');
    expect(applyProbe(INITIAL_HEALTH, REFUSED, PARAMS).state).toBe('down');
    expect(applyProbe(INITIAL_HEALTH, failResult(URL, 'blocked'), PARAMS).state).toBe('blocked');
    expect(applyProbe(INITIAL_HEALTH, okResult(URL, { queue: null, step: 'root' }), PARAMS).state).toBe(
      'degraded',
    );
  });

  it('needs `fall` failures in a row to go down, keeping the usable state and the last error meanwhile', () => {
    const [up, f1, f2, f3] = run([OK, REFUSED, REFUSED, REFUSED]);
    expect(states([up, f1, f2, f3])).toEqual(['up', 'up', 'up', 'down']);
    expect(f1.lastFailure).toBe(REFUSED);
    expect(f1.lastGood).toBe(OK);
    expect(inTransition(f1)).toBe(true);
    expect(inTransition(f3)).toBe(false);
  });

  it('resets the failure count on a success', () => {
    expect(states(run([OK, REFUSED, REFUSED, OK, REFUSED, REFUSED]))).toEqual([
      'up',
      'up',
      'up',
      'up',
      'up',
      'up',
    ]);
    expect(states(run([OK, REFUSED, REFUSED, OK, REFUSED, REFUSED, REFUSED])).at(-1)).toBe('down');
  });

  it('goes blocked instead of down when the failure that crosses `fall` is blocked', () => {
    const blocked = failResult(URL, 'blocked');
    expect(states(run([OK, REFUSED, REFUSED, blocked]))).toEqual(['up', 'up', 'up', 'blocked']);
  });

  it('needs `rise` successes to come back, `starting` (not usable) meanwhile', () => {
    const healths = run([REFUSED, OK, OK, OK]);
    expect(states(healths)).toEqual(['down', 'starting', 'up', 'up']);
    expect(inTransition(healths[1])).toBe(true);
    expect(healths[1].successes).toBe(1);
  });

  it('falls back to down at the first failure while starting', () => {
    expect(states(run([REFUSED, OK, REFUSED, OK, OK]))).toEqual([
      'down',
      'starting',
      'down',
      'starting',
      'up',
    ]);
  });

  it('comes back at once with rise = 1 and goes down at once with fall = 1', () => {
    let health = applyProbe(INITIAL_HEALTH, REFUSED, { ...PARAMS, rise: 1, fall: 1 });
    health = applyProbe(health, OK, { ...PARAMS, rise: 1, fall: 1 });
    expect(health.state).toBe('up');
    expect(applyProbe(health, REFUSED, { ...PARAMS, rise: 1, fall: 1 }).state).toBe('down');
  });

  it('follows the verdict between usable states without hysteresis', () => {
    const busy = okResult(URL, { queue: { running: 1, pending: 0, total: 1 }, responseTimeMs: 2500 });
    expect(states(run([OK, busy, OK]))).toEqual(['up', 'busy', 'up']);
  });

  it('does not change the health it was given', () => {
    const before = structuredClone(INITIAL_HEALTH);
    applyProbe(INITIAL_HEALTH, REFUSED, PARAMS);
    expect(INITIAL_HEALTH).toEqual(before);
  });
});

describe('next delay', () => {
  it('waits `interval` when settled up', () => {
    expect(baseDelay(run([OK])[0], TIMING)).toBe(15_000);
  });

  it('re-checks after `recheck` while in transition, in either direction', () => {
    expect(baseDelay(run([OK, REFUSED])[1], TIMING)).toBe(2_000);
    expect(baseDelay(run([REFUSED, OK])[1], TIMING)).toBe(2_000);
  });

  it('backs off while down, doubling from interval up to downMax', () => {
    const healths = run([REFUSED, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED]);
    expect(healths.map((h) => baseDelay(h, TIMING))).toEqual([
      15_000, 30_000, 60_000, 60_000, 60_000, 60_000,
    ]);
    const blocked = run([failResult(URL, 'blocked'), failResult(URL, 'blocked')]);
    expect(blocked.map((h) => baseDelay(h, TIMING))).toEqual([15_000, 30_000]);
  });

  it('starts the backoff over after the server came back', () => {
    const healths = run([REFUSED, REFUSED, REFUSED, OK, OK, REFUSED, REFUSED, REFUSED]);
    expect(healths.map((h) => baseDelay(h, TIMING))).toEqual([
      15_000, 30_000, 60_000, 2_000, 15_000, 2_000, 2_000, 15_000,
    ]);
  });

  it('never backs off below interval, even with a smaller downMax', () => {
    const healths = run([REFUSED, REFUSED]);
    expect(baseDelay(healths[1], { ...TIMING, downMaxMs: 1_000 })).toBe(15_000);
  });

  it('jitters every wait within +/-10 %', () => {
    expect(jitter(10_000, () => 0)).toBe(9_000);
    expect(jitter(10_000, () => 0.5)).toBe(10_000);
    expect(jitter(10_000, () => 0.999_999)).toBeLessThanOrEqual(11_000);
    expect(jitter(10_000, () => 0.999_999)).toBeGreaterThan(10_999);
    let seed = 1;
    const random = () => ((seed = (seed * 16_807) % 2_147_483_647) - 1) / 2_147_483_646;
    const delays = Array.from({ length: 1000 }, () => nextDelay(run([OK])[0], TIMING, random));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(13_500);
    expect(Math.max(...delays)).toBeLessThanOrEqual(16_500);
    // Spread out, not constant.
    expect(new Set(delays).size).toBeGreaterThan(100);
  });
});
