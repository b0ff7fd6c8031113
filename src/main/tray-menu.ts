// The tray's context menu as a plain template (Electron's MenuItemConstructorOptions shape).
// Linux trays often deliver no click events, so every action lives here.
import type { FleetSnapshot, ServerReport, ServerState } from '../shared/types';

export interface TrayActions {
  openBest(): void;
  copyBest(): void;
  openServer(url: string): void;
  refresh(): void;
  setPaused(paused: boolean): void;
  showStatus(): void;
  showSettings(): void;
  quit(): void;
}

export interface TrayMenuItem {
  id?: string;
  label?: string;
  type?: 'normal' | 'separator';
  enabled?: boolean;
  click?: () => void;
}

/** A mark per state that reads without colour. */
export const STATE_MARKS: Record<ServerState, string> = {
  unknown: '○',
  starting: '◌',
  up: '●',
  busy: '◐',
  degraded: '◑',
  blocked: '⊘',
  down: '✕',
};

function queueText(server: ServerReport): string | null {
  const { queue } = server;
  if (!queue) return null;
  if (queue.running === null || queue.pending === null) return `queue ${queue.total}`;
  return `${queue.running} running, ${queue.pending} pending`;
}

export function serverLine(server: ServerReport, best: string | null): string {
  const parts = [`${STATE_MARKS[server.state]} ${server.url}`];
  if (server.healthy) {
    const queue = queueText(server);
    if (queue) parts.push(queue);
    if (server.responseTimeMs !== null) parts.push(`${Math.round(server.responseTimeMs)} ms`);
  } else if (server.state !== 'unknown') {
    parts.push(server.errorKind ? `${server.state} (${server.errorKind})` : server.state);
  }
  parts.push(server.url === best ? `${server.role}, best` : server.role);
  return `${parts.join(' · ')}${server.stale ? ' (last known)' : ''}`;
}

const separator: TrayMenuItem = { type: 'separator' };

export function buildTrayMenu(snapshot: FleetSnapshot, actions: TrayActions): TrayMenuItem[] {
  const status: TrayMenuItem[] = [];
  // Offline before checking: an offline start never ends checking.
  if (snapshot.networkDown) {
    const known = snapshot.checking ? 'no server confirmed yet' : 'last known states';
    status.push({ id: 'status', label: `This computer is offline: ${known}`, enabled: false });
  } else if (snapshot.checking) {
    status.push({ id: 'status', label: 'Checking servers…', enabled: false });
  } else if (!snapshot.best) {
    status.push({ id: 'status', label: 'No usable server', enabled: false });
  }
  if (snapshot.checking && snapshot.rememberedBest) {
    status.push({
      id: 'remembered',
      label: `Last best: ${snapshot.rememberedBest} (unconfirmed)`,
      enabled: false,
    });
  }
  const servers = snapshot.servers.map<TrayMenuItem>((server) => ({
    id: `server:${server.url}`,
    label: serverLine(server, snapshot.best),
    enabled: server.healthy && !snapshot.checking,
    click: () => actions.openServer(server.url),
  }));
  const hasBest = snapshot.best !== null;
  return [
    ...status,
    ...servers,
    separator,
    { id: 'open-best', label: 'Open best server', enabled: hasBest, click: () => actions.openBest() },
    { id: 'copy-best', label: 'Copy best URL', enabled: hasBest, click: () => actions.copyBest() },
    separator,
    { id: 'refresh', label: 'Refresh now', enabled: !snapshot.paused, click: () => actions.refresh() },
    snapshot.paused
      ? { id: 'pause', label: 'Resume monitoring', click: () => actions.setPaused(false) }
      : { id: 'pause', label: 'Pause monitoring', click: () => actions.setPaused(true) },
    separator,
    { id: 'status-window', label: 'Status window…', click: () => actions.showStatus() },
    { id: 'settings', label: 'Settings…', click: () => actions.showSettings() },
    separator,
    { id: 'quit', label: 'Quit', click: () => actions.quit() },
  ];
}
