// What the status window knows: the latest snapshot, the kept history and the event log,
// as one pure reducer over what the main process sends (initial loads and live pushes).
import { USABLE_STATES } from '../../shared/types';
import type { FleetSnapshot, MonitorEvent, ServerReport } from '../../shared/types';
import { HISTORY_KEEP_MS, HISTORY_MAX_EVENTS, HISTORY_MAX_SAMPLES } from '../../shared/ipc';
import type { HistoryView, LatencyPoint, ServerHistory } from '../../shared/ipc';

/** The window keeps what the main process keeps. */
export const MAX_POINTS = HISTORY_MAX_SAMPLES;
export const MAX_EVENTS = HISTORY_MAX_EVENTS;

export interface FleetState {
  snapshot: FleetSnapshot | null;
  /** True once a live snapshot arrived, so a slower initial load cannot overwrite it. */
  live: boolean;
  history: Record<string, ServerHistory>;
  /**
   * Per server, the newest probe any snapshot reported (its `lastCheckedAt`, epoch ms; -Infinity
   * before its first probe). Snapshots repeat a probe until the next one, and the history the
   * main process sends stamps it differently (when it started), so this, not the points' times,
   * says whether a pushed probe is new.
   */
  reported: Record<string, number>;
  /** Oldest first. */
  events: MonitorEvent[];
}

export type FleetAction =
  | { type: 'snapshot-loaded'; snapshot: FleetSnapshot }
  | { type: 'snapshot-pushed'; snapshot: FleetSnapshot }
  | { type: 'history-loaded'; history: HistoryView }
  | { type: 'event-pushed'; event: MonitorEvent };

export const INITIAL_FLEET_STATE: FleetState = {
  snapshot: null,
  live: false,
  history: {},
  reported: {},
  events: [],
};

const eventKey = (event: MonitorEvent): string => JSON.stringify(event);

function appendEvents(events: MonitorEvent[], added: MonitorEvent[]): MonitorEvent[] {
  const seen = new Set(events.map(eventKey));
  const fresh = added.filter((event) => !seen.has(eventKey(event)));
  if (fresh.length === 0) return events;
  const merged = [...events, ...fresh].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return merged.slice(-MAX_EVENTS);
}

function uptimeOf(points: LatencyPoint[]): number | null {
  if (points.length === 0) return null;
  return points.filter((point) => USABLE_STATES.includes(point.state)).length / points.length;
}

const probedAt = (server: ServerReport): number =>
  server.lastCheckedAt ? Date.parse(server.lastCheckedAt) : Number.NEGATIVE_INFINITY;

function noteReported(reported: Record<string, number>, snapshot: FleetSnapshot): Record<string, number> {
  const next = { ...reported };
  for (const server of snapshot.servers) {
    next[server.url] = Math.max(next[server.url] ?? Number.NEGATIVE_INFINITY, probedAt(server));
  }
  return next;
}

/**
 * Appends each server's latest probe when no snapshot reported it before: a probe reported
 * before the history was loaded is in it already (the main process records a probe before it
 * publishes the snapshot, and IPC keeps order).
 */
function appendProbes(state: FleetState, snapshot: FleetSnapshot): Record<string, ServerHistory> {
  let next = state.history;
  for (const server of snapshot.servers) {
    const at = probedAt(server);
    if (server.stale || at <= (state.reported[server.url] ?? Number.NEGATIVE_INFINITY)) continue;
    const current = next[server.url] ?? { url: server.url, points: [], uptime: null };
    const point: LatencyPoint = {
      at,
      ms: server.errorKind === null ? server.responseTimeMs : null,
      state: server.state,
    };
    const points = [...current.points, point].slice(-MAX_POINTS);
    if (next === state.history) next = { ...state.history };
    next[server.url] = { url: server.url, points, uptime: uptimeOf(points) };
  }
  return next;
}

/** Drops points older than the kept window, as the main process does, measured on its clock. */
function trimHistory(history: Record<string, ServerHistory>, now: number): Record<string, ServerHistory> {
  const cutoff = now - HISTORY_KEEP_MS;
  let next = history;
  for (const [url, kept] of Object.entries(history)) {
    // Points are oldest first: only the head can be too old.
    const first = kept.points.findIndex((point) => point.at >= cutoff);
    if (first === 0) continue;
    const points = first < 0 ? [] : kept.points.slice(first);
    if (next === history) next = { ...history };
    next[url] = { url, points, uptime: uptimeOf(points) };
  }
  return next;
}

export function fleetReducer(state: FleetState, action: FleetAction): FleetState {
  switch (action.type) {
    case 'snapshot-loaded':
      return {
        ...state,
        snapshot: state.live ? state.snapshot : action.snapshot,
        reported: noteReported(state.reported, action.snapshot),
      };
    case 'snapshot-pushed':
      return {
        ...state,
        snapshot: action.snapshot,
        live: true,
        history: trimHistory(appendProbes(state, action.snapshot), Date.parse(action.snapshot.checkedAt)),
        reported: noteReported(state.reported, action.snapshot),
      };
    case 'history-loaded': {
      // The loaded history already holds every probe reported before it (see appendProbes),
      // so it replaces the points those added.
      const history: Record<string, ServerHistory> = { ...state.history };
      for (const loaded of action.history.servers) history[loaded.url] = loaded;
      return { ...state, history, events: appendEvents(state.events, action.history.events) };
    }
    case 'event-pushed':
      return { ...state, events: appendEvents(state.events, [action.event]) };
  }
}
