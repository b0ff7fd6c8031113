// Launch at login per platform, the connectivity check and the persisted history file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createConnectivityCheck, namesToLookUp } from '../../src/main/connectivity';
import { HistoryFile } from '../../src/main/history-file';
import {
  AUTOSTART_FILE_NAME,
  applyLaunchAtLogin,
  autostartDir,
  desktopEntry,
  launchCommand,
} from '../../src/main/login-item';
import { History } from '../../src/main/monitor';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'comfywatch-platform-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('launch at login', () => {
  const appSpy = () => {
    const calls: { openAtLogin: boolean }[] = [];
    return {
      calls,
      app: { setLoginItemSettings: (settings: { openAtLogin: boolean }) => void calls.push(settings) },
    };
  };

  test('macOS and Windows: login item settings', async () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const { calls, app } = appSpy();
      await applyLaunchAtLogin(true, { platform, app, command: ['x'], autostartDir: dir });
      await applyLaunchAtLogin(false, { platform, app, command: ['x'], autostartDir: dir });
      expect(calls).toEqual([{ openAtLogin: true }, { openAtLogin: false }]);
    }
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('Linux: an XDG autostart entry written and removed', async () => {
    const { calls, app } = appSpy();
    const autostart = path.join(dir, 'autostart');
    const command = ['/opt/ComfyWatch/comfywatch'];
    await applyLaunchAtLogin(true, { platform: 'linux', app, command, autostartDir: autostart });
    const entry = fs.readFileSync(path.join(autostart, AUTOSTART_FILE_NAME), 'utf8');
    expect(entry).toContain('[Desktop Entry]\nType=Application\nName=ComfyWatch\n');
    expect(entry).toContain('Exec=/opt/ComfyWatch/comfywatch\n');
    await applyLaunchAtLogin(false, { platform: 'linux', app, command, autostartDir: autostart });
    await applyLaunchAtLogin(false, { platform: 'linux', app, command, autostartDir: autostart });
    expect(fs.readdirSync(autostart)).toEqual([]);
    expect(calls).toEqual([]);
  });

  test('the Exec line quotes what needs quoting', () => {
    expect(desktopEntry(['/home/me/My Apps/ComfyWatch.AppImage', '--flag=50%'])).toContain(
      'Exec="/home/me/My Apps/ComfyWatch.AppImage" --flag=50%%\n',
    );
    expect(desktopEntry(['/a/$HOME"x'])).toContain('Exec="/a/\\$HOME\\"x"\n');
  });

  test('the command: the AppImage itself, the packaged binary, or Electron with the app folder', () => {
    const base = { execPath: '/usr/lib/electron', appPath: '/src/comfywatch' };
    expect(launchCommand({ ...base, isPackaged: true, appImage: '/home/me/ComfyWatch.AppImage' })).toEqual([
      '/home/me/ComfyWatch.AppImage',
    ]);
    expect(launchCommand({ ...base, isPackaged: true })).toEqual(['/usr/lib/electron']);
    expect(launchCommand({ ...base, isPackaged: false })).toEqual(['/usr/lib/electron', '/src/comfywatch']);
  });

  test('the autostart folder honours XDG_CONFIG_HOME', () => {
    expect(autostartDir({ XDG_CONFIG_HOME: '/cfg' }, '/home/me')).toBe('/cfg/autostart');
    expect(autostartDir({}, '/home/me')).toBe('/home/me/.config/autostart');
  });
});

describe('connectivity', () => {
  const urls = [
    'http://127.0.0.1:8188',
    'http://[::1]:8188',
    'http://localhost:8188',
    'https://gpu.example.test',
  ];

  test('only real host names are looked up', () => {
    expect(namesToLookUp([...urls, 'https://gpu.example.test:8443'])).toEqual(['gpu.example.test']);
  });

  test('offline when Electron says so, without looking anything up', async () => {
    const looked: string[] = [];
    const check = createConnectivityCheck({
      isOnline: () => false,
      lookup: async (name) => void looked.push(name),
      urls: () => urls,
    });
    expect(await check()).toBe(false);
    expect(looked).toEqual([]);
  });

  test('online: decided by the look-up of the configured names', async () => {
    const resolving = createConnectivityCheck({
      isOnline: () => true,
      lookup: async () => undefined,
      urls: () => urls,
    });
    expect(await resolving()).toBe(true);
    const failing = createConnectivityCheck({
      isOnline: () => true,
      lookup: () => Promise.reject(new Error('ENOTFOUND')),
      urls: () => urls,
    });
    expect(await failing()).toBe(false);
    const addressesOnly = createConnectivityCheck({
      isOnline: () => true,
      lookup: () => Promise.reject(new Error('never asked')),
      urls: () => urls.slice(0, 3),
    });
    expect(await addressesOnly()).toBe(true);
  });

  test('a resolver that never answers counts as offline after the timeout', async () => {
    const check = createConnectivityCheck({
      isOnline: () => true,
      lookup: () => new Promise(() => undefined),
      urls: () => urls,
      timeoutMs: 20,
    });
    expect(await check()).toBe(false);
  });
});

describe('history file', () => {
  test('saved and loaded with the best; missing or damaged reads as empty', () => {
    const file = new HistoryFile(dir);
    expect(file.load()).toEqual({ best: null, history: null });
    const now = Date.parse('2026-01-01T00:00:00.000Z');
    const history = new History({ now: () => now });
    history.record('http://a:1', { at: now - 1000, ms: 12, state: 'up' });
    file.save('http://a:1', history.toJSON(), new Date(now));
    const loaded = file.load();
    expect(loaded.best).toBe('http://a:1');
    expect(History.fromJSON(loaded.history, { now: () => now }).points('http://a:1')).toEqual([
      { at: now - 1000, ms: 12, state: 'up' },
    ]);
    expect(fs.readdirSync(dir)).toEqual(['history.json']);
    fs.writeFileSync(file.path, '{"best": ');
    expect(file.load()).toEqual({ best: null, history: null });
  });
});
