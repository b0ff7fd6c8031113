// Launch at login per platform, the connectivity check, the persisted history file and where
// the settings live.
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
import { History, Monitor, monitorSettingsOf } from '../../src/main/monitor';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { userDataDir } from '../../src/shared/settings-path';
import type { MonitorEvent } from '../../src/shared/types';
import { FakeClock } from '../helpers/fake-clock';
import { FakeProbes, fails, target } from '../helpers/fake-probe';

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

describe('settings folder', () => {
  test('Linux: $XDG_CONFIG_HOME, or ~/.config when it is unset or empty (as Electron reads it)', () => {
    expect(userDataDir('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/me')).toBe('/cfg/ComfyWatch');
    expect(userDataDir('linux', {}, '/home/me')).toBe('/home/me/.config/ComfyWatch');
    expect(userDataDir('linux', { XDG_CONFIG_HOME: '' }, '/home/me')).toBe('/home/me/.config/ComfyWatch');
    // The settings and the autostart entry agree on where the config folder is.
    const env = { XDG_CONFIG_HOME: '' };
    expect(path.dirname(userDataDir('linux', env, '/home/me'))).toBe(
      path.dirname(autostartDir(env, '/home/me')),
    );
  });

  test('Windows: %APPDATA%, or the roaming folder when it is unset or empty; macOS: Application Support', () => {
    expect(userDataDir('win32', { APPDATA: 'C:/Users/me/AppData/Roaming' }, 'C:/Users/me')).toBe(
      path.join('C:/Users/me/AppData/Roaming', 'ComfyWatch'),
    );
    expect(userDataDir('win32', { APPDATA: '' }, 'C:/Users/me')).toBe(
      path.join('C:/Users/me', 'AppData', 'Roaming', 'ComfyWatch'),
    );
    expect(userDataDir('darwin', { XDG_CONFIG_HOME: '/cfg' }, '/Users/me')).toBe(
      '/Users/me/Library/Application Support/ComfyWatch',
    );
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

  /** A look-up failure as node:dns reports it. */
  const dnsError = (code: string, hostname: string) =>
    Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), { code, syscall: 'getaddrinfo', hostname });
  // Quick tunnels that have expired: their names no longer exist.
  const tunnels = ['https://old-a.tunnel.example.test', 'https://old-b.tunnel.example.test'];
  const failingWith = (code: (name: string) => string) =>
    createConnectivityCheck({
      isOnline: () => true,
      lookup: (name) => Promise.reject(dnsError(code(name), name)),
      urls: () => tunnels,
    });

  test('online: a configured name resolves, or there is none to look up', async () => {
    const resolving = createConnectivityCheck({
      isOnline: () => true,
      lookup: async () => undefined,
      urls: () => urls,
    });
    expect(await resolving()).toBe(true);
    const addressesOnly = createConnectivityCheck({
      isOnline: () => true,
      lookup: () => Promise.reject(new Error('never asked')),
      urls: () => urls.slice(0, 3),
    });
    expect(await addressesOnly()).toBe(true);
  });

  test('online: the resolver answered "no such name" (NXDOMAIN): it was reached, names that expired do not matter', async () => {
    expect(await failingWith(() => 'ENOTFOUND')()).toBe(true);
    expect(await failingWith(() => 'ENODATA')()).toBe(true);
    // One answer is enough, whatever happened to the other look-ups.
    expect(
      await failingWith((name) => (name === 'old-a.tunnel.example.test' ? 'EAI_AGAIN' : 'ENOTFOUND'))(),
    ).toBe(true);
  });

  test('offline: the resolver could not be reached', async () => {
    for (const code of ['EAI_AGAIN', 'ECONNREFUSED', 'ETIMEOUT']) {
      expect(await failingWith(() => code)(), code).toBe(false);
    }
    // Not even a look-up when Electron says offline.
    const asked: string[] = [];
    const offline = createConnectivityCheck({
      isOnline: () => false,
      lookup: (name) => {
        asked.push(name);
        return Promise.reject(dnsError('ENOTFOUND', name));
      },
      urls: () => tunnels,
    });
    expect(await offline()).toBe(false);
    expect(asked).toEqual([]);
  });

  test('in the monitor: servers whose names expired are all down, not a network outage', async () => {
    const clock = new FakeClock();
    const probes = new FakeProbes(clock, { [tunnels[0]]: fails('dns'), [tunnels[1]]: fails('dns') });
    const monitor = new Monitor({
      ...monitorSettingsOf(DEFAULT_SETTINGS, tunnels.map(target)),
      probe: probes.probe,
      clock,
      random: () => 0.5,
      checkConnectivity: failingWith(() => 'ENOTFOUND'),
    });
    const events: MonitorEvent[] = [];
    monitor.on('event', (event) => events.push(event));
    monitor.start();
    try {
      await clock.advance(DEFAULT_SETTINGS.intervalMs * (DEFAULT_SETTINGS.fall + 1));
      expect(monitor.snapshot()).toMatchObject({ networkDown: false, checking: false, best: null });
      expect(monitor.snapshot().servers.map((server) => [server.state, server.stale])).toEqual([
        ['down', false],
        ['down', false],
      ]);
      expect(events.map((event) => event.type)).toContain('all-down');
      expect(events.map((event) => event.type)).not.toContain('network-down');
    } finally {
      monitor.stop();
    }
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
