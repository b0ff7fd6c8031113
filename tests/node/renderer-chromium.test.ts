// The built status window in real Chromium, fed by the real main-process controller and monitor
// probing a simulated fleet. The preload is played by an exposed binding (invoke, through the
// main process's argument checks) and page.evaluate (pushes), so the window sees exactly what
// the IPC contract carries. Screenshots go to test-output/screenshots.
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { AppController } from '../../src/main/app-controller';
import type { WindowPort } from '../../src/main/app-controller';
import { ARGUMENT_CHECKS, controllerHandlers } from '../../src/main/ipc-handlers';
import { createProber, Monitor, realClock } from '../../src/main/monitor';
import type { Prober } from '../../src/main/monitor';
import { SecretBox } from '../../src/main/secrets';
import { settingsFromInput, settingsView } from '../../src/main/settings-form';
import type { ComfyWatchApi, InvokeChannel, IpcPushMap, PushChannel } from '../../src/shared/ipc';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import type { Settings } from '../../src/shared/settings';
import { parseBehaviour, startSimFleet } from '../../src/sim';
import type { SimFleet } from '../../src/sim';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const rendererDir = path.join(repoRoot, 'out/renderer');
const screenshotDir = path.join(repoRoot, 'test-output/screenshots');
const WAIT = { timeout: 20_000 };
const VIEWPORT = { width: 960, height: 720 };
/** The sparkline's probes (SPARKLINE_POINTS: the renderer's JSX is outside this project). */
const SPARKLINE_PROBES = 60;

