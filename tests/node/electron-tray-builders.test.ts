// The tray's pure builders: icon per fleet state, the tooltip, the menu template and its actions,
// and the icon files they name.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { trayTooltip, TOOLTIP_MAX } from '../../src/main/tooltip';
import { TRAY_ICON_STATES, trayIconFile, trayIconState } from '../../src/main/tray-icon';
import { buildTrayMenu, serverLine } from '../../src/main/tray-menu';
import type { TrayMenuItem } from '../../src/main/tray-menu';
import { fleetSnapshot, serverReport } from '../helpers/fleet-snapshot';
import { trayActionSpies } from '../helpers/tray-actions';

const A = 'http://127.0.0.1:8188';
const B = 'http://127.0.0.1:8189';
const C = 'https://gpu.example.test';
const resources = path.resolve(import.meta.dirname, '../../resources');

describe('tray icon state', () => {
  test.each([
    ['checking', fleetSnapshot([serverReport(A, 'unknown')], { checking: true, best: null })],
    ['ok', fleetSnapshot([serverReport(A, 'up'), serverReport(B, 'up')])],
    ['some-down', fleetSnapshot([serverReport(A, 'up'), serverReport(B, 'down')])],
    ['some-down', fleetSnapshot([serverReport(A, 'up'), serverReport(B, 'starting')])],
    ['best-busy', fleetSnapshot([serverReport(A, 'busy'), serverReport(B, 'down')])],
    ['best-busy', fleetSnapshot([serverReport(A, 'degraded')])],
    ['all-down', fleetSnapshot([serverReport(A, 'down'), serverReport(B, 'blocked')])],
    ['all-down', fleetSnapshot([serverReport(A, 'up', { stale: true })], { networkDown: true })],
    // Offline at start-up: the first probes never confirm anything, so "checking" would last forever.
    [
      'all-down',
      fleetSnapshot([serverReport(A, 'unknown'), serverReport(B, 'unknown')], {
        checking: true,
        networkDown: true,
        best: null,
      }),
    ],
    ['paused', fleetSnapshot([serverReport(A, 'down')], { paused: true })],
    ['paused', fleetSnapshot([serverReport(A, 'unknown')], { paused: true, checking: true, best: null })],
  ])('%s', (expected, snapshot) => {
    expect(trayIconState(snapshot)).toBe(expected);
  });

  test('the best, not the first healthy server, decides busy', () => {
    const snapshot = fleetSnapshot([serverReport(A, 'busy'), serverReport(B, 'up')], { best: B });
    expect(trayIconState(snapshot)).toBe('ok');
  });
});

describe('tray icon files', () => {
  test('per platform: macOS templates, Windows 16 px, Linux 32 px, light and dark panels', () => {
    expect(trayIconFile('ok', 'darwin', 'dark')).toBe('tray/okTemplate.png');
    expect(trayIconFile('all-down', 'win32', 'dark')).toBe('tray/all-down-dark.png');
    expect(trayIconFile('all-down', 'win32', 'light')).toBe('tray/all-down-light.png');
    expect(trayIconFile('paused', 'linux', 'light')).toBe('tray/paused-light-32.png');
  });

  /** Width and height from a PNG's IHDR. */
  const pngSize = (file: string) => {
    const data = fs.readFileSync(file);
    expect(data.subarray(1, 4).toString('ascii')).toBe('PNG');
    return [data.readUInt32BE(16), data.readUInt32BE(20)];
  };

  test('every icon a state can name exists, with its @2x sibling at twice the size', () => {
    const expectedSize = { darwin: 16, win32: 16, linux: 32 } as const;
    for (const state of TRAY_ICON_STATES) {
      for (const platform of ['darwin', 'win32', 'linux'] as const) {
        for (const panel of ['light', 'dark'] as const) {
          const file = path.join(resources, trayIconFile(state, platform, panel));
          const size = expectedSize[platform];
          expect(pngSize(file), file).toEqual([size, size]);
          expect(pngSize(file.replace(/\.png$/, '@2x.png')), file).toEqual([size * 2, size * 2]);
        }
      }
    }
  });

  test('the installer icons: a 512 px PNG and an ICO holding 16 to 256 px PNGs', () => {
    expect(pngSize(path.join(resources, 'icon.png'))).toEqual([512, 512]);
    const ico = fs.readFileSync(path.join(resources, 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, i) => ico[6 + 16 * i] || 256);
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
    for (let i = 0; i < count; i++) {
      const offset = ico.readUInt32LE(6 + 16 * i + 12);
      expect(ico.subarray(offset + 1, offset + 4).toString('ascii')).toBe('PNG');
    }
  });
});

