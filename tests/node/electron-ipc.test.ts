// The IPC handlers: only our window's page is answered, arguments must have the contract's
// shape, and open/copy hand out nothing but a configured http(s) server confirmed by a probe.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { AppController } from '../../src/main/app-controller';
import type { MonitorPort } from '../../src/main/app-controller';
import { HistoryFile } from '../../src/main/history-file';
import {
  ARGUMENT_CHECKS,
  controllerHandlers,
  isTrustedSender,
  registerIpcHandlers,
} from '../../src/main/ipc-handlers';
import type { IpcHandlers, TrustedRenderer } from '../../src/main/ipc-handlers';
import type { MonitorEventMap } from '../../src/main/monitor';
import { SecretBox } from '../../src/main/secrets';
import { SettingsStore } from '../../src/main/settings-store';
import { INVOKE_CHANNELS } from '../../src/shared/ipc';
import type { SettingsInput } from '../../src/shared/ipc';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import type { FleetSnapshot } from '../../src/shared/types';
import { electron } from '../helpers/electron-fake';
import type { FakeInvokeEvent } from '../helpers/electron-fake';
import { FakeClock } from '../helpers/fake-clock';
import { fleetSnapshot, serverReport } from '../helpers/fleet-snapshot';

vi.mock('electron', async () => (await import('../helpers/electron-fake')).electronModule());

const PAGE = 'file:///opt/ComfyWatch/resources/app.asar/out/renderer/index.html';
const renderer: TrustedRenderer = { url: PAGE, webContentsId: () => 7 };
const ours: FakeInvokeEvent = { sender: { id: 7 }, senderFrame: { url: `${PAGE}#settings`, parent: null } };

function spyHandlers(): IpcHandlers {
  return {
    'snapshot:get': vi.fn(() => fleetSnapshot([serverReport('http://127.0.0.1:8188', 'up')])),
    'history:get': vi.fn(() => ({ servers: [], events: [] })),
    'settings:get': vi.fn(),
    'settings:save': vi.fn(async () => ({ ok: false as const, errors: [] })),
    'best:open': vi.fn(async () => ({ ok: false as const, message: 'none' })),
    'best:copy': vi.fn(() => ({ ok: false as const, message: 'none' })),
    'monitor:refresh': vi.fn(() => null),
    'monitor:set-paused': vi.fn(() => null),
  } as IpcHandlers;
}

const validInput = (): SettingsInput => ({
  primary: 'http://127.0.0.1:8188',
  backups: '',
  servers: [{ url: 'http://127.0.0.1:8188', headers: [], trustSelfSigned: false }],
  intervalMs: 15_000,
  timeoutMs: 5_000,
  fall: 3,
  rise: 2,
  recheckMs: 2_000,
  downMaxMs: 60_000,
  slowMs: 2_000,
  policy: 'least-busy',
  notify: { ...DEFAULT_SETTINGS.notify },
  launchAtLogin: false,
  startMinimised: true,
});

beforeEach(() => electron.reset());

