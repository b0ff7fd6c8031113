// The tray icon, tooltip and context menu, redrawn from each snapshot with the pure builders.
import path from 'node:path';
import { Menu, Tray, nativeImage, nativeTheme } from 'electron';
import type { FleetSnapshot } from '../shared/types';
import type { TrayPort } from './app-controller';
import { trayTooltip } from './tooltip';
import { trayIconFile, trayIconState } from './tray-icon';
import type { PanelTheme } from './tray-icon';
import { buildTrayMenu } from './tray-menu';
import type { TrayActions, TrayMenuItem } from './tray-menu';

export interface TrayViewOptions {
  resourcesDir: string;
  platform: NodeJS.Platform;
  actions: TrayActions;
}

function panelTheme(platform: NodeJS.Platform): PanelTheme {
  const dark =
    platform === 'win32'
      ? nativeTheme.shouldUseDarkColorsForSystemIntegratedUI
      : nativeTheme.shouldUseDarkColors;
  return dark ? 'dark' : 'light';
}

/** What the menu shows; the menu is rebuilt only when this changes (menus flicker on Linux). */
const menuKey = (items: TrayMenuItem[]) =>
  JSON.stringify(items.map(({ label, enabled, type }) => [label, enabled, type]));

export class TrayView implements TrayPort {
  readonly #tray: Tray;
  readonly #options: TrayViewOptions;
  #snapshot: FleetSnapshot | null = null;
  #iconFile = '';
  #menuKey = '';
  readonly #onThemeChange = () => {
    if (this.#snapshot) this.#renderIcon(this.#snapshot);
  };

  constructor(options: TrayViewOptions) {
    this.#options = options;
    this.#iconFile = trayIconFile('checking', options.platform, panelTheme(options.platform));
    this.#tray = new Tray(this.#image(this.#iconFile));
    // macOS opens the menu on click by itself; elsewhere a click opens the window (when the
    // panel delivers clicks at all: the menu has every action too).
    if (options.platform !== 'darwin') this.#tray.on('click', () => options.actions.showStatus());
    nativeTheme.on('updated', this.#onThemeChange);
  }

  render(snapshot: FleetSnapshot): void {
    this.#snapshot = snapshot;
    this.#renderIcon(snapshot);
    this.#tray.setToolTip(trayTooltip(snapshot));
    const items = buildTrayMenu(snapshot, this.#options.actions);
    const key = menuKey(items);
    if (key !== this.#menuKey) {
      this.#menuKey = key;
      this.#tray.setContextMenu(Menu.buildFromTemplate(items));
    }
  }

  destroy(): void {
    nativeTheme.off('updated', this.#onThemeChange);
    this.#tray.destroy();
  }

  #renderIcon(snapshot: FleetSnapshot): void {
    const { platform } = this.#options;
    const file = trayIconFile(trayIconState(snapshot), platform, panelTheme(platform));
    if (file === this.#iconFile) return;
    this.#iconFile = file;
    this.#tray.setImage(this.#image(file));
  }

  #image(file: string) {
    return nativeImage.createFromPath(path.join(this.#options.resourcesDir, file));
  }
}
