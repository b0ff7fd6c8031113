import { describe, expect, it } from 'vitest';
import { checkOnce } from '../../src/main/monitor/check-once';
import type { ProbeFn, ProbeResult } from '../../src/main/monitor/types';
import type { SystemInfo } from '../../src/shared/types';
import { failResult, okResult, queueOf, target } from '../helpers/fake-probe';

const A = 'http://127.0.0.1:8188';
const B = 'http://127.0.0.1:8189';
const C = 'http://127.0.0.1:8190';
const D = 'http://127.0.0.1:8191';
const AT = new Date('2026-01-01T00:00:00.000Z');

const SYSTEM: SystemInfo = {
  comfyuiVersion: '0.3.64',
  os: 'posix',
  pythonVersion: '3.12.9',
  pytorchVersion: '2.7.0+cu128',
  ramTotal: 67_000_000_000,
  ramFree: 50_000_000_000,
  devices: [
    {
      name: 'cuda:0 NVIDIA GeForce RTX 4090 : cudaMallocAsync',
      type: 'cuda',
      vramTotal: 25386352640,
      vramFree: 23950000128,
    },
  ],
};

/** Answers from a table; resolves only when the test says so, to prove concurrency. */
function gatedProbe(results: Record<string, ProbeResult>) {
  const started: string[] = [];
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const probe: ProbeFn = async (t, options) => {
    started.push(t.url);
    expect(options.timeoutMs).toBe(5000);
    await gate;
    return results[t.url];
  };
  return { probe, started, open: () => open() };
}

describe('checkOnce', () => {
  it('probes every server concurrently and reports the status --json shape', async () => {
    const { probe, started, open } = gatedProbe({
      [A]: okResult(A, { queue: { running: 1, pending: 3, total: 4 }, system: SYSTEM }),
      [B]: okResult(B, { endpoint: '/api/queue', responseTimeMs: 15 }),
      [C]: failResult(C, 'refused'),
      [D]: failResult(D, 'blocked'),
    });
    const pending = checkOnce([A, B, C, D].map(target), {
      timeoutMs: 5000,
      slowMs: 2000,
      policy: 'least-busy',
      probe,
      now: () => AT,
    });
    // All four started before any answered.
    expect(started).toEqual([A, B, C, D]);
    open();
    const report = await pending;
    expect(report).toEqual({
      checkedAt: '2026-01-01T00:00:00.000Z',
      best: B,
      servers: [
        {
          url: A,
          role: 'primary',
          priority: 1,
          rank: 2,
          healthy: true,
          state: 'up',
          endpoint: '/queue',
          responseTimeMs: 12,
          queue: { running: 1, pending: 3, total: 4 },
          system: SYSTEM,
          error: null,
          errorKind: null,
          note: null,
        },
        {
          url: B,
          role: 'backup',
          priority: 2,
          rank: 1,
          healthy: true,
          state: 'up',
          endpoint: '/api/queue',
          responseTimeMs: 15,
          queue: { running: 0, pending: 0, total: 0 },
          system: null,
          error: null,
          errorKind: null,
          note: null,
        },
        {
          url: C,
          role: 'backup',
          priority: 3,
          rank: null,
          healthy: false,
          state: 'down',
          endpoint: null,
          responseTimeMs: null,
          queue: null,
          system: null,
          error: 'connection refused (/queue)',
          errorKind: 'refused',
          note: null,
        },
        {
          url: D,
          role: 'backup',
          priority: 4,
          rank: null,
          healthy: false,
          state: 'blocked',
          endpoint: null,
          responseTimeMs: null,
          queue: null,
          system: null,
          error: '/queue: 302 to /login',
          errorKind: 'blocked',
          note: null,
        },
      ],
    });
  });

  it('uses one probe per server as the verdict: busy, degraded with a note', async () => {
    const results: Record<string, ProbeResult> = {
      [A]: okResult(A, { queue: queueOf(2), responseTimeMs: 2600 }),
      [B]: okResult(B, { step: 'system_stats', endpoint: '/system_stats', queue: null, system: SYSTEM }),
    };
    const report = await checkOnce([A, B].map(target), {
      timeoutMs: 5000,
      slowMs: 2000,
      policy: 'least-busy',
      probe: async (t) => results[t.url],
    });
    expect(report.servers.map((s) => [s.state, s.rank, s.note])).toEqual([
      ['busy', 1, null],
      ['degraded', 2, 'no queue information: only /system_stats answered'],
    ]);
    expect(report.best).toBe(A);
  });

  it('hands out the primary under prefer-primary, and null when nothing is usable', async () => {
    const busyPrimary: Record<string, ProbeResult> = {
      [A]: okResult(A, { queue: queueOf(9) }),
      [B]: okResult(B),
    };
    const options = {
      timeoutMs: 5000,
      slowMs: 2000,
      probe: async (t: { url: string }) => busyPrimary[t.url],
    };
    expect((await checkOnce([A, B].map(target), { ...options, policy: 'prefer-primary' })).best).toBe(A);
    expect((await checkOnce([A, B].map(target), { ...options, policy: 'least-busy' })).best).toBe(B);

    const down = await checkOnce([A, B].map(target), {
      ...options,
      policy: 'least-busy',
      probe: async (t) => failResult(t.url, 'timeout'),
    });
    expect(down.best).toBeNull();
    expect(down.servers.every((s) => s.error !== null && s.errorKind === 'timeout' && s.rank === null)).toBe(
      true,
    );
  });

  it('turns a probe that throws into a down server with a reason', async () => {
    const report = await checkOnce([target(A)], {
      timeoutMs: 5000,
      slowMs: 2000,
      policy: 'least-busy',
      probe: () => {
        throw new Error('boom');
      },
    });
    expect(report.servers[0]).toMatchObject({
      state: 'down',
      healthy: false,
      error: 'the probe failed: boom',
    });
    expect(report.best).toBeNull();
  });

  it('asks for version and VRAM unless told not to', async () => {
    const asked: (boolean | undefined)[] = [];
    const probe: ProbeFn = async (t, options) => {
      asked.push(options.includeSystem);
      return okResult(t.url);
    };
    const options = { timeoutMs: 5000, slowMs: 2000, policy: 'least-busy', probe } as const;
    await checkOnce([target(A)], options);
    await checkOnce([target(A)], { ...options, includeSystem: false });
    expect(asked).toEqual([true, false]);
  });
});