describe('sender validation', () => {
  test.each<[string, FakeInvokeEvent]>([
    ['another window', { sender: { id: 8 }, senderFrame: { url: PAGE, parent: null } }],
    [
      'our window after navigating away',
      { sender: { id: 7 }, senderFrame: { url: 'https://evil.example/', parent: null } },
    ],
    [
      'another local file',
      { sender: { id: 7 }, senderFrame: { url: 'file:///tmp/evil.html', parent: null } },
    ],
    ['an iframe in our page', { sender: { id: 7 }, senderFrame: { url: PAGE, parent: {} } }],
    ['a frame that is gone', { sender: { id: 7 }, senderFrame: null }],
  ])('refused: %s', async (_name, event) => {
    const handlers = spyHandlers();
    const log = vi.fn();
    registerIpcHandlers(electron.ipcMain, handlers, renderer, log);
    await expect(electron.ipcMain.invoke('snapshot:get', event)).rejects.toThrow(/^Refused: snapshot:get/);
    await expect(electron.ipcMain.invoke('best:open', event)).rejects.toThrow(/^Refused/);
    expect(handlers['snapshot:get']).not.toHaveBeenCalled();
    expect(handlers['best:open']).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('foreign sender'));
  });

  test('no window: nobody is answered', () => {
    expect(isTrustedSender(ours as never, { url: PAGE, webContentsId: () => null })).toBe(false);
  });

  test('the dev server: same origin only', () => {
    const dev: TrustedRenderer = { url: 'http://localhost:5173', webContentsId: () => 7 };
    const from = (url: string) => ({ sender: { id: 7 }, senderFrame: { url, parent: null } }) as never;
    expect(isTrustedSender(from('http://localhost:5173/#status'), dev)).toBe(true);
    expect(isTrustedSender(from('http://localhost:5174/'), dev)).toBe(false);
    expect(isTrustedSender(from(PAGE), dev)).toBe(false);
  });

  test('our page is answered on every channel of the contract; unregistering removes them', async () => {
    const handlers = spyHandlers();
    const unregister = registerIpcHandlers(electron.ipcMain, handlers, renderer, vi.fn());
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect(await electron.ipcMain.invoke('snapshot:get', ours)).toMatchObject({
      best: 'http://127.0.0.1:8188',
    });
    await electron.ipcMain.invoke('monitor:set-paused', ours, true);
    expect(handlers['monitor:set-paused']).toHaveBeenCalledWith(true);
    await electron.ipcMain.invoke('settings:save', ours, validInput());
    expect(handlers['settings:save']).toHaveBeenCalledWith(validInput());
    unregister();
    expect(electron.ipcMain.handlers.size).toBe(0);
  });
});

describe('argument validation', () => {
  test.each<[string, string, unknown[], RegExp]>([
    ['set-paused with a text', 'monitor:set-paused', ['yes'], /argument 1 must be true or false/],
    ['set-paused with nothing', 'monitor:set-paused', [], /expected 1 argument/],
    ['an extra argument', 'best:open', ['file:///etc/passwd'], /expected 0 argument/],
    ['settings that are not an object', 'settings:save', ['{}'], /argument 1 must be an object/],
    [
      'a number where a text belongs',
      'settings:save',
      [{ ...validInput(), primary: 42 }],
      /argument 1\.primary must be a text/,
    ],
    [
      'a policy out of the contract',
      'settings:save',
      [{ ...validInput(), policy: 'random' }],
      /argument 1\.policy must be one of least-busy, prefer-primary/,
    ],
    [
      'a header without its flags',
      'settings:save',
      [
        {
          ...validInput(),
          servers: [{ url: 'x', trustSelfSigned: false, headers: [{ name: 'a', value: 'b' }] }],
        },
      ],
      /argument 1\.servers\[0\]\.headers\[0\]\.secret must be true or false/,
    ],
    [
      'a number that is not one',
      'settings:save',
      [{ ...validInput(), intervalMs: Number.NaN }],
      /argument 1\.intervalMs must be a number/,
    ],
    [
      'a notify switch outside the contract',
      'settings:save',
      [{ ...validInput(), notify: { ...DEFAULT_SETTINGS.notify, injected: true } }],
      /argument 1\.notify\.injected is not a known key/,
    ],
    [
      'a huge text',
      'settings:save',
      [{ ...validInput(), backups: 'x'.repeat(70_000) }],
      /argument 1\.backups is too long/,
    ],
  ])('refused: %s', async (_name, channel, args, message) => {
    const handlers = spyHandlers();
    registerIpcHandlers(electron.ipcMain, handlers, renderer, vi.fn());
    await expect(electron.ipcMain.invoke(channel, ours, ...args)).rejects.toThrow(message);
    expect(handlers[channel as keyof IpcHandlers]).not.toHaveBeenCalled();
  });

  test('a valid settings input passes the shape check (its values are checked by the save)', () => {
    expect(ARGUMENT_CHECKS['settings:save']([validInput()])).toBeNull();
    expect(ARGUMENT_CHECKS['settings:save']([{ ...validInput(), intervalMs: 1 }])).toBeNull();
  });
});