describe('tooltip', () => {
  test('the best URL and counts', () => {
    const snapshot = fleetSnapshot(
      [serverReport(A, 'down'), serverReport(B, 'up'), serverReport(C, 'busy')],
      {
        best: B,
      },
    );
    expect(trayTooltip(snapshot)).toBe(`ComfyWatch: best: ${B}\n2 of 3 usable, 1 busy, 1 down`);
  });

  test('while checking: the remembered best, marked unconfirmed', () => {
    const snapshot = fleetSnapshot([serverReport(A, 'unknown'), serverReport(B, 'unknown')], {
      checking: true,
      best: null,
      rememberedBest: B,
    });
    expect(trayTooltip(snapshot)).toBe(`ComfyWatch: checking 2 servers…\nLast best: ${B} (unconfirmed)`);
  });

  test('nothing usable, paused, offline', () => {
    expect(trayTooltip(fleetSnapshot([serverReport(A, 'down')]))).toBe(
      'ComfyWatch: no usable server\n0 of 1 usable, 1 down',
    );
    expect(trayTooltip(fleetSnapshot([serverReport(A, 'up')], { paused: true }))).toMatch(
      /^ComfyWatch \(paused\): best: /,
    );
    expect(
      trayTooltip(fleetSnapshot([serverReport(A, 'up', { stale: true })], { networkDown: true })),
    ).toMatch(/^ComfyWatch: this computer is offline\n/);
  });

  test('offline at start-up: offline, not "checking", with the remembered best', () => {
    const snapshot = fleetSnapshot([serverReport(A, 'unknown'), serverReport(B, 'unknown')], {
      checking: true,
      networkDown: true,
      best: null,
      rememberedBest: B,
    });
    expect(trayTooltip(snapshot)).toBe(`ComfyWatch: this computer is offline\nLast best: ${B} (unconfirmed)`);
  });

  test('never longer than Windows allows', () => {
    const long = `http://${'a'.repeat(150)}.example.test`;
    const text = trayTooltip(fleetSnapshot([serverReport(long, 'up')]));
    expect(text.length).toBe(TOOLTIP_MAX);
    expect(text.endsWith('…')).toBe(true);
  });
});

const labels = (items: TrayMenuItem[]) =>
  items.map((item) => (item.type === 'separator' ? '---' : item.label));
const byId = (items: TrayMenuItem[], id: string) => {
  const item = items.find((entry) => entry.id === id);
  if (!item) throw new Error(`no item ${id}`);
  return item;
};

