// The tray app's wiring with the real monitor on fake probes and a fake clock: start-up,
// the remembered best, notifications, actions, sleep and wake, settings and the kept history.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { AppController } from '../../src/main/app-controller';
import { CLOCK_TICK_MS } from '../../src/main/clock-jumps';
import type { AppControllerDeps, TrayPort, WindowPort } from '../../src/main/app-controller';
import { HistoryFile } from '../../src/main/history-file';
import { History, Monitor } from '../../src/main/monitor';
import type { NotificationText } from '../../src/main/notifications';
import { SecretBox } from '../../src/main/secrets';
import { SettingsStore } from '../../src/main/settings-store';
import type { TrayActions } from '../../src/main/tray-menu';
import type { SettingsInput, WindowView } from '../../src/shared/ipc';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import type { FleetSnapshot } from '../../src/shared/types';
import { electron } from '../helpers/electron-fake';
import { FakeClock } from '../helpers/fake-clock';
import { FakeProbes, hangs, idle, refuses } from '../helpers/fake-probe';

vi.mock('electron', async () => (await import('../helpers/electron-fake')).electronModule());

const A = 'http://127.0.0.1:8188';
const B = 'http://127.0.0.1:8189';
const C = 'http://127.0.0.1:8190';

class RecordingTray implements TrayPort {
  readonly rendered: FleetSnapshot[] = [];
  destroyed = false;
  constructor(readonly actions: TrayActions) {}
  render(snapshot: FleetSnapshot): void {
    this.rendered.push(snapshot);
  }
  destroy(): void {
    this.destroyed = true;
  }
  get last(): FleetSnapshot {
    const last = this.rendered.at(-1);
    if (!last) throw new Error('nothing rendered');
    return last;
  }
}

class RecordingWindow implements WindowPort {
  readonly shown: WindowView[] = [];
  readonly sent: [string, unknown][] = [];
  show(view: WindowView): void {
    this.shown.push(view);
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
}

interface Harness {
  controller: AppController;
  tray: () => RecordingTray;
  window: RecordingWindow;
  notifications: { text: NotificationText; click: () => void }[];
  clipboard: string[];
  opened: string[];
  loginItem: boolean[];
  quit: ReturnType<typeof vi.fn>;
  probes: FakeProbes;
  store: SettingsStore;
}

let dir: string;
let clock: FakeClock;
/** How far the wall clock is ahead of the fake clock (a sleep the OS did not announce). */
let wallOffset = 0;
const monitors: Monitor[] = [];

beforeEach(() => {
  electron.reset();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'comfywatch-controller-'));
  clock = new FakeClock();
  wallOffset = 0;
});
afterEach(() => {
  monitors.splice(0).forEach((monitor) => monitor.stop());
  fs.rmSync(dir, { recursive: true, force: true });
});

function writeSettings(servers: string[], extra: Record<string, unknown> = {}) {
  const settings = { ...DEFAULT_SETTINGS, servers: servers.map((url) => ({ url })), ...extra };
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(settings));
}

async function harness(probes: FakeProbes): Promise<Harness> {
  const secrets = new SecretBox(electron.safeStorage);
  const store = await SettingsStore.open({ cwd: dir, secrets });
  let tray: RecordingTray | null = null;
  const window = new RecordingWindow();
  const h = {
    window,
    notifications: [] as Harness['notifications'],
    clipboard: [] as string[],
    opened: [] as string[],
    loginItem: [] as boolean[],
    quit: vi.fn(),
    probes,
    store,
  };
  const deps: AppControllerDeps = {
    settings: store,
    secrets,
    createMonitor: (settings) => {
      const monitor = new Monitor({ ...settings, probe: probes.probe, clock, random: () => 0.5 });
      monitors.push(monitor);
      return monitor;
    },
    createTray: (actions) => (tray = new RecordingTray(actions)),
    window,
    historyFile: new HistoryFile(dir),
    notify: (text, click) => h.notifications.push({ text, click }),
    writeClipboard: (text) => h.clipboard.push(text),
    openExternal: async (url) => void h.opened.push(url),
    applyLaunchAtLogin: async (enabled) => void h.loginItem.push(enabled),
    quit: h.quit,
    clock,
    wallNow: () => clock.now() + wallOffset,
    log: () => undefined,
  };
  const controller = new AppController(deps);
  await controller.start();
  return {
    ...h,
    controller,
    tray: () => {
      if (!tray) throw new Error('no tray');
      return tray;
    },
  };
}

