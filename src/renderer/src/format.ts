// Turning report values into short text for people. Pure, so every component formats alike.
import type { DeviceInfo, MonitorEvent, QueueInfo, ServerState } from '../../shared/types';

export const STATE_LABELS: Record<ServerState, string> = {
  unknown: 'Checking',
  starting: 'Starting',
  up: 'Up',
  busy: 'Busy',
  degraded: 'Degraded',
  blocked: 'Blocked',
  down: 'Down',
};

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

const GIB = 1024 ** 3;

export function formatBytes(bytes: number): string {
  if (bytes >= GIB) return `${(bytes / GIB).toFixed(1)} GiB`;
  return `${Math.round(bytes / 1024 ** 2)} MiB`;
}

export function formatQueue(queue: QueueInfo | null): string {
  if (!queue) return 'unknown';
  const part = (value: number | null) => (value === null ? '?' : String(value));
  return `${part(queue.running)} running · ${part(queue.pending)} pending · ${queue.total} total`;
}

export function formatUptime(uptime: number | null | undefined): string {
  if (uptime === null || uptime === undefined) return '—';
  const percent = uptime * 100;
  // 99.96 % must not read as 100 %: only a perfect record shows a round 100.
  if (percent === 100 || percent === 0) return `${percent} %`;
  return `${Math.min(percent, 99.9).toFixed(1)} %`;
}

/** ComfyUI names a device like `cuda:0 NVIDIA GeForce RTX 4090 : cudaMallocAsync`; people want the card. */
export function deviceName(device: DeviceInfo): string {
  const withoutAllocator = device.name.replace(/\s+:\s+\S+$/, '');
  return withoutAllocator.replace(/^[a-z]+:\d+\s+/, '') || device.name;
}

export function formatVram(device: DeviceInfo): string | null {
  if (device.vramTotal === null) return null;
  if (device.vramFree === null) return `${formatBytes(device.vramTotal)} total`;
  return `${formatBytes(device.vramFree)} free of ${formatBytes(device.vramTotal)}`;
}

const timeFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Time of day for today's moments, with the date for older ones. */
export function formatTime(iso: string, now: Date = new Date()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return at.toDateString() === now.toDateString() ? timeFormat.format(at) : dateTimeFormat.format(at);
}

/** The badge of an event; a state change shows the state it went to. */
export function eventLabel(event: MonitorEvent): string {
  switch (event.type) {
    case 'state':
      return STATE_LABELS[event.to];
    case 'all-down':
      return 'All down';
    case 'network-down':
      return 'Offline';
    case 'network-up':
      return 'Online';
    default:
      return event.type[0].toUpperCase() + event.type.slice(1);
  }
}

/** The event's sentence. The monitor's reasons already name the server they are about. */
export function describeEvent(event: MonitorEvent): string {
  switch (event.type) {
    case 'best':
      return `Best server: ${event.to}`;
    case 'state':
    case 'all-down':
    case 'network-down':
      return event.reason;
    case 'failover':
    case 'rebalance':
      return `Switched to ${event.to}. ${event.reason}`;
    case 'recovery':
      return `${event.to} is usable again`;
    case 'network-up':
      return 'This computer is back online';
  }
}