/** This run has no safeStorage: secrets are refused, as on a machine without a keyring. */
const noSecrets = (): Promise<never> => Promise.reject(new Error('no encryption in this test'));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** Chromium refuses the built module script over file://: serve the build on loopback. */
async function serveDirectory(root: string) {
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = path.resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
    if (!file.startsWith(root + path.sep)) {
      response.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => {
        response.writeHead(200, {
          'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
        });
        response.end(body);
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Runs in the page before its scripts, in place of the preload: the same API on
 * `window.comfywatch`, calls going to the exposed binding, pushes arriving through
 * `__comfywatchPush`. Serialised by Playwright, so it must not use anything from this module.
 */
function installPreload(): void {
  type Listener = (payload: never) => void;
  const page = globalThis as unknown as {
    comfywatch: ComfyWatchApi;
    __comfywatchInvoke(channel: string, args: unknown[]): Promise<never>;
    __comfywatchPush(channel: string, payload: unknown): void;
  };
  const listeners = new Map<string, Set<Listener>>();
  const on =
    <C extends PushChannel>(channel: C) =>
    (listener: (payload: IpcPushMap[C]) => void): (() => void) => {
      const set = listeners.get(channel) ?? new Set<Listener>();
      listeners.set(channel, set);
      set.add(listener);
      return () => void set.delete(listener);
    };
  const invoke =
    (channel: string) =>
    (...args: unknown[]) =>
      page.__comfywatchInvoke(channel, args);
  page.__comfywatchPush = (channel, payload) =>
    listeners.get(channel)?.forEach((listener) => (listener as (value: unknown) => void)(payload));
  page.comfywatch = {
    getSnapshot: invoke('snapshot:get'),
    getHistory: invoke('history:get'),
    getSettings: invoke('settings:get'),
    saveSettings: invoke('settings:save'),
    openBest: invoke('best:open'),
    copyBest: invoke('best:copy'),
    refresh: invoke('monitor:refresh'),
    setPaused: invoke('monitor:set-paused'),
    onSnapshot: on('snapshot:changed'),
    onEvent: on('monitor:event'),
    onShowView: on('window:show-view'),
  };
}

describe('status window in Chromium', () => {
  let browser: Browser | undefined;
  let fleet: SimFleet | undefined;
  let prober: Prober | undefined;
  let controller: AppController | undefined;
  let site: Awaited<ReturnType<typeof serveDirectory>> | undefined;

  afterAll(async () => {
    controller?.stop();
    await prober?.close();
    await fleet?.close();
    await browser?.close();
    await site?.close();
  });

  it('shows live data, a down server and a failover, in light and dark', async () => {
    // A missing browser or build fails here, in the test, with what to do about it.
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is missing at ${CHROMIUM}: install it with "apt-get install chromium" (.ci/run does)`,
      );
    }
    if (!existsSync(path.join(rendererDir, 'index.html'))) {
      throw new Error(
        `No built renderer in ${rendererDir}: run "npx electron-vite build" (npm test does it first)`,
      );
    }
    const chrome = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    browser = chrome;
    const served = await serveDirectory(rendererDir);
    site = served;
    // An idle primary (the best), a busy backup, a refusing one and a sleeping workspace.
    fleet = await startSimFleet(['idle', 'busy:3', 'refuse', 'sleeping'].map(parseBehaviour));
    const [primary, busy, refusing, sleeping] = fleet.servers;
    let settings: Settings = {
      ...DEFAULT_SETTINGS,
      servers: fleet.servers.map((server) => ({ url: server.url, headers: {}, trustSelfSigned: false })),
      intervalMs: 500,
      timeoutMs: 1000,
      fall: 2,
      rise: 1,
      recheckMs: 150,
      downMaxMs: 1000,
    };
    prober = createProber();
    const probe = prober.probe;
    const context = {
      path: '/home/user/.config/ComfyWatch/config.json',
      notices: [],
      secretsAvailable: false,
    };
    const clipboard: string[] = [];
    const push: { to: WindowPort['send'] } = { to: () => undefined };
    // The real main-process controller; only what needs Electron is replaced.
    controller = new AppController({
      settings: {
        get: () => settings,
        view: () => settingsView(settings, context),
        save: async (input) => {
          const result = await settingsFromInput(input, settings, { available: false, seal: noSecrets });
          if (!result.ok) return result;
          settings = result.settings;
          return { ok: true, settings: settingsView(settings, context), notices: result.notices };
        },
        notices: [],
      },
      secrets: new SecretBox({
        isAsyncEncryptionAvailable: async () => false,
        encryptStringAsync: noSecrets,
        decryptStringAsync: noSecrets,
        getSelectedStorageBackend: () => 'unknown',
      }),
      createMonitor: (monitorSettings) =>
        new Monitor({ ...monitorSettings, probe, checkConnectivity: async () => true }),
      createTray: () => ({ render: () => undefined, destroy: () => undefined }),
      window: { show: () => undefined, send: (channel, payload) => push.to(channel, payload) },
      historyFile: { load: () => ({ best: null, history: null }), save: () => undefined },
      notify: () => undefined,
      writeClipboard: (text) => void clipboard.push(text),
      openExternal: async () => undefined,
      applyLaunchAtLogin: async () => undefined,
      quit: () => undefined,
      clock: realClock,
      log: () => undefined,
    });
    const handlers = controllerHandlers(controller);

    const problems: string[] = [];
    // Every open window gets the pushes, as the main process sends them to its one window.
    const windows = new Set<Page>();
    push.to = (channel, payload) => {
      for (const open of windows) {
        void open
          .evaluate(
            ([name, value]) =>
              (globalThis as unknown as { __comfywatchPush(c: string, p: unknown): void }).__comfywatchPush(
                name,
                value,
              ),
            [channel, payload] as const,
          )
          .catch(() => undefined);
      }
    };
    const openWindow = async (): Promise<Page> => {
      const opened = await chrome.newPage({ viewport: VIEWPORT });
      opened.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
      });
      opened.on('pageerror', (error) => problems.push(error.message));
      await opened.exposeBinding('__comfywatchInvoke', (_source, channel: InvokeChannel, args: unknown[]) => {
        // The main process's own argument checks: the window must send the contract's shapes.
        const problem = ARGUMENT_CHECKS[channel](args);
        if (problem) throw new Error(`${channel}: ${problem}`);
        const handler = handlers[channel] as (...values: unknown[]) => unknown;
        return handler(...args);
      });
      await opened.addInitScript(installPreload);
      windows.add(opened);
      opened.on('close', () => windows.delete(opened));
      await opened.goto(served.url);
      return opened;
    };

    const page = await openWindow();
    await controller.start();

    const card = (url: string) => page.locator(`li[data-url="${url}"]`);
    // The first rounds: the idle primary is the best; the sleeping workspace is down, with why.
    await card(primary.url).locator('.best-badge').waitFor(WAIT);
    await card(sleeping.url).locator('.state-badge', { hasText: 'Down' }).waitFor(WAIT);
    await card(refusing.url).locator('.server-error', { hasText: 'refused' }).waitFor(WAIT);
    expect(await card(sleeping.url).locator('.error-kind').textContent()).toBe('not-comfyui');
    expect(await card(busy.url).locator('dd', { hasText: 'running' }).textContent()).toMatch(
      /pending · 3 total$/,
    );

    // The best server stops: the backup takes over and the log says so.
    await primary.setBehaviour(parseBehaviour('refuse'));
    const failover = page.locator('.event-failover', { hasText: `Switched to ${busy.url}` });
    await failover.waitFor(WAIT);
    expect(await failover.textContent()).toContain(`${primary.url} is down`);
    await card(busy.url).locator('.best-badge').waitFor(WAIT);
    await card(primary.url).locator('.server-error', { hasText: 'refused' }).waitFor(WAIT);
    await page.getByText(`Best: ${busy.url}`).waitFor(WAIT);
    expect(await card(primary.url).locator('.state-badge').textContent()).toBe('Down');
    // The sparkline grew from live probes, failures marked.
    await card(primary.url)
      .locator('.sparkline-fail')
      .first()
      .waitFor({ state: 'attached', ...WAIT });

    await page.getByRole('button', { name: 'Copy best URL' }).click();
    await page.getByText(`Copied ${busy.url}`).waitFor(WAIT);
    expect(clipboard).toEqual([busy.url]);

    await mkdir(screenshotDir, { recursive: true });
    const screenshots = async (name: string) => {
      // A window as tall as the page, so the sticky header and save bar sit where they belong.
      const height = Number(await page.evaluate('document.documentElement.scrollHeight'));
      await page.setViewportSize({ width: VIEWPORT.width, height: Math.max(VIEWPORT.height, height) });
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.screenshot({ path: path.join(screenshotDir, `${name}-${scheme}.png`) });
      }
      await page.setViewportSize(VIEWPORT);
    };
    await screenshots('status');

    await page.getByRole('tab', { name: 'Settings' }).click();
    const interval = page.getByLabel('Check every (s)');
    expect(await interval.inputValue()).toBe('0.5');
    expect(await page.getByLabel('Primary server').inputValue()).toBe(primary.url);
    await screenshots('settings');

    // What the form sends is what the main process's own check accepts.
    await interval.fill('1');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor(WAIT);
    expect(settings.intervalMs).toBe(1000);
    expect(settings.servers.map((server) => server.url)).toEqual(fleet.servers.map((server) => server.url));

    // A window opened later loads the kept history; the snapshots that follow repeat probes it
    // holds, and it must add each probe once: paused, it shows what the main process kept.
    const reopened = await openWindow();
    const shownProbes = async (url: string) => {
      const caption = await reopened.locator(`li[data-url="${url}"] figcaption`).textContent();
      return Number(/last (\d+) probe/.exec(caption ?? '')?.[1] ?? 0);
    };
    await expect.poll(() => shownProbes(busy.url), WAIT).toBeGreaterThan(0);
    // Then a probe after the load: its snapshot repeats every other server's latest probe.
    const loaded = await shownProbes(busy.url);
    await expect.poll(() => shownProbes(busy.url), WAIT).toBeGreaterThan(loaded);
    await reopened.getByRole('button', { name: 'Pause' }).click();
    await reopened.getByRole('button', { name: 'Resume' }).waitFor(WAIT);
    // The main process ignores a refresh while paused: the window offers none.
    const refresh = reopened.getByRole('button', { name: 'Refresh now' });
    expect(await refresh.isDisabled()).toBe(true);
    expect(await refresh.getAttribute('title')).toBe(
      'Monitoring is paused: resume it first to check the servers',
    );
    const kept = () =>
      controller?.getHistory().servers.map((server) => Math.min(server.points.length, SPARKLINE_PROBES)) ??
      [];
    const shown = () => Promise.all(fleet?.servers.map((server) => shownProbes(server.url)) ?? []);
    // A probe in flight at the pause may still land: let both sides settle, then compare.
    await expect
      .poll(async () => (await shown()).join() === kept().join(), WAIT)
      .toBe(true)
      .catch(() => undefined);
    expect(await shown()).toEqual(kept());

    expect(problems).toEqual([]);
    await reopened.close();
    await page.close();
  }, 60_000);
});