/** A history file as a previous run left it. */
function previousRun(best: string, urls: string[]) {
  const history = new History({ now: () => clock.now() });
  for (const url of urls) history.record(url, { at: clock.now() - 60_000, ms: 20, state: 'up' });
  history.recordEvent({ type: 'best', at: new Date(clock.now() - 60_000).toISOString(), to: best });
  new HistoryFile(dir).save(best, history.toJSON(), new Date(clock.now() - 30_000));
}

describe('start-up', () => {
  test('shows checking, the remembered best only as unconfirmed, and hands nothing out before a probe', async () => {
    writeSettings([A, B]);
    previousRun(B, [A, B]);
    const probes = new FakeProbes(clock, { [A]: hangs(), [B]: hangs() });
    const h = await harness(probes);

    const first = h.tray().rendered[0];
    expect(first).toMatchObject({ checking: true, best: null, rememberedBest: B });
    expect(h.controller.getSnapshot().rememberedBest).toBe(B);
    // The window shows the kept history at once.
    expect(h.controller.getHistory().servers.map((server) => server.points.length)).toEqual([1, 1]);
    expect(h.controller.getHistory().events).toEqual([expect.objectContaining({ type: 'best', to: B })]);

    expect(h.controller.copyBest()).toEqual({
      ok: false,
      message: 'Still checking the servers: none is confirmed yet.',
    });
    expect(await h.controller.openBest()).toMatchObject({ ok: false });
    expect(h.clipboard).toEqual([]);
    expect(h.opened).toEqual([]);
    expect(probes.calls(A)).toBe(1);
    expect(probes.calls(B)).toBe(1);

    // The fresh probes disagree with memory: B is gone, A is up. A is the best; B is never handed out.
    probes.set(A, idle());
    probes.set(B, refuses());
    await clock.advance(DEFAULT_SETTINGS.timeoutMs + DEFAULT_SETTINGS.intervalMs * 2);
    expect(h.tray().last).toMatchObject({ checking: false, best: A, rememberedBest: null });
    expect(h.controller.copyBest()).toEqual({ ok: true, url: A });
    expect(h.clipboard).toEqual([A]);
    expect(h.tray().rendered.every((snapshot) => snapshot.best !== B)).toBe(true);
  });

  test('a remembered best that is no longer configured is forgotten', async () => {
    writeSettings([A]);
    previousRun(C, [A, C]);
    const h = await harness(new FakeProbes(clock, { [A]: hangs() }));
    expect(h.tray().rendered[0].rememberedBest).toBeNull();
    expect(h.controller.getHistory().servers.map((server) => server.url)).toEqual([A]);
  });

  test('start minimised or not; launch at login applied; a settings notice becomes a notification', async () => {
    // A schema violation (fall) in a file that also asks for the window at start.
    writeSettings([A], { startMinimised: false, fall: 'three' });
    const h = await harness(new FakeProbes(clock, { [A]: idle() }));
    expect(h.window.shown).toEqual(['status']);
    expect(h.loginItem).toEqual([false]);
    expect(h.notifications).toHaveLength(1);
    expect(h.notifications[0].text.title).toBe('ComfyWatch: check the settings');
    expect(h.notifications[0].text.body).toContain('moved to');
    h.notifications[0].click();
    expect(h.window.shown).toEqual(['status', 'settings']);
  });
});