describe('tray menu', () => {
  const snapshot = fleetSnapshot(
    [
      serverReport(A, 'busy', { queue: { running: 1, pending: 3, total: 4 }, responseTimeMs: 2480.4 }),
      serverReport(B, 'up', { responseTimeMs: 15 }),
      serverReport(C, 'down', { errorKind: 'timeout' }),
    ],
    { best: B },
  );

  test('one line per server (mark, URL, queue, response time, role), then every action', () => {
    expect(labels(buildTrayMenu(snapshot, trayActionSpies()))).toEqual([
      `◐ ${A} · 1 running, 3 pending · 2480 ms · primary`,
      `● ${B} · 0 running, 0 pending · 15 ms · backup, best`,
      `✕ ${C} · down (timeout) · backup`,
      '---',
      'Open best server',
      'Copy best URL',
      '---',
      'Refresh now',
      'Pause monitoring',
      '---',
      'Status window…',
      'Settings…',
      '---',
      'Quit',
    ]);
  });

  test('clicking each item calls its action', () => {
    const actions = trayActionSpies();
    const items = buildTrayMenu(snapshot, actions);
    const click = (id: string) => byId(items, id).click?.();
    click('open-best');
    expect(actions.openBest).toHaveBeenCalledTimes(1);
    click('copy-best');
    expect(actions.copyBest).toHaveBeenCalledTimes(1);
    click('refresh');
    expect(actions.refresh).toHaveBeenCalledTimes(1);
    click('pause');
    expect(actions.setPaused).toHaveBeenCalledWith(true);
    click('status-window');
    expect(actions.showStatus).toHaveBeenCalledTimes(1);
    click('settings');
    expect(actions.showSettings).toHaveBeenCalledTimes(1);
    click('quit');
    expect(actions.quit).toHaveBeenCalledTimes(1);
    click(`server:${B}`);
    expect(actions.openServer).toHaveBeenCalledWith(B);
  });

  test('enabled states: usable servers can be opened, down ones cannot', () => {
    const items = buildTrayMenu(snapshot, trayActionSpies());
    expect(byId(items, `server:${A}`).enabled).toBe(true);
    expect(byId(items, `server:${C}`).enabled).toBe(false);
    expect(byId(items, 'open-best').enabled).toBe(true);
    expect(byId(items, 'refresh').enabled).toBe(true);
  });

  test('paused: Resume instead of Pause, no refresh', () => {
    const actions = trayActionSpies();
    const items = buildTrayMenu({ ...snapshot, paused: true }, actions);
    expect(byId(items, 'pause').label).toBe('Resume monitoring');
    byId(items, 'pause').click?.();
    expect(actions.setPaused).toHaveBeenCalledWith(false);
    expect(byId(items, 'refresh').enabled).toBe(false);
  });

  test('checking: nothing to open or copy; the remembered best shown as unconfirmed', () => {
    const checking = fleetSnapshot([serverReport(A, 'unknown'), serverReport(B, 'unknown')], {
      checking: true,
      best: null,
      rememberedBest: B,
    });
    const items = buildTrayMenu(checking, trayActionSpies());
    expect(labels(items).slice(0, 4)).toEqual([
      'Checking servers…',
      `Last best: ${B} (unconfirmed)`,
      `○ ${A} · primary`,
      `○ ${B} · backup`,
    ]);
    expect(byId(items, 'open-best').enabled).toBe(false);
    expect(byId(items, 'copy-best').enabled).toBe(false);
    expect(byId(items, `server:${B}`).enabled).toBe(false);
  });

  test('nothing usable or offline: a status line says so', () => {
    const down = buildTrayMenu(fleetSnapshot([serverReport(A, 'down')]), trayActionSpies());
    expect(labels(down)[0]).toBe('No usable server');
    expect(byId(down, 'open-best').enabled).toBe(false);
    const offline = buildTrayMenu(
      fleetSnapshot([serverReport(A, 'up', { stale: true })], { networkDown: true }),
      trayActionSpies(),
    );
    expect(labels(offline).slice(0, 2)).toEqual([
      'This computer is offline: last known states',
      `● ${A} · 0 running, 0 pending · 12 ms · primary, best (last known)`,
    ]);
  });

  test('offline at start-up: the status line says offline, not "Checking servers…"', () => {
    const offline = fleetSnapshot([serverReport(A, 'unknown'), serverReport(B, 'unknown')], {
      checking: true,
      networkDown: true,
      best: null,
      rememberedBest: B,
    });
    const items = buildTrayMenu(offline, trayActionSpies());
    expect(labels(items).slice(0, 3)).toEqual([
      'This computer is offline: no server confirmed yet',
      `Last best: ${B} (unconfirmed)`,
      `○ ${A} · primary`,
    ]);
    expect(byId(items, 'open-best').enabled).toBe(false);
  });

  test('a queue known only by its total (from /prompt)', () => {
    const line = serverLine(
      serverReport(A, 'up', { queue: { running: null, pending: null, total: 5 } }),
      null,
    );
    expect(line).toBe(`● ${A} · queue 5 · 12 ms · backup`);
  });
});
