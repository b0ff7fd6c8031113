// FleetSnapshot and ServerReport builders for the tray app's tests.
import { USABLE_STATES } from '../../src/shared/types';
import type { FleetSnapshot, ServerReport, ServerState } from '../../src/shared/types';

export function serverReport(
  url: string,
  state: ServerState,
  overrides: Partial<ServerReport> = {},
): ServerReport {
  const healthy = USABLE_STATES.includes(state);
  return {
    url,
    role: 'backup',
    priority: 2,
    rank: healthy ? 1 : null,
    healthy,
    state,
    endpoint: healthy ? '/queue' : null,
    responseTimeMs: healthy ? 12 : null,
    queue: healthy ? { running: 0, pending: 0, total: 0 } : null,
    system: null,
    error: healthy ? null : 'connection refused (/queue)',
    errorKind: healthy ? null : state === 'unknown' ? null : 'refused',
    ...overrides,
  };
}

/** Servers in order: the first is the primary. */
export function fleetSnapshot(
  servers: ServerReport[],
  overrides: Partial<FleetSnapshot> = {},
): FleetSnapshot {
  const numbered = servers.map((server, index) => ({
    ...server,
    priority: index + 1,
    role: index === 0 ? ('primary' as const) : ('backup' as const),
  }));
  const best = numbered.find((server) => server.healthy)?.url ?? null;
  return {
    checkedAt: '2026-01-01T00:00:00.000Z',
    best,
    servers: numbered,
    checking: false,
    paused: false,
    networkDown: false,
    bestReason: best ? 'the only usable server' : null,
    ...overrides,
  };
}
