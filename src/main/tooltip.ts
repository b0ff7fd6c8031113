// The tray's tooltip: the best URL and how many servers are in which state.
import type { FleetSnapshot } from '../shared/types';

/** Windows cuts tray tooltips at 127 characters. */
export const TOOLTIP_MAX = 127;

function counts(snapshot: FleetSnapshot): string {
  const total = snapshot.servers.length;
  const usable = snapshot.servers.filter((server) => server.healthy).length;
  const busy = snapshot.servers.filter((server) => server.state === 'busy').length;
  const down = snapshot.servers.filter(
    (server) => server.state === 'down' || server.state === 'blocked',
  ).length;
  const parts = [`${usable} of ${total} usable`];
  if (busy > 0) parts.push(`${busy} busy`);
  if (down > 0) parts.push(`${down} down`);
  return parts.join(', ');
}

function headline(snapshot: FleetSnapshot): string {
  const plural = snapshot.servers.length === 1 ? 'server' : 'servers';
  // Before checking: an offline start never ends checking.
  if (snapshot.networkDown) return 'this computer is offline';
  if (snapshot.checking) return `checking ${snapshot.servers.length} ${plural}…`;
  if (snapshot.best) return `best: ${snapshot.best}`;
  return 'no usable server';
}

export function trayTooltip(snapshot: FleetSnapshot): string {
  const lines = [`ComfyWatch${snapshot.paused ? ' (paused)' : ''}: ${headline(snapshot)}`];
  if (snapshot.checking) {
    if (snapshot.rememberedBest) lines.push(`Last best: ${snapshot.rememberedBest} (unconfirmed)`);
  } else {
    lines.push(counts(snapshot));
  }
  const text = lines.join('\n');
  return text.length <= TOOLTIP_MAX ? text : `${text.slice(0, TOOLTIP_MAX - 1)}…`;
}
