import { afterEach, describe, expect, it } from 'vitest';
import { Monitor, SYSTEM_REFRESH_MS } from '../../src/main/monitor/monitor';
import type { MonitorOptions } from '../../src/main/monitor/monitor';
import type { FleetSnapshot, MonitorEvent, MonitorEventType } from '../../src/shared/types';
import { FakeClock } from '../helpers/fake-clock';
import { FakeProbes, failResult, fails, hangs, idle, queued, refuses, target } from '../helpers/fake-probe';
import type { Behaviour } from '../helpers/fake-probe';

const A = 'http://127.0.0.1:8188';
const B = 'http://127.0.0.1:8189';
const C = 'http://127.0.0.1:8190';
// Servers off this machine (names are never resolved: the probes are fakes).
const RA = 'http://gpu-a.example.lan:8188';
const RB = 'http://gpu-b.example.lan:8188';
const T0 = Date.parse('2026-01-01T00:00:00.000Z');

const SETTINGS = {
  intervalMs: 15_000,
  timeoutMs: 5_000,
  fall: 3,
  rise: 2,
  recheckMs: 2_000,
  downMaxMs: 60_000,
  slowMs: 2_000,
  policy: 'least-busy',
} as const;

/** The failover detection bound of DESIGN.md for refused connections. */
const REFUSED_BOUND = 1.1 * (SETTINGS.intervalMs + (SETTINGS.fall - 1) * SETTINGS.recheckMs);
const HANGING_BOUND = REFUSED_BOUND + SETTINGS.fall * SETTINGS.timeoutMs;

const monitors: Monitor[] = [];
afterEach(() => {
  for (const monitor of monitors.splice(0)) monitor.stop();
});

/** What a server off this machine looks like when our own network is gone. */
const unreachable = () => fails('dns');

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 16_807) % 2_147_483_647;
    return (state - 1) / 2_147_483_646;
  };
}

function setup(behaviours: Record<string, Behaviour>, overrides: Partial<MonitorOptions> = {}) {
  const clock = new FakeClock(T0);
  const probes = new FakeProbes(clock, behaviours);
  const online = { value: true, checks: 0 };
  const monitor = new Monitor({
    targets: Object.keys(behaviours).map(target),
    ...SETTINGS,
    probe: probes.probe,
    clock,
    // 0.5 means no jitter: times in these tests are exact.
    random: () => 0.5,
    checkConnectivity: async () => {
      online.checks += 1;
      return online.value;
    },
    ...overrides,
  });
  monitors.push(monitor);
  const events: MonitorEvent[] = [];
  const snapshots: FleetSnapshot[] = [];
  monitor.on('event', (event) => events.push(event));
  monitor.on('snapshot', (snapshot) => snapshots.push(snapshot));
  const ofType = <T extends MonitorEventType>(type: T) =>
    events.filter((e): e is Extract<MonitorEvent, { type: T }> => e.type === type);
  const elapsed = (event: MonitorEvent) => Date.parse(event.at) - T0;
  return { clock, probes, monitor, events, snapshots, online, ofType, elapsed };
}

