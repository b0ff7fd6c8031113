// Which monitor events become desktop notifications, with what text. Pure: the controller
// shows them. One event is one notification (events are fleet-level, never per server), and
// each kind is rate-limited so a flapping fleet cannot flood the desktop.
import type { NotifySettings } from '../shared/settings';
import type { MonitorEvent, MonitorEventType } from '../shared/types';

export const NOTIFY_RATE_LIMIT_MS = 60_000;

export interface NotificationText {
  title: string;
  body: string;
}

type NotifyKey = keyof NotifySettings;

/** The setting that governs each event kind; kinds not listed never notify. */
const SETTING_OF: Partial<Record<MonitorEventType, NotifyKey>> = {
  failover: 'failover',
  'all-down': 'allDown',
  recovery: 'recovery',
  rebalance: 'rebalance',
  'network-down': 'network',
};

export function notificationText(event: MonitorEvent): NotificationText | null {
  switch (event.type) {
    case 'failover':
      return { title: 'ComfyWatch: failover', body: `${event.from} is down: switched to ${event.to}` };
    case 'all-down':
      return { title: 'ComfyWatch: all servers are down', body: event.reason };
    case 'recovery':
      return { title: 'ComfyWatch: a server is back', body: `${event.to} is usable again` };
    case 'rebalance':
      return { title: 'ComfyWatch: best server changed', body: `Switched from ${event.from} to ${event.to}` };
    case 'network-down':
      return { title: 'ComfyWatch: network is down', body: event.reason };
    default:
      return null;
  }
}

export class NotificationPolicy {
  readonly #lastShown = new Map<MonitorEventType, number>();

  constructor(private readonly now: () => number) {}

  /** The notification to show for `event`, or null; a non-null answer counts toward the rate limit. */
  decide(event: MonitorEvent, notify: NotifySettings): NotificationText | null {
    const setting = SETTING_OF[event.type];
    if (!setting || !notify[setting]) return null;
    const text = notificationText(event);
    if (!text) return null;
    const now = this.now();
    const last = this.#lastShown.get(event.type);
    if (last !== undefined && now - last < NOTIFY_RATE_LIMIT_MS) return null;
    this.#lastShown.set(event.type, now);
    return text;
  }
}