describe('monitor events', () => {
  test('a failover notifies once ("<old> is down: switched to <new>"); the next within 60 s is quiet', async () => {
    writeSettings([A, B, C]);
    const probes = new FakeProbes(clock, { [A]: idle(), [B]: idle(), [C]: idle() });
    const h = await harness(probes);
    await clock.advance(100);
    expect(h.tray().last.best).toBe(A);

    probes.set(A, refuses());
    await clock.advance(30_000);
    expect(h.tray().last.best).toBe(B);
    expect(h.notifications.map((n) => n.text)).toEqual([
      { title: 'ComfyWatch: failover', body: `${A} is down: switched to ${B}` },
    ]);
    probes.set(B, refuses());
    await clock.advance(25_000);
    expect(h.tray().last.best).toBe(C);
    expect(h.notifications).toHaveLength(1);

    // Every event reaches the window (one per server state change, one per failover).
    const pushed = h.window.sent.filter(([channel]) => channel === 'monitor:event').map(([, event]) => event);
    expect(pushed.filter((event) => (event as { type: string }).type === 'failover')).toEqual([
      expect.objectContaining({ from: A, to: B }),
      expect.objectContaining({ from: B, to: C }),
    ]);
    expect(pushed).toContainEqual(expect.objectContaining({ type: 'state', url: A, to: 'down' }));
    h.notifications[0].click();
    expect(h.window.shown).toEqual(['status']);
  });

  test('all down: one notification, and open/copy are refused with a message', async () => {
    writeSettings([A, B]);
    const h = await harness(new FakeProbes(clock, { [A]: refuses(), [B]: refuses() }));
    await clock.advance(100);
    expect(h.notifications.map((n) => n.text.title)).toEqual(['ComfyWatch: all servers are down']);
    expect(await h.controller.openBest()).toEqual({ ok: false, message: 'No usable server right now.' });
    expect(h.controller.copyBest()).toEqual({ ok: false, message: 'No usable server right now.' });
    expect(h.opened).toEqual([]);
    expect(h.clipboard).toEqual([]);
    // From the tray the refusal is told in a notification.
    h.tray().actions.copyBest();
    expect(h.notifications.at(-1)?.text.body).toBe('No usable server right now.');
  });

  test('snapshots reach the tray and the window', async () => {
    writeSettings([A]);
    const h = await harness(new FakeProbes(clock, { [A]: idle() }));
    await clock.advance(100);
    const pushed = h.window.sent.filter(([channel]) => channel === 'snapshot:changed').at(-1)?.[1];
    expect(pushed).toEqual(h.tray().last);
    expect(h.tray().last).toMatchObject({ best: A, checking: false });
  });
});

describe('actions', () => {
  test('open best: only a configured http(s) server; a server line only when usable', async () => {
    writeSettings([A, B]);
    const probes = new FakeProbes(clock, { [A]: idle(), [B]: refuses() });
    const h = await harness(probes);
    await clock.advance(100);
    expect(await h.controller.openBest()).toEqual({ ok: true, url: A });
    expect(h.opened).toEqual([A]);
    expect(await h.controller.openServer('file:///etc/passwd')).toMatchObject({ ok: false });
    expect(await h.controller.openServer('http://127.0.0.1:9999')).toMatchObject({ ok: false });
    expect(await h.controller.openServer(B)).toEqual({ ok: false, message: `${B} is not usable right now.` });
    expect(h.opened).toEqual([A]);
  });

  test('refresh probes at once; quit asks the app to quit', async () => {
    writeSettings([A]);
    const probes = new FakeProbes(clock, { [A]: idle() });
    const h = await harness(probes);
    await clock.advance(100);
    const before = probes.calls(A);
    h.controller.refresh();
    expect(probes.calls(A)).toBe(before + 1);
    h.tray().actions.quit();
    expect(h.quit).toHaveBeenCalledTimes(1);
  });

  test('a wall clock jump (an unannounced sleep) probes at once; small drifts do not', async () => {
    // A long interval, so no regular probe falls within the test.
    writeSettings([A], { intervalMs: 600_000 });
    const probes = new FakeProbes(clock, { [A]: idle() });
    await harness(probes);
    await clock.advance(100);
    const before = probes.calls(A);
    wallOffset = 5_000;
    await clock.advance(CLOCK_TICK_MS);
    expect(probes.calls(A)).toBe(before);
    wallOffset = 2 * 60 * 60_000;
    await clock.advance(CLOCK_TICK_MS);
    expect(probes.calls(A)).toBe(before + 1);
  });

  test('suspend pauses probing; resume probes at once; a user pause survives sleep', async () => {
    writeSettings([A]);
    const probes = new FakeProbes(clock, { [A]: idle() });
    const h = await harness(probes);
    await clock.advance(100);

    h.controller.suspend();
    const asleep = probes.calls(A);
    await clock.advance(10 * 60_000);
    expect(probes.calls(A)).toBe(asleep);
    h.controller.resumeFromSleep();
    expect(probes.calls(A)).toBe(asleep + 1);

    h.controller.setPaused(true);
    expect(h.tray().last.paused).toBe(true);
    h.controller.suspend();
    h.controller.resumeFromSleep();
    h.controller.refresh();
    const paused = probes.calls(A);
    await clock.advance(10 * 60_000);
    expect(probes.calls(A)).toBe(paused);
    expect(h.tray().last.paused).toBe(true);
    h.tray().actions.setPaused(false);
    expect(probes.calls(A)).toBe(paused + 1);
  });

  describe('a suspend whose resume never comes', () => {
    /** Suspended with no resume after; returns the probe count while asleep. */
    async function asleep(h: Harness): Promise<number> {
      await clock.advance(100);
      h.controller.suspend();
      const calls = h.probes.calls(A);
      await clock.advance(60_000);
      expect(h.probes.calls(A)).toBe(calls);
      expect(h.tray().last.paused).toBe(true);
      return calls;
    }

    test('"Resume monitoring" wakes the monitor and probes', async () => {
      writeSettings([A]);
      const h = await harness(new FakeProbes(clock, { [A]: idle() }));
      const calls = await asleep(h);
      h.tray().actions.setPaused(false);
      expect(h.probes.calls(A)).toBe(calls + 1);
      expect(h.tray().last.paused).toBe(false);
      // Probing goes on at the interval, not just once.
      await clock.advance(DEFAULT_SETTINGS.intervalMs * 2);
      expect(h.probes.calls(A)).toBeGreaterThan(calls + 1);
    });

    test('"Refresh now" wakes the monitor and probes', async () => {
      writeSettings([A]);
      const h = await harness(new FakeProbes(clock, { [A]: idle() }));
      const calls = await asleep(h);
      h.controller.refresh();
      expect(h.probes.calls(A)).toBe(calls + 1);
      expect(h.tray().last.paused).toBe(false);
    });

    test('a clock jump (the wake the OS did not announce) wakes the monitor and probes', async () => {
      writeSettings([A], { intervalMs: 600_000 });
      const h = await harness(new FakeProbes(clock, { [A]: idle() }));
      const calls = await asleep(h);
      wallOffset = 2 * 60 * 60_000;
      await clock.advance(CLOCK_TICK_MS);
      expect(h.probes.calls(A)).toBe(calls + 1);
      expect(h.tray().last.paused).toBe(false);
    });

    test('a user pause still holds: a clock jump and a refresh do not probe', async () => {
      writeSettings([A], { intervalMs: 600_000 });
      const h = await harness(new FakeProbes(clock, { [A]: idle() }));
      const calls = await asleep(h);
      h.controller.setPaused(true);
      wallOffset = 2 * 60 * 60_000;
      await clock.advance(CLOCK_TICK_MS);
      h.controller.refresh();
      expect(h.probes.calls(A)).toBe(calls);
      h.controller.setPaused(false);
      expect(h.probes.calls(A)).toBe(calls + 1);
    });
  });
});

