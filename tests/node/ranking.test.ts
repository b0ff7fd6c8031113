import { describe, expect, it } from 'vitest';
import { rankServers } from '../../src/main/monitor/ranking';
import type { RankCandidate } from '../../src/main/monitor/ranking';
import { queueOf } from '../helpers/fake-probe';

let port = 8188;
function server(overrides: Partial<RankCandidate> = {}): RankCandidate {
  const priority = port - 8187;
  return {
    url: `http://127.0.0.1:${port++}`,
    priority,
    state: 'up',
    queue: queueOf(0),
    responseTimeMs: 10,
    failing: false,
    ...overrides,
  };
}

describe('rankServers, least-busy', () => {
  it('ranks fewest queued jobs first', () => {
    const fleet = [server({ priority: 1, queue: queueOf(4) }), server({ priority: 2, queue: queueOf(0) })];
    expect(rankServers(fleet, 'least-busy')).toEqual([2, 1]);
  });

  it('counts running + pending, and a /prompt total', () => {
    const fleet = [
      server({ priority: 1, queue: { running: 1, pending: 2, total: 3 } }),
      server({ priority: 2, queue: { running: null, pending: null, total: 2 } }),
    ];
    expect(rankServers(fleet, 'least-busy')).toEqual([2, 1]);
  });

  it('puts a known queue before an unknown one, whatever its depth', () => {
    const fleet = [
      server({ priority: 1, state: 'degraded', queue: null, responseTimeMs: 5 }),
      server({ priority: 2, queue: queueOf(9) }),
    ];
    expect(rankServers(fleet, 'least-busy')).toEqual([2, 1]);
  });

  it('breaks a queue tie by state: up, then busy, then degraded', () => {
    const fleet = [
      server({ priority: 1, state: 'degraded', queue: queueOf(1) }),
      server({ priority: 2, state: 'busy', queue: queueOf(1) }),
      server({ priority: 3, state: 'up', queue: queueOf(1) }),
    ];
    expect(rankServers(fleet, 'least-busy')).toEqual([3, 2, 1]);
  });

  it('breaks a state tie by response time in 500 ms buckets, then by priority', () => {
    const sameBucket = [
      server({ priority: 1, responseTimeMs: 480 }),
      server({ priority: 2, responseTimeMs: 20 }),
    ];
    expect(rankServers(sameBucket, 'least-busy')).toEqual([1, 2]);
    const clearlySlower = [
      server({ priority: 1, responseTimeMs: 520 }),
      server({ priority: 2, responseTimeMs: 499 }),
    ];
    expect(rankServers(clearlySlower, 'least-busy')).toEqual([2, 1]);
  });

  it('uses priority, not list position, as the last tie-break', () => {
    const fleet = [server({ priority: 3 }), server({ priority: 1 }), server({ priority: 2 })];
    expect(rankServers(fleet, 'least-busy')).toEqual([3, 1, 2]);
  });

  it('gives unusable servers no rank', () => {
    const fleet = [
      server({ priority: 1, state: 'down', queue: null }),
      server({ priority: 2, state: 'starting' }),
      server({ priority: 3, state: 'blocked', queue: null }),
      server({ priority: 4, state: 'unknown', queue: null }),
      server({ priority: 5, queue: queueOf(3) }),
    ];
    expect(rankServers(fleet, 'least-busy')).toEqual([null, null, null, null, 1]);
    expect(rankServers([], 'least-busy')).toEqual([]);
  });
});

describe('rankServers, prefer-primary', () => {
  it('ranks usable servers by priority, whatever their queue and state', () => {
    const fleet = [
      server({ priority: 1, state: 'busy', queue: queueOf(20), responseTimeMs: 4000 }),
      server({ priority: 2, queue: queueOf(0) }),
      server({ priority: 3, state: 'degraded', queue: null }),
    ];
    expect(rankServers(fleet, 'prefer-primary')).toEqual([1, 2, 3]);
  });

  it('hands out the highest-priority backup when the primary is unusable', () => {
    const fleet = [
      server({ priority: 1, state: 'down', queue: null }),
      server({ priority: 2, queue: queueOf(5) }),
      server({ priority: 3, queue: queueOf(0) }),
    ];
    expect(rankServers(fleet, 'prefer-primary')).toEqual([null, 1, 2]);
  });
});

describe('rankServers, a server whose newest probe failed', () => {
  it('goes after every server that answered, under both policies', () => {
    const failingIdle = server({ priority: 1, failing: true });
    const busy = server({ priority: 2, queue: queueOf(5) });
    const slow = server({ priority: 3, responseTimeMs: 1900 });
    expect(rankServers([failingIdle, busy, slow], 'least-busy')).toEqual([3, 2, 1]);
    expect(rankServers([failingIdle, busy, slow], 'prefer-primary')).toEqual([3, 1, 2]);
  });

  it('is still ranked (usable) when every usable server is failing', () => {
    const a = server({ priority: 1, failing: true });
    const b = server({ priority: 2, failing: true, queue: queueOf(2) });
    expect(rankServers([a, b], 'least-busy')).toEqual([1, 2]);
  });
});
