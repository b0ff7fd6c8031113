import { describe, expect, it } from 'vitest';
import { eventJson, formatEvent } from '../../src/cli/format-event';
import { formatReport } from '../../src/cli/format-report';
import { formatTable } from '../../src/cli/format-table';
import type { FleetReport, MonitorEvent, ServerReport } from '../../src/shared/types';

describe('formatTable', () => {
  it('pads columns to the widest cell, right-aligns where asked and trims line ends', () => {
    expect(
      formatTable(
        [
          ['A', 'LONG HEADER', 'N'],
          ['wide cell', 'x', '10'],
          ['b', '', '7'],
        ],
        ['left', 'left', 'right'],
      ),
    ).toEqual(['A          LONG HEADER   N', 'wide cell  x            10', 'b                        7']);
  });

  it('handles ragged rows and no rows', () => {
    expect(formatTable([['a', 'b'], ['ccc']])).toEqual(['a    b', 'ccc']);
    expect(formatTable([])).toEqual([]);
  });
});

const server = (fields: Partial<ServerReport>): ServerReport => ({
  url: 'http://a',
  role: 'backup',
  priority: 2,
  rank: null,
  healthy: false,
  state: 'down',
  endpoint: null,
  responseTimeMs: null,
  queue: null,
  system: null,
  error: null,
  errorKind: null,
  ...fields,
});

describe('formatReport', () => {
  it('marks the best, shows each queue and lists why servers are out', () => {
    const report: FleetReport = {
      checkedAt: '2026-01-01T00:00:00.000Z',
      best: 'http://127.0.0.1:2',
      servers: [
        server({
          url: 'http://127.0.0.1:1',
          role: 'primary',
          priority: 1,
          rank: 2,
          healthy: true,
          state: 'busy',
          endpoint: '/queue',
          responseTimeMs: 2345.4,
          queue: { running: 1, pending: 3, total: 4 },
        }),
        server({
          url: 'http://127.0.0.1:2',
          rank: 1,
          healthy: true,
          state: 'up',
          endpoint: '/api/queue',
          responseTimeMs: 12,
          queue: { running: 0, pending: 0, total: 0 },
        }),
        server({
          url: 'http://127.0.0.1:3',
          priority: 3,
          rank: 3,
          healthy: true,
          state: 'degraded',
          endpoint: '/prompt',
          responseTimeMs: 5,
          queue: { running: null, pending: null, total: 2 },
          note: 'no queue depth',
        }),
        server({ url: 'http://127.0.0.1:4', priority: 4, error: 'connection refused', errorKind: 'refused' }),
      ],
    };
    expect(formatReport(report)).toEqual([
      '   STATE     ROLE     URL                 QUEUE R/P/T  PRIO     TIME  ENDPOINT',
      '   busy      primary  http://127.0.0.1:1        1/3/4     1  2345 ms  /queue',
      '*  up        backup   http://127.0.0.1:2        0/0/0     2    12 ms  /api/queue',
      '   degraded  backup   http://127.0.0.1:3        ?/?/2     3     5 ms  /prompt',
      '   down      backup   http://127.0.0.1:4            -     4        -  -',
      '',
      'http://127.0.0.1:3: degraded: no queue depth',
      'http://127.0.0.1:4: down (refused): connection refused',
      '',
      'best: http://127.0.0.1:2',
    ]);
  });

  it('says when nothing is usable', () => {
    const lines = formatReport({
      checkedAt: '2026-01-01T00:00:00.000Z',
      best: null,
      servers: [server({ state: 'blocked', error: '/queue: 302 to /login', errorKind: 'blocked' })],
    });
    expect(lines.slice(-3)).toEqual(['http://a: blocked: /queue: 302 to /login', '', 'no usable server']);
    expect(lines[1].startsWith('   blocked')).toBe(true);
  });
});

describe('formatEvent and eventJson', () => {
  const at = new Date(2026, 0, 2, 3, 4, 5).toISOString();
  it.each<[MonitorEvent, string]>([
    [{ type: 'best', at, to: 'http://b' }, '03:04:05 best http://b'],
    [
      { type: 'state', at, url: 'http://a', from: 'up', to: 'down', reason: 'refused' },
      '03:04:05 state http://a up -> down: refused',
    ],
    [
      { type: 'failover', at, from: 'http://a', to: 'http://b', reason: 'a refused' },
      '03:04:05 failover http://a -> http://b: a refused',
    ],
    [
      { type: 'rebalance', at, from: 'http://a', to: 'http://b', reason: 'b idle' },
      '03:04:05 rebalance http://a -> http://b: b idle',
    ],
    [
      { type: 'all-down', at, from: 'http://a', reason: 'all refused' },
      '03:04:05 all-down (was http://a): all refused',
    ],
    [{ type: 'all-down', at, from: null, reason: 'none answered' }, '03:04:05 all-down: none answered'],
    [{ type: 'recovery', at, to: 'http://b' }, '03:04:05 recovery -> http://b'],
    [{ type: 'network-down', at, reason: 'offline' }, '03:04:05 network-down: offline'],
    [{ type: 'network-up', at }, '03:04:05 network-up'],
  ])('%j', (event, line) => {
    expect(formatEvent(event)).toBe(line);
    const json = eventJson(event);
    expect(JSON.parse(json)).toEqual(event);
    expect(Object.keys(JSON.parse(json) as object).slice(0, 2)).toEqual(['type', 'at']);
  });
});
