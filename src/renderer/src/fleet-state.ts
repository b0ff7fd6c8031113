// What the status window knows: the latest snapshot, the kept history and the event log,
// as one pure reducer over what the main process sends (initial loads and live pushes).
import { USABLE_STATES } from '../../shared/types';
import type { FleetSnapshot, MonitorEvent } from '../../shared/types';
import { HISTORY_MAX_EVENTS, HISTORY_MAX_SAMPLES } from '../../shared/ipc';
import type { HistoryView, LatencyPoint, ServerHistory } from '../../shared/ipc';

/** The window keeps what the main process keeps. */
export const MAX_POINTS = HISTORY_MAX_SAMPLES;
export const MAX_EVENTS = HISTORY_MAX_EVENTS;

export interface FleetState {
  snapshot: FleetSnapshot | null;
  /** True once a live snapshot arrived, so a slower initial load cannot overwrite it. */
  live: boolean;
  history: Record<string, ServerHistory>;
  /** Oldest first. */
  events: MonitorEvent[];
}

export type FleetAction =
  | { type: 'snapshot-loaded'; snapshot: FleetSnapshot }
  | { type: 'snapshot-pushed'; snapshot: FleetSnapshot }
  | { type: 'history-loaded'; history: HistoryView }
  | { type: 'event-pushed'; event: MonitorEvent };

export const INITIAL_FLEET_STATE: FleetState = { snapshot: null, live: false, history: {}, events: [] };

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

/** Each snapshot carries every server's latest probe: append it to that server's points once. */
function appendProbes(history: Record<string, ServerHistory>, snapshot: FleetSnapshot) {
  let next = history;
  for (const server of snapshot.servers) {
    if (!server.lastCheckedAt || server.stale) continue;
    const at = Date.parse(server.lastCheckedAt);
    const current = history[server.url] ?? { url: server.url, points: [], uptime: null };
    const last = current.points.at(-1);
    if (last && last.at >= at) continue;
    const point: LatencyPoint = {
      at,
      ms: server.errorKind === null ? server.responseTimeMs : null,
      state: server.state,
    };
    const points = [...current.points, point].slice(-MAX_POINTS);
    if (next === history) next = { ...history };
    next[server.url] = { url: server.url, points, uptime: uptimeOf(points) };
  }
  return next;
}

export function fleetReducer(state: FleetState, action: FleetAction): FleetState {
  switch (action.type) {
    case 'snapshot-loaded':
      if (state.live) return state;
      return { ...state, snapshot: action.snapshot };
    case 'snapshot-pushed':
      return {
        ...state,
        snapshot: action.snapshot,
        live: true,
        history: appendProbes(state.history, action.snapshot),
      };
    case 'history-loaded': {
      // The main process records a probe before it publishes the snapshot, and IPC keeps order:
      // the loaded history already holds every probe pushed before it, so it replaces them.
      const history: Record<string, ServerHistory> = { ...state.history };
      for (const loaded of action.history.servers) history[loaded.url] = loaded;
      return { ...state, history, events: appendEvents(state.events, action.history.events) };
    }
    case 'event-pushed':
      return { ...state, events: appendEvents(state.events, [action.event]) };
  }
}
