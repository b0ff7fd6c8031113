// A short fault-injection soak inside `npm test` (the long one is `npm run soak`): the real
// Monitor and prober against servers that keep switching behaviour, address, DNS and TLS failures.
// First, the checker itself: it must catch what it claims to catch, or a clean soak proves nothing.
import { describe, expect, test } from 'vitest';
import { runSoak } from '../../bench/soak-core';
import { SoakChecker } from '../../bench/soak-checks';
import type { ProbeResult } from '../../src/main/monitor';
import type { MonitorEvent } from '../../src/shared/types';
import { fleetSnapshot, serverReport } from '../helpers/fleet-snapshot';
import { failResult, okResult, target } from '../helpers/fake-probe';

const A = 'http://127.0.0.1:1001';
const B = 'http://127.0.0.1:1002';
const AT = '2026-01-01T00:00:00.000Z';

describe('the soak checker', () => {
  test('catches two probes in flight for one server, a probe past its deadline and a kind-less failure', async () => {
    let now = 0;
    const checker = new SoakChecker(() => now);
    const pending: ((r: ProbeResult) => void)[] = [];
    const probe = checker.wrapProbe(() => new Promise((resolve) => pending.push(resolve)));
    const first = probe(target(A), { timeoutMs: 500 });
    const second = probe(target(A), { timeoutMs: 500 });
    now = 500 + 1001;
    pending[0](okResult(A));
    pending[1](failResult(A, 'refused', { errorKind: null }));
    await Promise.all([first, second]);
    expect(checker.violations).toEqual([
      `2 probes in flight for ${A}`,
      `a probe of ${A} took 1501 ms (deadline 500 ms)`,
      `a probe of ${A} took 1501 ms (deadline 500 ms)`,
      `a failed probe of ${A} has no error kind or sentence: connection refused (/queue)`,
    ]);
    expect(checker.probes).toBe(2);
  });

  test('a probe the monitor cancelled no longer counts as in flight; judging its result is a violation', async () => {
    const checker = new SoakChecker();
    const pending: ((r: ProbeResult) => void)[] = [];
    const probe = checker.wrapProbe(() => new Promise((resolve) => pending.push(resolve)));
    const controller = new AbortController();
    const first = probe(target(A), { timeoutMs: 500, signal: controller.signal });
    controller.abort();
    const second = probe(target(A), { timeoutMs: 500 });
    const cancelled = failResult(A, 'timeout', { error: '/queue: probe cancelled' });
    pending[0](cancelled);
    pending[1](okResult(A));
    await Promise.all([first, second]);
    expect(checker.violations).toEqual([]);
    checker.onProbe(cancelled);
    expect(checker.violations).toEqual([`a cancelled probe was judged: ${A}: /queue: probe cancelled`]);
  });

  test('accepts a consistent story of events', () => {
    const checker = new SoakChecker();
    const up = fleetSnapshot([serverReport(A, 'up'), serverReport(B, 'up')]);
    const aDown = fleetSnapshot([serverReport(A, 'down'), serverReport(B, 'up')], { best: B });
    const allDown = fleetSnapshot([serverReport(A, 'down'), serverReport(B, 'down')]);
    const story: [MonitorEvent, typeof up][] = [
      [{ type: 'state', url: A, from: 'unknown', to: 'up', reason: '', at: AT }, up],
      [{ type: 'state', url: B, from: 'unknown', to: 'up', reason: '', at: AT }, up],
      [{ type: 'best', to: A, at: AT }, up],
      [{ type: 'state', url: A, from: 'up', to: 'down', reason: '', at: AT }, aDown],
      [{ type: 'failover', from: A, to: B, reason: '', at: AT }, aDown],
      [{ type: 'state', url: B, from: 'up', to: 'down', reason: '', at: AT }, allDown],
      [{ type: 'all-down', from: B, reason: '', at: AT }, allDown],
    ];
    for (const [event, snapshot] of story) checker.onEvent(event, snapshot);
    expect(checker.violations).toEqual([]);
  });

  test('catches a failover to an unusable server, a duplicate all-down and a broken state chain', () => {
    const checker = new SoakChecker();
    const up = fleetSnapshot([serverReport(A, 'up'), serverReport(B, 'down')]);
    const allDown = fleetSnapshot([serverReport(A, 'down'), serverReport(B, 'down')]);
    checker.onEvent({ type: 'best', to: A, at: AT }, up);
    checker.onEvent({ type: 'failover', from: A, to: B, reason: '', at: AT }, up);
    checker.onEvent({ type: 'all-down', from: B, reason: '', at: AT }, allDown);
    checker.onEvent({ type: 'all-down', from: null, reason: '', at: AT }, allDown);
    checker.onEvent({ type: 'state', url: A, from: 'starting', to: 'up', reason: '', at: AT }, up);
    expect(checker.violations).toEqual([
      `failover to ${B}, which is down`,
      `failover to ${B} but the snapshot's best is ${A}`,
      `failover from ${A}, still usable`,
      'all-down while nothing was usable already',
      `a state event for ${A} from starting, but it was unknown`,
    ]);
  });
});

test('a short soak breaks no invariant and ends with every verdict right', async () => {
  const summary = await runSoak({ durationMs: 12_000, heapLimitMb: 128 });
  const context = `seed ${summary.seed} (repeat with npm run soak -- --seed ${summary.seed})`;
  expect(summary.violations, context).toEqual([]);
  // Not vacuous: the monitor probed a lot, faults of many kinds were injected, and the settled
  // fleet produced every failure kind at least once.
  expect(summary.probes, context).toBeGreaterThan(200);
  expect(Object.keys(summary.faults).length, context).toBeGreaterThanOrEqual(8);
  expect(summary.events.state, context).toBeGreaterThan(0);
  for (const kind of ['ok', 'refused', 'dns', 'timeout', 'tls', 'reset', 'http', 'not-comfyui', 'blocked']) {
    expect(summary.results[kind], `${kind}: ${context}`).toBeGreaterThan(0);
  }
}, 90_000);
