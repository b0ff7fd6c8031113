// The thin Electron layers over the fake: the status window's lock-down, the tray's redraws
// and clicks, notifications and the preload's API.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { NOTIFICATION_HOLD_MS, createNotifier } from '../../src/main/notifier';
import { TrayView } from '../../src/main/tray';
import { StatusWindow } from '../../src/main/windows';
import type { ComfyWatchApi, SettingsInput } from '../../src/shared/ipc';
import { FakeBrowserWindow, FakeNotification, FakeTray, electron } from '../helpers/electron-fake';
import { fleetSnapshot, serverReport } from '../helpers/fleet-snapshot';
import { trayActionSpies } from '../helpers/tray-actions';

vi.mock('electron', async () => (await import('../helpers/electron-fake')).electronModule());

const A = 'http://127.0.0.1:8188';
const B = 'http://127.0.0.1:8189';
const resources = path.resolve(import.meta.dirname, '../../resources');

beforeEach(() => electron.reset());

describe('status window', () => {
  const page = 'file:///app/out/renderer/index.html';
  const create = (log: (message: string) => void = vi.fn()) =>
    new StatusWindow({
      preloadPath: '/app/out/preload/index.cjs',
      rendererUrl: page,
      iconPath: '/app/resources/icon.png',
      log,
    });

  test('created on demand, locked down, opened on the asked view', () => {
    const window = create();
    expect(window.webContentsId()).toBeNull();
    window.show('settings');
    const [created] = FakeBrowserWindow.instances;
    expect(created.options.webPreferences).toEqual({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    });
    expect(created.loadedUrl).toBe(`${page}#settings`);
    expect(window.webContentsId()).toBe(created.webContents.id);
    expect(created.visible).toBe(false);
    created.emit('ready-to-show');
    expect(created.visible).toBe(true);
  });

  test('no new windows, no navigation, no permissions', () => {
    create().show('status');
    const contents = FakeBrowserWindow.instances[0].webContents;
    expect(contents.windowOpenHandler?.({ url: 'https://example.test' })).toEqual({ action: 'deny' });
    expect(contents.emitPreventable('will-navigate', 'https://example.test')).toBe(true);
    expect(contents.emitPreventable('will-redirect', 'https://example.test')).toBe(true);
    expect(contents.emitPreventable('will-attach-webview')).toBe(true);
    const granted: boolean[] = [];
    contents.permissionHandler?.(contents, 'geolocation', (answer) => granted.push(answer));
    expect(granted).toEqual([false]);
  });

  test('shown again: the same window switches view; closed: a new one next time', () => {
    const window = create();
    window.show('status');
    const first = FakeBrowserWindow.instances[0];
    first.minimized = true;
    window.show('settings');
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    expect(first.webContents.sent).toEqual([['window:show-view', 'settings']]);
    expect([first.minimized, first.visible, first.focused]).toEqual([false, true, true]);
    window.send('snapshot:changed', fleetSnapshot([serverReport(A, 'up')]));
    expect(first.webContents.sent).toHaveLength(2);

    first.destroy();
    expect(window.webContentsId()).toBeNull();
    window.send('monitor:event', { type: 'network-up', at: '2026-01-01T00:00:00.000Z' });
    window.show('status');
    expect(FakeBrowserWindow.instances).toHaveLength(2);
  });

  test('a page that fails to load (closed while loading, dev server down) is logged, not left unhandled', async () => {
    FakeBrowserWindow.loadError = new Error("ERR_ABORTED (-3) loading 'file:///app/out/renderer/index.html'");
    const log = vi.fn();
    create(log).show('status');
    await vi.waitFor(() =>
      expect(log).toHaveBeenCalledWith(
        expect.stringMatching(/^the status window could not load .*ERR_ABORTED/),
      ),
    );
  });
});

describe('tray', () => {
  const ok = fleetSnapshot([serverReport(A, 'up'), serverReport(B, 'up')]);
  const someDown = fleetSnapshot([serverReport(A, 'up'), serverReport(B, 'down')]);

  test('Linux: 32 px icons that exist, redrawn per state; tooltip; the menu set again on change', () => {
    const spies = trayActionSpies();
    const view = new TrayView({ resourcesDir: resources, platform: 'linux', actions: spies });
    const [tray] = FakeTray.instances;
    expect(tray.image.path).toBe(path.join(resources, 'tray/checking-light-32.png'));
    expect(tray.image.isEmpty()).toBe(false);

    view.render(ok);
    expect(tray.image.path).toBe(path.join(resources, 'tray/ok-light-32.png'));
    expect(tray.tooltip).toBe(`ComfyWatch: best: ${A}\n2 of 2 usable`);
    expect(tray.menuSets).toBe(1);
    view.render({ ...ok, checkedAt: '2026-01-01T00:00:15.000Z' });
    expect(tray.menuSets).toBe(1);
    view.render(someDown);
    expect(tray.menuSets).toBe(2);
    expect(tray.image.path).toBe(path.join(resources, 'tray/some-down-light-32.png'));
    expect(tray.image.isEmpty()).toBe(false);

    tray.item('Copy best URL').click?.();
    expect(spies.copyBest).toHaveBeenCalledTimes(1);
    tray.item('Settings…').click?.();
    expect(spies.showSettings).toHaveBeenCalledTimes(1);
    tray.emit('click');
    expect(spies.showStatus).toHaveBeenCalledTimes(1);

    view.destroy();
    expect(tray.destroyed).toBe(true);
  });

  test('a dark panel gets the dark icons when the theme changes', () => {
    const view = new TrayView({ resourcesDir: resources, platform: 'linux', actions: trayActionSpies() });
    view.render(ok);
    electron.nativeTheme.shouldUseDarkColors = true;
    electron.nativeTheme.emit('updated');
    expect(FakeTray.instances[0].image.path).toBe(path.join(resources, 'tray/ok-dark-32.png'));
    view.destroy();
    expect(electron.nativeTheme.listenerCount('updated')).toBe(0);
  });

  test('macOS: template images, and a click opens the menu (no window)', () => {
    const spies = trayActionSpies();
    const view = new TrayView({ resourcesDir: resources, platform: 'darwin', actions: spies });
    view.render(someDown);
    expect(FakeTray.instances[0].image.path).toBe(path.join(resources, 'tray/some-downTemplate.png'));
    FakeTray.instances[0].emit('click');
    expect(spies.showStatus).not.toHaveBeenCalled();
  });

  test('Windows: the taskbar theme picks the variant', () => {
    electron.nativeTheme.shouldUseDarkColorsForSystemIntegratedUI = true;
    const view = new TrayView({ resourcesDir: resources, platform: 'win32', actions: trayActionSpies() });
    view.render(ok);
    expect(FakeTray.instances[0].image.path).toBe(path.join(resources, 'tray/ok-dark.png'));
  });
});