describe('Monitor start-up', () => {
  it('publishes no best before every first probe finished, then the best', async () => {
    const { clock, probes, monitor, events, ofType } = setup({
      [A]: idle(),
      [B]: { ...idle(), delayMs: 1_000 },
    });
    monitor.start();
    expect([probes.calls(A), probes.calls(B)]).toEqual([1, 1]);
    await clock.advance(0);
    let snapshot = monitor.snapshot();
    expect(snapshot.servers.map((s) => s.state)).toEqual(['up', 'unknown']);
    expect(snapshot).toMatchObject({ checking: true, best: null, bestReason: null });
    expect(ofType('best')).toEqual([]);

    await clock.advance(1_000);
    snapshot = monitor.snapshot();
    expect(snapshot).toMatchObject({ checking: false, best: A, paused: false, networkDown: false });
    expect(snapshot.bestReason).toBe('fewest queued jobs (0) and answers in 12 ms');
    expect(events).toEqual([
      {
        type: 'state',
        url: A,
        from: 'unknown',
        to: 'up',
        reason: `${A} is up: /queue answered in 12 ms, queue empty`,
        at: '2026-01-01T00:00:00.000Z',
      },
      expect.objectContaining({
        type: 'state',
        url: B,
        from: 'unknown',
        to: 'up',
        at: '2026-01-01T00:00:01.000Z',
      }),
      { type: 'best', to: A, at: '2026-01-01T00:00:01.000Z' },
    ]);
  });

  it('reports the fleet in configured order with the report fields', async () => {
    const { clock, monitor } = setup({ [A]: queued(2), [B]: idle(30), [C]: refuses() });
    monitor.start();
    await clock.advance(0);
    const snapshot = monitor.snapshot();
    expect(snapshot.checkedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(snapshot.best).toBe(B);
    expect(snapshot.servers).toEqual([
      {
        url: A,
        role: 'primary',
        priority: 1,
        rank: 2,
        healthy: true,
        state: 'up',
        endpoint: '/queue',
        responseTimeMs: 12,
        queue: { running: 1, pending: 1, total: 2 },
        system: null,
        error: null,
        errorKind: null,
        note: null,
        lastCheckedAt: '2026-01-01T00:00:00.000Z',
        stale: false,
      },
      expect.objectContaining({ url: B, role: 'backup', priority: 2, rank: 1, responseTimeMs: 30 }),
      expect.objectContaining({
        url: C,
        role: 'backup',
        priority: 3,
        rank: null,
        healthy: false,
        state: 'down',
        error: 'connection refused (/queue)',
        errorKind: 'refused',
      }),
    ]);
  });

  it('reports all-down from null at start-up, then a recovery after `rise` good probes', async () => {
    const { clock, probes, monitor, ofType, elapsed } = setup({ [A]: refuses(), [B]: refuses() });
    monitor.start();
    await clock.advance(0);
    expect(ofType('all-down')).toEqual([expect.objectContaining({ from: null })]);
    expect(ofType('all-down')[0].reason).toContain(`${A} is down: connection refused (/queue)`);
    expect(ofType('state').map((e) => [e.url, e.from, e.to])).toEqual([
      [A, 'unknown', 'down'],
      [B, 'unknown', 'down'],
    ]);
    expect(monitor.snapshot()).toMatchObject({ checking: false, best: null });

    probes.set(B, idle());
    await clock.advance(15_000);
    expect(monitor.snapshot().servers[1].state).toBe('starting');
    expect(monitor.snapshot().servers[1].healthy).toBe(false);
    expect(ofType('recovery')).toEqual([]);
    await clock.advance(2_000); // re-checked after `recheck` while starting
    expect(ofType('recovery')).toEqual([{ type: 'recovery', to: B, at: '2026-01-01T00:00:17.000Z' }]);
    expect(
      ofType('state')
        .slice(2)
        .map((e) => [e.url, e.to, elapsed(e)]),
    ).toEqual([
      [B, 'starting', 15_000],
      [B, 'up', 17_000],
    ]);
    expect(monitor.snapshot().best).toBe(B);
  });
});

describe('Monitor scheduling', () => {
  it('re-checks after `recheck` while in transition, showing the last error on a still-usable server', async () => {
    const { clock, probes, monitor } = setup({ [A]: idle() });
    monitor.start();
    await clock.advance(0);
    probes.set(A, refuses());
    await clock.advance(15_000);
    expect(monitor.snapshot().servers[0]).toMatchObject({
      state: 'up',
      healthy: true,
      rank: 1,
      error: 'connection refused (/queue)',
      errorKind: 'refused',
      queue: { running: 0, pending: 0, total: 0 },
    });
    expect(monitor.snapshot().best).toBe(A);
    probes.set(A, idle());
    await clock.advance(40_000);
    expect(probes.startTimes(A).map((t) => t - T0)).toEqual([0, 15_000, 17_000, 32_000, 47_000]);
    expect(monitor.snapshot().servers[0].error).toBeNull();
  });

  it('backs off while down, up to downMax', async () => {
    const { clock, probes, monitor } = setup({ [A]: refuses() });
    monitor.start();
    await clock.advance(300_000);
    const gaps = probes.startTimes(A).map((t, i, all) => (i === 0 ? 0 : t - all[i - 1]));
    expect(gaps.slice(1)).toEqual([15_000, 30_000, 60_000, 60_000, 60_000, 60_000]);
  });

  it('jitters the waits within +/-10 %', async () => {
    const { clock, probes, monitor } = setup({ [A]: idle() }, { random: seeded(7) });
    monitor.start();
    await clock.advance(3_000_000);
    const gaps = probes
      .startTimes(A)
      .map((t, i, all) => t - all[i - 1])
      .slice(1);
    expect(gaps.length).toBeGreaterThan(150);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(13_500);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(16_500);
    expect(new Set(gaps).size).toBeGreaterThan(50);
  });

  it('never has two probes of one server in flight, whatever asks for one', async () => {
    const { clock, probes, monitor } = setup(
      { [A]: hangs(), [B]: idle() },
      { intervalMs: 500, recheckMs: 100, downMaxMs: 500 },
    );
    monitor.start();
    for (let i = 0; i < 200; i += 1) {
      monitor.refreshNow();
      monitor.resume();
      await clock.advance(100);
    }
    expect(probes.maxInFlight).toBe(1);
    // 20 s of 5 s probes, each started as soon as the previous one ended.
    expect(probes.calls(A)).toBeGreaterThanOrEqual(4);
    expect(probes.calls(A)).toBeLessThanOrEqual(5);
    expect(probes.calls(B)).toBeGreaterThan(100);
    expect(probes.received.every((o) => o.timeoutMs === 5_000 && o.signal instanceof AbortSignal)).toBe(true);
  });

  it('pauses, resumes at once, and refreshes on demand', async () => {
    const { clock, probes, monitor, snapshots } = setup({ [A]: idle(), [B]: idle() });
    monitor.start();
    await clock.advance(0);
    monitor.pause();
    expect(monitor.snapshot().paused).toBe(true);
    expect(snapshots.at(-1)?.paused).toBe(true);
    expect(clock.pending).toBe(0);
    await clock.advance(600_000);
    expect([probes.calls(A), probes.calls(B)]).toEqual([1, 1]);

    monitor.resume();
    expect([probes.calls(A), probes.calls(B)]).toEqual([2, 2]);
    expect(monitor.snapshot().paused).toBe(false);
    await clock.advance(1_000);
    monitor.refreshNow();
    expect([probes.calls(A), probes.calls(B)]).toEqual([3, 3]);
    await clock.advance(14_999);
    expect(probes.calls(A)).toBe(3);
    await clock.advance(1);
    expect(probes.calls(A)).toBe(4);
  });

  it('refreshes once while paused without scheduling more', async () => {
    const { clock, probes, monitor } = setup({ [A]: idle() });
    monitor.start();
    await clock.advance(0);
    monitor.pause();
    monitor.refreshNow();
    await clock.advance(100_000);
    expect(probes.calls(A)).toBe(2);
    expect(clock.pending).toBe(0);
  });

  it('stop() clears every timer and drops results of probes in flight', async () => {
    const { clock, probes, monitor, snapshots } = setup({ [A]: idle(), [B]: hangs() });
    const results: string[] = [];
    monitor.on('probe', (r) => results.push(r.url));
    monitor.start();
    await clock.advance(0);
    expect(results).toEqual([A]);
    monitor.stop();
    expect(probes.received[1].signal?.aborted).toBe(true);
    // Only the fake server's own pending answer remains.
    expect(clock.pending).toBe(1);
    const published = snapshots.length;
    await clock.advance(100_000);
    expect(results).toEqual([A]);
    expect(snapshots.length).toBe(published);
    expect(clock.pending).toBe(0);
  });

  it('asks for /system_stats at a slower cadence and keeps the version it saw', async () => {
    const system = {
      comfyuiVersion: '0.3.64',
      os: 'posix',
      pythonVersion: null,
      pytorchVersion: null,
      ramTotal: null,
      ramFree: null,
      devices: [
        {
          name: 'cuda:0 NVIDIA GeForce RTX 4090 : cudaMallocAsync',
          type: 'cuda',
          vramTotal: 24,
          vramFree: 20,
        },
      ],
    };
    const withSystem: Behaviour = {
      delayMs: 0,
      result: (url) => ({ ...idle().result(url), system }),
    };
    const { clock, probes, monitor } = setup({ [A]: withSystem }, { intervalMs: 15_000 });
    monitor.start();
    await clock.advance(0);
    probes.set(A, idle());
    await clock.advance(SYSTEM_REFRESH_MS - 1);
    await clock.advance(16_000);
    const asked = probes.received.map((options) => options.includeSystem);
    // Probes at 0, 15 s, 30 s, 45 s ask only once; the one at 60 s asks again.
    expect(asked).toEqual([true, false, false, false, true, false]);
    expect(monitor.snapshot().servers[0].system).toEqual(system);
  });

  it('publishes a snapshot on every change', async () => {
    const { clock, monitor, snapshots } = setup({ [A]: idle(), [B]: idle() });
    monitor.start();
    await clock.advance(0);
    expect(snapshots.map((s) => s.checking)).toEqual([true, false]);
    await clock.advance(15_000);
    expect(snapshots).toHaveLength(4);
  });
});

describe('Monitor failover', () => {
  it('detects a refusing best within the bound, even in the worst case', async () => {
    const { clock, probes, monitor, ofType } = setup(
      { [A]: idle(), [B]: idle() },
      { random: () => 0.999_999 },
    );
    monitor.start();
    await clock.advance(40_000);
    expect(monitor.snapshot().best).toBe(A);
    // Worst case: the server dies right after a good probe.
    let deathAt: number | null = null;
    monitor.on('probe', (result) => {
      if (result.url === A && result.ok && deathAt === null) {
        deathAt = clock.now();
        probes.set(A, refuses());
      }
    });
    await clock.advance(100_000);
    const [failover] = ofType('failover');
    expect(failover).toMatchObject({ from: A, to: B, reason: `${A} is down: connection refused (/queue)` });
    const detection = Date.parse(failover.at) - (deathAt ?? Number.NaN);
    expect(detection).toBeLessThanOrEqual(REFUSED_BOUND);
    // Not vacuous: it took the full worst case (interval + 2 rechecks, all at +10 %).
    expect(detection).toBeGreaterThan(0.99 * REFUSED_BOUND);
  });

  it('detects a refusing best within the bound for any death time and jitter', async () => {
    for (let seed = 1; seed <= 12; seed += 1) {
      const random = seeded(seed);
      const { clock, probes, monitor, ofType } = setup({ [A]: idle(), [B]: idle() }, { random });
      monitor.start();
      const deathAt = T0 + 30_000 + Math.floor(random() * 20_000);
      await clock.advance(deathAt - T0);
      probes.set(A, refuses());
      await clock.advance(60_000);
      const [failover] = ofType('failover');
      expect(failover).toMatchObject({ from: A, to: B });
      expect(Date.parse(failover.at) - deathAt).toBeLessThanOrEqual(REFUSED_BOUND);
      monitor.stop();
    }
  });

  it('detects a hanging best within the bound plus fall x timeout', async () => {
    const { clock, probes, monitor, ofType } = setup(
      { [A]: idle(), [B]: idle() },
      { random: () => 0.999_999 },
    );
    monitor.start();
    await clock.advance(40_000);
    let deathAt: number | null = null;
    monitor.on('probe', (result) => {
      if (result.url === A && result.ok && deathAt === null) {
        deathAt = clock.now();
        probes.set(A, hangs());
      }
    });
    await clock.advance(100_000);
    const [failover] = ofType('failover');
    expect(failover).toMatchObject({ from: A, to: B });
    expect(failover.reason).toContain('no answer within the timeout');
    const detection = Date.parse(failover.at) - (deathAt ?? Number.NaN);
    expect(detection).toBeLessThanOrEqual(HANGING_BOUND);
    expect(detection).toBeGreaterThan(0.99 * HANGING_BOUND);
  });

  it('emits a state event with a reason on every change', async () => {
    const { clock, probes, monitor, ofType, elapsed } = setup({ [A]: idle(), [B]: idle() });
    monitor.start();
    await clock.advance(0);
    probes.set(A, { ...queued(2, 2_500) });
    await clock.advance(15_000);
    probes.set(A, refuses());
    await clock.advance(19_000);
    expect(ofType('state').map((e) => [e.url, e.from, e.to, elapsed(e)])).toEqual([
      [A, 'unknown', 'up', 0],
      [B, 'unknown', 'up', 0],
      [A, 'up', 'busy', 15_000],
      [A, 'busy', 'down', 34_000],
    ]);
    expect(ofType('state')[2].reason).toBe(
      `${A} is busy: 2 jobs queued (1 running, 1 pending), /queue answered in 2500 ms`,
    );
    expect(ofType('state')[3].reason).toBe(`${A} is down: connection refused (/queue)`);
  });
});

describe('Monitor failover target', () => {
  it('fails over to a server that answers, not to one dying at the same time', async () => {
    // A (best) and B die together; B's checks run a moment behind A's. C, the busiest, is fine.
    const { clock, probes, monitor, ofType } = setup({
      [A]: idle(),
      [B]: { ...idle(), delayMs: 50 },
      [C]: queued(4),
    });
    monitor.start();
    await clock.advance(50);
    expect(monitor.snapshot().best).toBe(A);
    probes.set(A, refuses());
    probes.set(B, { ...refuses(), delayMs: 50 });
    await clock.advance(30_000);
    expect(ofType('failover')).toEqual([expect.objectContaining({ from: A, to: C })]);
    expect(ofType('all-down')).toEqual([]);
  });
});

describe('Monitor stickiness', () => {
  it('rebalances only after another server ranked better for 2 rounds', async () => {
    const { clock, probes, monitor, ofType } = setup({ [A]: idle(), [B]: idle() });
    monitor.start();
    await clock.advance(0);
    expect(monitor.snapshot().best).toBe(A);
    probes.set(A, queued(3));
    await clock.advance(15_000);
    // Ranked worse after one round: kept.
    expect(monitor.snapshot().servers.map((s) => s.rank)).toEqual([2, 1]);
    expect(monitor.snapshot().best).toBe(A);
    expect(monitor.snapshot().bestReason).toBe('kept while usable, to avoid flip-flopping (ranks 2 now)');
    await clock.advance(14_999);
    expect(ofType('rebalance')).toEqual([]);
    await clock.advance(1);
    expect(ofType('rebalance')).toEqual([
      {
        type: 'rebalance',
        from: A,
        to: B,
        reason: `${B} ranked better than ${A} for 2 rounds: fewer queued jobs (0 vs 3)`,
        at: '2026-01-01T00:00:30.000Z',
      },
    ]);
    expect(monitor.snapshot().best).toBe(B);
    expect(ofType('failover')).toEqual([]);
  });

  it('rebalances after 2 rounds of the live servers, whatever a dead backup backing off does', async () => {
    const { clock, probes, monitor, ofType } = setup({ [A]: idle(), [B]: idle(), [C]: refuses() });
    monitor.start();
    await clock.advance(0);
    // C goes down at once (first probe) and then backs off towards downMax (60 s).
    expect(monitor.snapshot().servers.map((s) => s.state)).toEqual(['up', 'up', 'down']);
    probes.set(A, queued(3));
    await clock.advance(30_000);
    expect(ofType('rebalance')).toEqual([
      expect.objectContaining({ from: A, to: B, at: '2026-01-01T00:00:30.000Z' }),
    ]);
    expect(probes.calls(C)).toBeLessThan(probes.calls(A));
  });

  it('watches a server listed twice once, and never fails over to itself', async () => {
    const clock = new FakeClock(T0);
    const probes = new FakeProbes(clock, { [A]: idle(), [B]: idle() });
    const monitor = new Monitor({
      targets: [A, B, A].map(target),
      ...SETTINGS,
      probe: probes.probe,
      clock,
      random: () => 0.5,
    });
    monitors.push(monitor);
    const events: MonitorEvent[] = [];
    monitor.on('event', (event) => events.push(event));
    monitor.start();
    await clock.advance(0);
    expect(monitor.snapshot().servers.map((s) => s.url)).toEqual([A, B]);
    probes.set(A, refuses());
    await clock.advance(30_000);
    const failovers = events.filter((e) => e.type === 'failover');
    expect(failovers).toEqual([expect.objectContaining({ from: A, to: B })]);
    expect(probes.maxInFlight).toBe(1);
    monitor.update({ targets: [B, B, A].map(target) });
    expect(monitor.snapshot().servers.map((s) => s.url)).toEqual([B, A]);
  });

  it('does not flip-flop when the lead changes every round', async () => {
    const { clock, probes, monitor, events } = setup({ [A]: idle(), [B]: idle() });
    monitor.start();
    await clock.advance(0);
    for (let round = 0; round < 10; round += 1) {
      probes.set(A, queued(round % 2 === 0 ? 3 : 0));
      probes.set(B, queued(round % 2 === 0 ? 0 : 3));
      await clock.advance(15_000);
    }
    expect(events.filter((e) => e.type !== 'state').map((e) => e.type)).toEqual(['best']);
    expect(monitor.snapshot().best).toBe(A);
  });

  it('counts a round only when every server was probed, however often one is probed', async () => {
    // C answers 502 and is re-checked every 2 s while in transition; A and B every 15 s.
    const { clock, probes, monitor, ofType } = setup({ [A]: idle(), [B]: idle(), [C]: idle() }, { fall: 20 });
    monitor.start();
    await clock.advance(0);
    probes.set(A, queued(3));
    probes.set(C, fails('http'));
    await clock.advance(29_999);
    expect(monitor.snapshot().servers.map((s) => [s.state, s.rank])).toEqual([
      ['up', 2],
      ['up', 1],
      ['up', 3],
    ]);
    expect(probes.calls(C)).toBe(9);
    expect(ofType('rebalance')).toEqual([]);
    await clock.advance(1);
    expect(ofType('rebalance')).toEqual([
      expect.objectContaining({ from: A, to: B, at: '2026-01-01T00:00:30.000Z' }),
    ]);
  });

  it('prefers the primary under prefer-primary, after 2 rounds once it is back', async () => {
    const { clock, probes, monitor, ofType } = setup(
      { [A]: refuses(), [B]: idle() },
      { policy: 'prefer-primary', rise: 1 },
    );
    monitor.start();
    await clock.advance(0);
    expect(monitor.snapshot().best).toBe(B);
    expect(monitor.snapshot().bestReason).toBe('highest-priority usable server: backup 2 (prefer-primary)');
    probes.set(A, queued(9));
    await clock.advance(15_000);
    expect(monitor.snapshot().servers[0].state).toBe('up');
    await clock.advance(15_000);
    expect(ofType('rebalance')).toEqual([expect.objectContaining({ from: B, to: A })]);
    expect(monitor.snapshot().bestReason).toBe('primary and usable (prefer-primary)');
  });
});

describe('Monitor network-down rule', () => {
  it('reports all-down (not network-down) when online', async () => {
    const { clock, probes, monitor, online, ofType } = setup({ [RA]: idle(), [RB]: idle() });
    monitor.start();
    await clock.advance(0);
    probes.set(RA, unreachable());
    probes.set(RB, unreachable());
    await clock.advance(30_000);
    expect(online.checks).toBeGreaterThan(0);
    expect(ofType('network-down')).toEqual([]);
    const [allDown] = ofType('all-down');
    expect(allDown.reason).toMatch(/^no usable server: .* is down: DNS: name not found \(\/queue\)/);
    expect(monitor.snapshot()).toMatchObject({ best: null, networkDown: false });
  });

  it('keeps last states, stale, with no failover while offline; network-up when a probe succeeds', async () => {
    const { clock, probes, monitor, online, events, ofType } = setup({ [RA]: idle(), [RB]: queued(1) });
    monitor.start();
    await clock.advance(0);
    const before = events.length;
    online.value = false;
    probes.set(RA, unreachable());
    probes.set(RB, unreachable());
    await clock.advance(15_000);
    expect(ofType('network-down')).toEqual([
      expect.objectContaining({
        reason: expect.stringContaining('all 2 servers off this machine failed to connect (dns)'),
      }),
    ]);
    await clock.advance(600_000);
    expect(events.slice(before).map((e) => e.type)).toEqual(['network-down']);
    const snapshot = monitor.snapshot();
    expect(snapshot).toMatchObject({ networkDown: true, best: RA });
    expect(snapshot.servers.map((s) => [s.state, s.stale])).toEqual([
      ['up', true],
      ['up', true],
    ]);
    // One check per round, not per probe.
    expect(online.checks).toBeLessThan(probes.calls(RA));

    probes.set(RA, idle());
    probes.set(RB, queued(1));
    await clock.advance(15_000);
    expect(events.slice(before).map((e) => e.type)).toEqual(['network-down', 'network-up']);
    expect(monitor.snapshot()).toMatchObject({ networkDown: false, best: RA });
    expect(monitor.snapshot().servers.every((s) => s.stale === false && s.state === 'up')).toBe(true);
  });

  it('probes the others at a first failed connection, so out-of-step servers still fail in one round', async () => {
    // B's schedule runs 7 s behind A's: B fails first (at 22 s); without probing A at once, B would
    // go down (fall 3, recheck 2 s) before A's own turn (30 s) showed the network was gone.
    const { clock, probes, monitor, online, events } = setup({
      [RA]: idle(),
      [RB]: { ...idle(), delayMs: 7_000 },
    });
    monitor.start();
    await clock.advance(7_000);
    probes.set(RB, idle());
    await clock.advance(8_500);
    const before = events.length;
    online.value = false;
    probes.set(RA, unreachable());
    probes.set(RB, unreachable());
    await clock.advance(120_000);
    expect(events.slice(before).map((e) => e.type)).toEqual(['network-down']);
    expect(events[before].at).toBe('2026-01-01T00:00:22.000Z');
    expect(probes.startTimes(RA).map((t) => t - T0)).toContain(22_000);
    expect(monitor.snapshot()).toMatchObject({ best: RA, networkDown: true });
  });

  it('ends network-down when a later check says online, then reports all-down as usual', async () => {
    const { clock, probes, monitor, online, ofType } = setup({ [RA]: idle(), [RB]: idle() });
    monitor.start();
    await clock.advance(0);
    online.value = false;
    probes.set(RA, unreachable());
    probes.set(RB, unreachable());
    await clock.advance(60_000);
    expect(ofType('network-down')).toHaveLength(1);
    expect(ofType('all-down')).toEqual([]);
    online.value = true;
    await clock.advance(60_000);
    expect(ofType('network-up')).toHaveLength(1);
    expect(ofType('all-down')).toHaveLength(1);
    expect(Date.parse(ofType('all-down')[0].at)).toBeGreaterThan(Date.parse(ofType('network-up')[0].at));
  });

  it('holds every verdict when offline at start-up', async () => {
    const { clock, probes, monitor, online, events, ofType } = setup({
      [RA]: unreachable(),
      [RB]: unreachable(),
    });
    online.value = false;
    monitor.start();
    await clock.advance(30_000);
    expect(events.map((e) => e.type)).toEqual(['network-down']);
    expect(monitor.snapshot().servers.map((s) => [s.state, s.stale])).toEqual([
      ['unknown', true],
      ['unknown', true],
    ]);
    expect(monitor.snapshot()).toMatchObject({ checking: true, best: null, networkDown: true });
    probes.set(RA, idle());
    probes.set(RB, idle());
    await clock.advance(15_000);
    expect(ofType('network-up')).toHaveLength(1);
    expect(ofType('best')).toEqual([expect.objectContaining({ to: RA })]);
  });

  it('does not apply the rule to a single server', async () => {
    const { clock, monitor, online, ofType } = setup({ [RA]: unreachable() });
    online.value = false;
    monitor.start();
    await clock.advance(0);
    expect(online.checks).toBe(0);
    expect(ofType('all-down')).toHaveLength(1);
  });

  it('assumes online when the connectivity check itself fails', async () => {
    const { clock, monitor, ofType } = setup(
      { [RA]: unreachable(), [RB]: unreachable() },
      { checkConnectivity: () => Promise.reject(new Error('no idea')) },
    );
    monitor.start();
    await clock.advance(0);
    expect(ofType('network-down')).toEqual([]);
    expect(ofType('all-down')).toHaveLength(1);
  });

  it('does not ask when a host answered: a refusal means the network works', async () => {
    const { clock, probes, monitor, online, ofType } = setup({ [RA]: idle(), [RB]: idle() });
    monitor.start();
    await clock.advance(0);
    online.value = false;
    probes.set(RA, refuses());
    probes.set(RB, refuses());
    await clock.advance(30_000);
    expect(online.checks).toBe(0);
    expect(ofType('network-down')).toEqual([]);
    expect(ofType('all-down')).toHaveLength(1);
  });

  it('counts a refusal with no route to the host as a network failure', async () => {
    const { clock, probes, monitor, online, ofType } = setup({ [RA]: idle(), [RB]: idle() });
    monitor.start();
    await clock.advance(0);
    online.value = false;
    const noRoute: Behaviour = {
      delayMs: 0,
      result: (url) =>
        failResult(url, 'refused', { error: 'no route to the host (EHOSTUNREACH)', noRoute: true }),
    };
    probes.set(RA, noRoute);
    probes.set(RB, noRoute);
    await clock.advance(30_000);
    expect(ofType('network-down')).toHaveLength(1);
    expect(ofType('failover')).toEqual([]);
  });

  it('never blames the network for servers on this machine', async () => {
    // A and B are on 127.0.0.1: an offline laptop still reaches them, so their failures are theirs.
    const { clock, probes, monitor, online, ofType } = setup({ [A]: idle(), [B]: idle() });
    monitor.start();
    await clock.advance(0);
    online.value = false;
    probes.set(A, hangs());
    probes.set(B, hangs());
    await clock.advance(60_000);
    expect(online.checks).toBe(0);
    expect(ofType('network-down')).toEqual([]);
    expect(ofType('all-down')).toHaveLength(1);
  });

  it('while offline, still judges the servers on this machine', async () => {
    const { clock, probes, monitor, online, ofType } = setup({ [RA]: idle(), [RB]: idle(), [A]: idle() });
    monitor.start();
    await clock.advance(0);
    online.value = false;
    probes.set(RA, unreachable());
    probes.set(RB, unreachable());
    await clock.advance(20_000);
    expect(ofType('network-down')).toHaveLength(1);
    probes.set(A, refuses());
    await clock.advance(60_000);
    const snapshot = monitor.snapshot();
    expect(snapshot.servers.map((s) => [s.url, s.state])).toEqual([
      [RA, 'up'],
      [RB, 'up'],
      [A, 'down'],
    ]);
    expect(
      ofType('state')
        .filter((e) => e.url === A)
        .map((e) => e.to),
    ).toEqual(['up', 'down']);
    expect(ofType('network-up')).toEqual([]);
  });
});

describe('Monitor update', () => {
  it('keeps the state of unchanged URLs, probes new ones at once, drops removed ones', async () => {
    const { clock, probes, monitor, ofType } = setup({ [A]: idle(), [B]: idle() });
    probes.set(C, idle());
    monitor.start();
    await clock.advance(0);
    monitor.update({ targets: [target(C), target(A)] });
    expect(probes.calls(C)).toBe(1);
    await clock.advance(0);
    expect(ofType('state').map((e) => e.url)).toEqual([A, B, C]);
    const snapshot = monitor.snapshot();
    expect(snapshot.servers.map((s) => [s.url, s.role, s.priority, s.state])).toEqual([
      [C, 'primary', 1, 'up'],
      [A, 'backup', 2, 'up'],
    ]);
    expect(snapshot.best).toBe(A);
    await clock.advance(60_000);
    expect(probes.calls(B)).toBe(1);
    // C now has the higher priority with equal queues: it takes over after 2 rounds, not at once.
    expect(ofType('rebalance')).toEqual([expect.objectContaining({ from: A, to: C })]);
  });

  it('starts over, confirming before handing out, when the best is removed', async () => {
    const { clock, probes, monitor, ofType } = setup({ [A]: idle(), [B]: idle() });
    probes.set(C, { ...idle(), delayMs: 500 });
    monitor.start();
    await clock.advance(0);
    monitor.update({ targets: [target(B), target(C)] });
    expect(monitor.snapshot()).toMatchObject({ checking: true, best: null });
    await clock.advance(500);
    expect(monitor.snapshot()).toMatchObject({ checking: false, best: B });
    expect(ofType('best').map((e) => e.to)).toEqual([A, B]);
    expect(ofType('failover')).toEqual([]);
  });

  it('applies new timings without waiting out the old interval', async () => {
    const { clock, probes, monitor } = setup({ [A]: idle() });
    monitor.start();
    await clock.advance(0);
    monitor.update({ intervalMs: 1_000 });
    await clock.advance(1_000);
    expect(probes.calls(A)).toBe(2);
    monitor.update({ intervalMs: 60_000, timeoutMs: 800 });
    await clock.advance(1_000);
    expect(probes.calls(A)).toBe(3);
    expect(probes.received.at(-1)?.timeoutMs).toBe(800);
    await clock.advance(59_999);
    expect(probes.calls(A)).toBe(3);
    await clock.advance(1);
    expect(probes.calls(A)).toBe(4);
  });

  it('re-ranks at once under a new policy, keeping the best until it is outranked for 2 rounds', async () => {
    const { clock, probes, monitor, ofType } = setup({ [A]: queued(5), [B]: idle() });
    monitor.start();
    await clock.advance(0);
    expect(monitor.snapshot().best).toBe(B);
    monitor.update({ policy: 'prefer-primary' });
    expect(monitor.snapshot().servers.map((s) => s.rank)).toEqual([1, 2]);
    await clock.advance(30_000);
    expect(ofType('rebalance')).toEqual([expect.objectContaining({ from: B, to: A })]);
    expect(probes.calls(A)).toBe(3);
  });
});