/** A monitor that reports whatever snapshot the test sets. */
class ScriptedMonitor extends EventEmitter<MonitorEventMap> implements MonitorPort {
  constructor(public current: FleetSnapshot) {
    super();
  }
  start(): void {}
  stop(): void {}
  refreshNow(): void {}
  pause(): void {}
  resume(): void {}
  update(): void {}
  snapshot(): FleetSnapshot {
    return this.current;
  }
}

describe('open and copy through IPC', () => {
  const A = 'http://127.0.0.1:8188';
  let dir: string;
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function wired(snapshot: FleetSnapshot) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'comfywatch-ipc-'));
    const secrets = new SecretBox(electron.safeStorage);
    const monitor = new ScriptedMonitor(snapshot);
    const controller = new AppController({
      settings: await SettingsStore.open({ cwd: dir, secrets }),
      secrets,
      createMonitor: () => monitor,
      createTray: () => ({ render: () => undefined, destroy: () => undefined }),
      window: { show: () => undefined, send: () => undefined },
      historyFile: new HistoryFile(dir),
      notify: () => undefined,
      writeClipboard: (text) => electron.clipboard.writeText(text),
      openExternal: (url) => electron.shell.openExternal(url),
      applyLaunchAtLogin: async () => undefined,
      quit: () => undefined,
      clock: new FakeClock(),
      log: () => undefined,
    });
    await controller.start();
    registerIpcHandlers(electron.ipcMain, controllerHandlers(controller), renderer, vi.fn());
    return monitor;
  }

  test('a usable best is opened and copied', async () => {
    await wired(fleetSnapshot([serverReport(A, 'up')]));
    expect(await electron.ipcMain.invoke('best:open', ours)).toEqual({ ok: true, url: A });
    expect(await electron.ipcMain.invoke('best:copy', ours)).toEqual({ ok: true, url: A });
    expect(electron.shell.opened).toEqual([A]);
    expect(electron.clipboard.text).toBe(A);
  });

  test('no usable server: refused with a message, nothing opened or copied', async () => {
    await wired(fleetSnapshot([serverReport(A, 'down')]));
    const refused = { ok: false, message: 'No usable server right now.' };
    expect(await electron.ipcMain.invoke('best:open', ours)).toEqual(refused);
    expect(await electron.ipcMain.invoke('best:copy', ours)).toEqual(refused);
    expect(electron.shell.opened).toEqual([]);
    expect(electron.clipboard.text).toBe('');
  });

  test.each([
    ['a file: URL', 'file:///etc/passwd'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['an http URL that is not configured', 'http://127.0.0.1:9999'],
    ['a configured URL with credentials added', 'http://user:pw@127.0.0.1:8188'],
  ])('never opened: %s', async (_name, url) => {
    await wired(fleetSnapshot([serverReport(url, 'up')], { best: url }));
    const result = await electron.ipcMain.invoke('best:open', ours);
    expect(result).toEqual({
      ok: false,
      message: expect.stringMatching(/^Refused: .* is not a configured http\(s\) server\.$/),
    });
    expect(await electron.ipcMain.invoke('best:copy', ours)).toMatchObject({ ok: false });
    expect(electron.shell.opened).toEqual([]);
    expect(electron.clipboard.text).toBe('');
  });

  test('offline: refused, the last known best is not handed out', async () => {
    await wired(fleetSnapshot([serverReport(A, 'up', { stale: true })], { networkDown: true }));
    expect(await electron.ipcMain.invoke('best:open', ours)).toMatchObject({ ok: false, message: /offline/ });
    expect(electron.shell.opened).toEqual([]);
  });
});
