// A fake of the Electron modules the main process and the preload use, for
// `vi.mock('electron', () => electronModule())`. State lives on one object kept on globalThis,
// so a test that re-imports modules (vi.resetModules) still sees the same fake.
// Only what ComfyWatch calls is faked; each fake records what was done to it.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';

export class FakeApp extends EventEmitter {
  paths: Record<string, string> = {};
  name = 'comfywatch';
  appPath = process.cwd();
  isPackaged = false;
  gotLock = true;
  quitCalls = 0;
  exitCode: number | null = null;
  loginItemSettings: { openAtLogin: boolean } | null = null;
  appUserModelId: string | null = null;
  readonly dock = { hidden: false, hide: () => void (this.dock.hidden = true) };

  constructor(home: string) {
    super();
    this.paths = { appData: path.join(home, 'appData'), home, temp: os.tmpdir() };
    this.paths.userData = path.join(this.paths.appData, this.name);
  }

  getPath(name: string): string {
    const value = this.paths[name];
    if (!value) throw new Error(`fake app: no path "${name}"`);
    return value;
  }
  setPath(name: string, value: string): void {
    this.paths[name] = value;
  }
  getName(): string {
    return this.name;
  }
  setName(name: string): void {
    this.name = name;
  }
  getVersion(): string {
    return '0.1.0';
  }
  getAppPath(): string {
    return this.appPath;
  }
  focus(): void {}
  requestSingleInstanceLock(): boolean {
    return this.gotLock;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  quit(): void {
    this.quitCalls += 1;
  }
  exit(code = 0): void {
    this.exitCode = code;
  }
  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }
  setLoginItemSettings(settings: { openAtLogin: boolean }): void {
    this.loginItemSettings = settings;
  }
}

export interface FakeInvokeEvent {
  sender: { id: number };
  senderFrame: { url: string; parent: null | object } | null;
}

type InvokeHandler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

export class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, InvokeHandler>();

  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Calls a handler as ipcRenderer.invoke would: a throw becomes a rejection. */
  async invoke(channel: string, event: FakeInvokeEvent, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    // The handlers read only sender.id and senderFrame (url, parent) of the event.
    return handler(event as unknown as IpcMainInvokeEvent, ...args);
  }
}

let nextWebContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextWebContentsId++;
  readonly sent: [string, unknown][] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  permissionHandler:
    ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  readonly session = {
    setPermissionRequestHandler: (handler: NonNullable<FakeWebContents['permissionHandler']>) => {
      this.permissionHandler = handler;
    },
  };

  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  setWindowOpenHandler(handler: NonNullable<FakeWebContents['windowOpenHandler']>): void {
    this.windowOpenHandler = handler;
  }
  /** Emits like Electron: returns whether a listener called preventDefault(). */
  emitPreventable(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  /** When set, loadURL rejects with it (the window closed while loading, the dev server down). */
  static loadError: Error | null = null;
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  visible = false;
  focused = false;
  minimized = false;
  destroyed = false;

  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }

  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return FakeBrowserWindow.loadError ? Promise.reject(FakeBrowserWindow.loadError) : Promise.resolve();
  }
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    this.focused = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('closed');
  }
}

export interface FakeImage {
  path: string;
  isEmpty(): boolean;
}

export interface FakeMenuItem {
  id?: string;
  label?: string;
  type?: string;
  enabled?: boolean;
  click?: () => void;
}

export class FakeTray extends EventEmitter {
  static instances: FakeTray[] = [];
  image: FakeImage;
  tooltip = '';
  menu: { template: FakeMenuItem[] } | null = null;
  menuSets = 0;
  destroyed = false;

  constructor(image: FakeImage) {
    super();
    this.image = image;
    FakeTray.instances.push(this);
  }

  setImage(image: FakeImage): void {
    this.image = image;
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: { template: FakeMenuItem[] }): void {
    this.menu = menu;
    this.menuSets += 1;
  }
  destroy(): void {
    this.destroyed = true;
  }
  /** The menu item with this id (or label). */
  item(idOrLabel: string): FakeMenuItem {
    const item = this.menu?.template.find((entry) => entry.id === idOrLabel || entry.label === idOrLabel);
    if (!item) throw new Error(`no tray menu item ${idOrLabel}`);
    return item;
  }
}

export class FakeNotification extends EventEmitter {
  static instances: FakeNotification[] = [];
  static supported = true;
  shown = false;

  static isSupported(): boolean {
    return FakeNotification.supported;
  }

  constructor(readonly options: { title: string; body: string; icon?: string }) {
    super();
    FakeNotification.instances.push(this);
  }

