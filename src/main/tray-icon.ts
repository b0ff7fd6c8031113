// Which tray icon shows the fleet's state at a glance. Pure: the tray module loads the file.
import type { FleetSnapshot } from '../shared/types';

export type TrayIconState = 'checking' | 'ok' | 'some-down' | 'best-busy' | 'all-down' | 'paused';

export const TRAY_ICON_STATES: readonly TrayIconState[] = [
  'checking',
  'ok',
  'some-down',
  'best-busy',
  'all-down',
  'paused',
];

/** The panel the icon sits on: icons for dark panels are drawn lighter. */
export type PanelTheme = 'light' | 'dark';

/**
 * The fleet's state, most pressing first. A busy or degraded best outranks "some down":
 * it is what the user's next job meets. An offline machine reads as all down: nothing is
 * reachable from here, whatever the servers' last state. It outranks checking, which an
 * offline start never leaves (no probe confirms anything).
 */
export function trayIconState(snapshot: FleetSnapshot): TrayIconState {
  if (snapshot.paused) return 'paused';
  if (snapshot.networkDown) return 'all-down';
  if (snapshot.checking) return 'checking';
  const best = snapshot.servers.find((server) => server.url === snapshot.best);
  if (!best) return 'all-down';
  if (best.state === 'busy' || best.state === 'degraded') return 'best-busy';
  if (snapshot.servers.some((server) => !server.healthy)) return 'some-down';
  return 'ok';
}

/**
 * The icon's path under resources/. macOS gets template images (the system tints them for the
 * menu bar); Windows a 16 px icon (its @2x sibling is picked on high-DPI screens); Linux panels
 * scale a 32 px icon down.
 */
export function trayIconFile(state: TrayIconState, platform: NodeJS.Platform, panel: PanelTheme): string {
  if (platform === 'darwin') return `tray/${state}Template.png`;
  if (platform === 'win32') return `tray/${state}-${panel}.png`;
  return `tray/${state}-${panel}-32.png`;
}