describe('settings and history', () => {
  test('a save reaches the monitor and the login item', async () => {
    writeSettings([A]);
    const probes = new FakeProbes(clock, { [A]: idle(), [B]: idle() });
    const h = await harness(probes);
    await clock.advance(100);
    const { path: _p, notices: _n, secretsAvailable: _s, ...view } = h.controller.getSettings();
    const input: SettingsInput = { ...view, backups: B, launchAtLogin: true };
    const result = await h.controller.saveSettings(input);
    expect(result.ok).toBe(true);
    expect(probes.calls(B)).toBe(1);
    await clock.advance(100);
    expect(h.tray().last.servers.map((server) => server.url)).toEqual([A, B]);
    expect(h.loginItem).toEqual([false, true]);
    const bad = await h.controller.saveSettings({ ...input, backups: 'gopher://x' });
    expect(bad.ok).toBe(false);
    expect(h.tray().last.servers.map((server) => server.url)).toEqual([A, B]);
  });

  test('probes and events are kept, saved at stop, and shown at the next start', async () => {
    writeSettings([A, B]);
    const h = await harness(new FakeProbes(clock, { [A]: idle(), [B]: idle(25) }));
    await clock.advance(DEFAULT_SETTINGS.intervalMs * 3);
    const history = h.controller.getHistory();
    expect(history.servers[0].points.length).toBeGreaterThanOrEqual(3);
    expect(history.servers[1].points[0]).toMatchObject({ ms: 25, state: 'up' });
    expect(history.events).toContainEqual(expect.objectContaining({ type: 'best', to: A }));
    h.controller.stop();
    expect(h.tray().destroyed).toBe(true);

    const next = await harness(new FakeProbes(clock, { [A]: hangs(), [B]: hangs() }));
    expect(next.controller.getHistory()).toEqual(history);
    expect(next.tray().rendered[0]).toMatchObject({ checking: true, rememberedBest: A });
  });

  test('the history is written at most once a minute while running', async () => {
    writeSettings([A]);
    await harness(new FakeProbes(clock, { [A]: idle() }));
    const file = path.join(dir, 'history.json');
    await clock.advance(59_000);
    expect(fs.existsSync(file)).toBe(false);
    await clock.advance(2_000);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ version: 1, best: A });
  });
});