  show(): void {
    this.shown = true;
  }
}

/** A stand-in for the OS keychain: reversible, but the plain text never appears in its output. */
export const fakeCipher = {
  encrypt: (plain: string) => Buffer.from(`fake-cipher:${[...plain].reverse().join('')}`, 'utf8'),
  decrypt: (encrypted: Buffer) => {
    const text = encrypted.toString('utf8');
    if (!text.startsWith('fake-cipher:')) throw new Error('not our ciphertext');
    return [...text.slice('fake-cipher:'.length)].reverse().join('');
  },
};

export class ElectronFake {
  readonly home = fs.mkdtempSync(path.join(os.tmpdir(), 'comfywatch-electron-'));
  app = new FakeApp(this.home);
  ipcMain = new FakeIpcMain();
  powerMonitor = new EventEmitter();
  nativeTheme = Object.assign(new EventEmitter(), {
    shouldUseDarkColors: false,
    shouldUseDarkColorsForSystemIntegratedUI: false,
  });
  clipboard = { text: '', writeText: (text: string) => void (this.clipboard.text = text) };
  shell = {
    opened: [] as string[],
    openExternal: (url: string) => {
      this.shell.opened.push(url);
      return Promise.resolve();
    },
    openPath: () => Promise.resolve(''),
  };
  safeStorage = {
    available: true,
    backend: 'gnome_libsecret' as 'basic_text' | 'gnome_libsecret',
    isAsyncEncryptionAvailable: () => Promise.resolve(this.safeStorage.available),
    getSelectedStorageBackend: () => this.safeStorage.backend,
    encryptStringAsync: (plain: string) => Promise.resolve(fakeCipher.encrypt(plain)),
    decryptStringAsync: (encrypted: Buffer) =>
      Promise.resolve({ result: fakeCipher.decrypt(encrypted), shouldReEncrypt: false }),
  };
  net = { online: true, isOnline: () => this.net.online };
  dialog = {
    errors: [] as [string, string][],
    showErrorBox: (title: string, text: string) => void this.dialog.errors.push([title, text]),
  };
  ipcRenderer = Object.assign(new EventEmitter(), {
    invoked: [] as [string, unknown[]][],
    invoke: (channel: string, ...args: unknown[]) => {
      this.ipcRenderer.invoked.push([channel, args]);
      return Promise.resolve({ channel, args });
    },
  });
  contextBridge = {
    exposed: new Map<string, unknown>(),
    exposeInMainWorld: (key: string, api: unknown) => void this.contextBridge.exposed.set(key, api),
  };

  /** A fresh state for the next test (a new home folder too). */
  reset(): void {
    fs.rmSync(this.home, { recursive: true, force: true });
    Object.assign(this, new ElectronFake());
    FakeBrowserWindow.instances = [];
    FakeBrowserWindow.loadError = null;
    FakeTray.instances = [];
    FakeNotification.instances = [];
    FakeNotification.supported = true;
  }

  /** The module as `import electron from 'electron'` and `import { app } from 'electron'` see it. */
  module(): Record<string, unknown> {
    // Getters, so a reset() is seen by modules that destructured the default export early.
    const fake = this as ElectronFake;
    const modules: Record<string, unknown> = {};
    const names = [
      'app',
      'ipcMain',
      'powerMonitor',
      'nativeTheme',
      'clipboard',
      'shell',
      'safeStorage',
      'net',
      'dialog',
      'ipcRenderer',
      'contextBridge',
    ] as const;
    for (const name of names)
      Object.defineProperty(modules, name, { get: () => fake[name], enumerable: true });
    Object.assign(modules, {
      BrowserWindow: FakeBrowserWindow,
      Tray: FakeTray,
      Notification: FakeNotification,
      Menu: { buildFromTemplate: (template: FakeMenuItem[]) => ({ template }) },
      nativeImage: {
        createFromPath: (file: string): FakeImage => ({ path: file, isEmpty: () => !fs.existsSync(file) }),
      },
    });
    const named: Record<string, unknown> = { default: modules };
    for (const key of Object.keys(modules)) {
      Object.defineProperty(named, key, { get: () => modules[key], enumerable: true });
    }
    return named;
  }
}

const holder = globalThis as typeof globalThis & { __comfywatchElectronFake?: ElectronFake };

/** The one fake of this test file. */
export const electron: ElectronFake = (holder.__comfywatchElectronFake ??= new ElectronFake());

/** For vi.mock('electron', ...). */
export function electronModule(): Record<string, unknown> {
  return electron.module();
}
