// `watch` output: one line per monitor event, for people or (--json) as one JSON object a line.
import type { MonitorEvent } from '../shared/types';

function clockTime(iso: string): string {
  const at = new Date(iso);
  return [at.getHours(), at.getMinutes(), at.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

function describe(event: MonitorEvent): string {
  switch (event.type) {
    case 'best':
      return `best ${event.to}`;
    case 'state':
      return `state ${event.url} ${event.from} -> ${event.to}: ${event.reason}`;
    case 'failover':
    case 'rebalance':
      return `${event.type} ${event.from} -> ${event.to}: ${event.reason}`;
    case 'all-down':
      return `all-down${event.from === null ? '' : ` (was ${event.from})`}: ${event.reason}`;
    case 'recovery':
      return `recovery -> ${event.to}`;
    case 'network-down':
      return `network-down: ${event.reason}`;
    case 'network-up':
      return 'network-up';
  }
}

/** `HH:MM:SS failover http://a -> http://b: <reason>` (local time). */
export function formatEvent(event: MonitorEvent): string {
  return `${clockTime(event.at)} ${describe(event)}`;
}

/** The event as DESIGN.md's `watch --json` line: `type` and `at` first, then its fields. */
export function eventJson(event: MonitorEvent): string {
  const { type, at, ...fields } = event;
  return JSON.stringify({ type, at, ...fields });
}