describe('notifications', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  test('shown with the text; a click runs the action', () => {
    const onClick = vi.fn();
    createNotifier('/icon.png', vi.fn()).show({ title: 'T', body: 'B' }, onClick);
    const [notification] = FakeNotification.instances;
    expect(notification.options).toEqual({ title: 'T', body: 'B', icon: '/icon.png' });
    expect(notification.shown).toBe(true);
    notification.emit('click');
    expect(onClick).toHaveBeenCalledTimes(1);
  });

  test('unsupported: logged instead', () => {
    FakeNotification.supported = false;
    const log = vi.fn();
    createNotifier('/icon.png', log).show({ title: 'T', body: 'B' }, vi.fn());
    expect(FakeNotification.instances).toHaveLength(0);
    expect(log).toHaveBeenCalledWith('T: B');
  });

  test('held until clicked or closed; one whose close never comes (an expired toast) is let go later', () => {
    vi.useFakeTimers();
    const setTimer = vi.spyOn(globalThis, 'setTimeout');
    const notifier = createNotifier('/icon.png', vi.fn());
    for (const title of ['clicked', 'closed', 'failed', 'expired'])
      notifier.show({ title, body: '' }, vi.fn());
    expect(notifier.held()).toBe(4);
    expect(vi.getTimerCount()).toBe(4);
    // A held notification never keeps the app alive.
    expect(setTimer.mock.results.map((result) => (result.value as NodeJS.Timeout).hasRef())).toEqual([
      false,
      false,
      false,
      false,
    ]);

    const [clicked, closed, failed, expired] = FakeNotification.instances;
    clicked.emit('click');
    closed.emit('close');
    failed.emit('failed', {}, 'no notification server');
    expect(notifier.held()).toBe(1);
    // Their timers are gone with them.
    expect(vi.getTimerCount()).toBe(1);

    vi.advanceTimersByTime(NOTIFICATION_HOLD_MS - 1);
    expect(notifier.held()).toBe(1);
    vi.advanceTimersByTime(1);
    expect(notifier.held()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    // A close arriving after all is harmless.
    expired.emit('close');
    expect(notifier.held()).toBe(0);
  });
});

describe('preload', () => {
  async function exposed(): Promise<ComfyWatchApi> {
    vi.resetModules();
    await import('../../src/preload/index');
    expect([...electron.contextBridge.exposed.keys()]).toEqual(['comfywatch']);
    return electron.contextBridge.exposed.get('comfywatch') as ComfyWatchApi;
  }

  test('exposes the API and nothing else, over the contract channels', async () => {
    const api = await exposed();
    expect(Object.keys(api).sort()).toEqual(
      [
        'copyBest',
        'getHistory',
        'getSettings',
        'getSnapshot',
        'onEvent',
        'onShowView',
        'onSnapshot',
        'openBest',
        'refresh',
        'saveSettings',
        'setPaused',
      ].sort(),
    );
    await api.getSnapshot();
    await api.setPaused(true);
    const input = { primary: A } as SettingsInput;
    await api.saveSettings(input);
    await api.openBest();
    expect(electron.ipcRenderer.invoked).toEqual([
      ['snapshot:get', []],
      ['monitor:set-paused', [true]],
      ['settings:save', [input]],
      ['best:open', []],
    ]);
  });

  test('pushes reach a listener as the payload only, until it unsubscribes', async () => {
    const api = await exposed();
    const heard: unknown[] = [];
    const stop = api.onSnapshot((snapshot) => heard.push(snapshot));
    const views: unknown[] = [];
    api.onShowView?.((view) => views.push(view));
    const snapshot = fleetSnapshot([serverReport(A, 'up')]);
    electron.ipcRenderer.emit('snapshot:changed', { sender: 'the event' }, snapshot);
    electron.ipcRenderer.emit('window:show-view', {}, 'settings');
    expect(heard).toEqual([snapshot]);
    expect(views).toEqual(['settings']);
    stop();
    electron.ipcRenderer.emit('snapshot:changed', {}, snapshot);
    expect(heard).toHaveLength(1);
    expect(electron.ipcRenderer.listenerCount('snapshot:changed')).toBe(0);
  });
});
