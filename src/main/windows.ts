// The status window: created when first asked for and destroyed when closed (the app lives in
// the tray; a hidden renderer would only cost memory). Locked down: context isolation, the
// sandbox, no Node, no new windows, no navigation, no permissions.
import { BrowserWindow, app, nativeTheme } from 'electron';
import type { IpcPushMap, PushChannel, WindowView } from '../shared/ipc';
import type { WindowPort } from './app-controller';
import type { TrustedRenderer } from './ipc-handlers';

export interface StatusWindowOptions {
  /** out/preload/index.cjs */
  preloadPath: string;
  /** The built index.html as a file: URL, or the dev server's URL. */
  rendererUrl: string;
  iconPath: string;
  log(message: string): void;
}

export class StatusWindow implements WindowPort, TrustedRenderer {
  readonly url: string;
  readonly #options: StatusWindowOptions;
  #window: BrowserWindow | null = null;

  constructor(options: StatusWindowOptions) {
    this.#options = options;
    this.url = options.rendererUrl;
  }

  webContentsId(): number | null {
    return this.#live()?.webContents.id ?? null;
  }

  show(view: WindowView): void {
    const window = this.#live();
    if (!window) {
      this.#create(view);
      return;
    }
    this.send('window:show-view', view);
    if (window.isMinimized()) window.restore();
    this.#reveal(window);
  }

  send<C extends PushChannel>(channel: C, payload: IpcPushMap[C]): void {
    this.#live()?.webContents.send(channel, payload);
  }

  close(): void {
    this.#live()?.destroy();
    this.#window = null;
  }

  #reveal(window: BrowserWindow): void {
    // A menu bar app (no Dock icon) is not brought to the front by showing a window alone.
    if (process.platform === 'darwin') app.focus({ steal: true });
    window.show();
    window.focus();
  }

  #live(): BrowserWindow | null {
    return this.#window && !this.#window.isDestroyed() ? this.#window : null;
  }

  #create(view: WindowView): void {
    const window = new BrowserWindow({
      title: 'ComfyWatch',
      width: 1000,
      height: 720,
      minWidth: 640,
      minHeight: 420,
      show: false,
      autoHideMenuBar: true,
      icon: this.#options.iconPath,
      // The page's own background, so opening it does not flash white in dark mode.
      backgroundColor: nativeTheme.shouldUseDarkColors ? '#1f1f1f' : '#ffffff',
      webPreferences: {
        preload: this.#options.preloadPath,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
      },
    });
    const contents = window.webContents;
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    window.once('ready-to-show', () => this.#reveal(window));
    window.on('closed', () => {
      if (this.#window === window) this.#window = null;
    });
    this.#window = window;

    const url = new URL(this.#options.rendererUrl);
    url.hash = view;
    // Rejects when the window is closed while loading or the dev server is down.
    window.loadURL(url.href).catch((error: unknown) => {
      this.#options.log(`the status window could not load ${url.href}: ${String(error)}`);
    });
  }
}
