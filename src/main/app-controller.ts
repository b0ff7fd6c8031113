// Wires the monitor to the tray, notifications, the window and the IPC handlers. Everything
// Electron is injected, so the wiring is tested with fakes. The controller is the one place
// that decides what the user sees: snapshots (with the remembered best while checking),
// notifications, and the answers to "open / copy the best server".
import type {
  ActionResult,
  HistoryView,
  IpcPushMap,
  PushChannel,
  SaveSettingsResult,
  SettingsInput,
  SettingsView,
  WindowView,
} from '../shared/ipc';
import type { Settings } from '../shared/settings';
import type { FleetSnapshot, MonitorEvent } from '../shared/types';
import { watchClockJumps } from './clock-jumps';
import { allowedServerUrl } from './external-url';
import type { HistoryFile } from './history-file';
import { History, monitorSettingsOf } from './monitor';
import type { Clock, MonitorEventMap, MonitorSettings, ProbeResult, TimerHandle } from './monitor';
import { NotificationPolicy } from './notifications';
import type { NotificationText } from './notifications';
import type { SecretBox } from './secrets';
import type { SettingsStore } from './settings-store';
import { probeTargetsOf } from './targets';
import type { TrayActions } from './tray-menu';

/** How often the history is written while running (and always at quit). */
export const HISTORY_SAVE_MS = 60_000;

/** What the controller uses of the Monitor (tests can script it). */
export interface MonitorPort {
  start(): void;
  stop(): void;
  refreshNow(): void;
  pause(): void;
  resume(): void;
  update(settings: Partial<MonitorSettings>): void;
  snapshot(): FleetSnapshot;
  on<K extends keyof MonitorEventMap>(event: K, listener: (...args: MonitorEventMap[K]) => void): unknown;
}

export interface TrayPort {
  render(snapshot: FleetSnapshot): void;
  destroy(): void;
}

export interface WindowPort {
  show(view: WindowView): void;
  send<C extends PushChannel>(channel: C, payload: IpcPushMap[C]): void;
}

export interface AppControllerDeps {
  settings: Pick<SettingsStore, 'get' | 'view' | 'save' | 'notices'>;
  secrets: SecretBox;
  createMonitor(settings: MonitorSettings): MonitorPort;
  createTray(actions: TrayActions): TrayPort;
  window: WindowPort;
  historyFile: Pick<HistoryFile, 'load' | 'save'>;
  notify(text: NotificationText, onClick: () => void): void;
  writeClipboard(text: string): void;
  openExternal(url: string): Promise<void>;
  applyLaunchAtLogin(enabled: boolean): Promise<void>;
  quit(): void;
  clock: Clock;
  /** Wall time, to notice clock jumps; the clock's own time by default. */
  wallNow?: () => number;
  log(message: string): void;
}

export class AppController {
  readonly #deps: AppControllerDeps;
  readonly #policy: NotificationPolicy;
  #settings: Settings;
  #monitor: MonitorPort | null = null;
  #tray: TrayPort | null = null;
  #history: History;
  #published: FleetSnapshot | null = null;
  /** The previous run's best: shown as unconfirmed while checking, never handed out. */
  #rememberedBest: string | null = null;
  /** The newest confirmed best, persisted for the next run. */
  #lastBest: string | null = null;
  #userPaused = false;
  #suspended = false;
  #saveTimer: TimerHandle | null = null;
  #stopWatchingClock: (() => void) | null = null;

  constructor(deps: AppControllerDeps) {
    this.#deps = deps;
    this.#policy = new NotificationPolicy(() => deps.clock.now());
    this.#settings = deps.settings.get();
    this.#history = new History({ now: () => deps.clock.now() });
  }

  async start(): Promise<void> {
    const deps = this.#deps;
    const { targets, problems } = await probeTargetsOf(this.#settings, deps.secrets);
    const urls = this.#urls();
    const persisted = deps.historyFile.load();
    this.#history = History.fromJSON(persisted.history, { now: () => deps.clock.now() });
    this.#history.retain(urls);
    this.#rememberedBest = persisted.best !== null && urls.includes(persisted.best) ? persisted.best : null;
    this.#lastBest = this.#rememberedBest;

    const monitor = deps.createMonitor(monitorSettingsOf(this.#settings, targets));
    monitor.on('snapshot', (snapshot) => this.#onSnapshot(snapshot));
    monitor.on('event', (event) => this.#onEvent(event));
    monitor.on('probe', (result) => this.#onProbe(result));
    this.#monitor = monitor;
    this.#tray = deps.createTray(this.trayActions());
    this.#onSnapshot(monitor.snapshot());
    monitor.start();
    this.#stopWatchingClock = watchClockJumps({
      clock: deps.clock,
      wallNow: deps.wallNow,
      onJump: (offset) => {
        deps.log(`the clock jumped by ${Math.round(offset / 1000)} s: probing again`);
        // Also the wake from a sleep whose resume was never announced.
        this.refresh();
      },
    });

    await this.#applyLaunchAtLogin(this.#settings.launchAtLogin);
    if (!this.#settings.startMinimised) deps.window.show('status');
    const notices = [...deps.settings.notices, ...problems];
    if (notices.length > 0) {
      deps.notify({ title: 'ComfyWatch: check the settings', body: notices.join('\n') }, () =>
        deps.window.show('settings'),
      );
    }
  }

  /** Stops probing and writes the history; the app quits after this. */
  stop(): void {
    this.#monitor?.stop();
    this.#stopWatchingClock?.();
    this.#stopWatchingClock = null;
    if (this.#saveTimer !== null) this.#deps.clock.clearTimeout(this.#saveTimer);
    this.#saveTimer = null;
    this.#saveHistory();
    this.#tray?.destroy();
    this.#tray = null;
  }

  // ---- what the window reads

  getSnapshot(): FleetSnapshot {
    return this.#published ?? this.#requireMonitor().snapshot();
  }

  getHistory(): HistoryView {
    return this.#history.view(this.#urls());
  }

  getSettings(): SettingsView {
    return this.#deps.settings.view();
  }

  async saveSettings(input: SettingsInput): Promise<SaveSettingsResult> {
    const result = await this.#deps.settings.save(input);
    if (!result.ok) return result;
    const previous = this.#settings;
    this.#settings = this.#deps.settings.get();
    const { targets, problems } = await probeTargetsOf(this.#settings, this.#deps.secrets);
    this.#history.retain(this.#urls());
    this.#requireMonitor().update(monitorSettingsOf(this.#settings, targets));
    if (previous.launchAtLogin !== this.#settings.launchAtLogin) {
      await this.#applyLaunchAtLogin(this.#settings.launchAtLogin);
    }
    return problems.length > 0 ? { ...result, notices: [...result.notices, ...problems] } : result;
  }

  // ---- actions (window buttons, tray menu)

  /** The best server, only when a fresh probe confirmed it and it is a configured http(s) URL. */
  #bestServer(): ActionResult {
    const snapshot = this.#requireMonitor().snapshot();
    if (snapshot.checking)
      return { ok: false, message: 'Still checking the servers: none is confirmed yet.' };
    if (snapshot.networkDown)
      return { ok: false, message: 'This computer seems offline: no server can be confirmed.' };
    if (snapshot.best === null) return { ok: false, message: 'No usable server right now.' };
    const url = allowedServerUrl(snapshot.best, this.#urls());
    if (url === null)
      return { ok: false, message: `Refused: ${snapshot.best} is not a configured http(s) server.` };
    return { ok: true, url };
  }

  async openBest(): Promise<ActionResult> {
    const best = this.#bestServer();
    if (best.ok) await this.#deps.openExternal(best.url);
    return best;
  }

  copyBest(): ActionResult {
    const best = this.#bestServer();
    if (best.ok) this.#deps.writeClipboard(best.url);
    return best;
  }

  /** A server line of the tray menu: only a configured server that is usable now. */
  async openServer(url: string): Promise<ActionResult> {
    const server = this.#requireMonitor()
      .snapshot()
      .servers.find((candidate) => candidate.url === url);
    const allowed = allowedServerUrl(url, this.#urls());
    if (allowed === null || !server)
      return { ok: false, message: `Refused: ${url} is not a configured server.` };
    if (!server.healthy) return { ok: false, message: `${url} is not usable right now.` };
    await this.#deps.openExternal(allowed);
    return { ok: true, url: allowed };
  }

  /**
   * Probes now (unless the user paused). While suspended it is the wake: the OS may never say
   * `resume`, and whoever asks for a refresh (the user, a clock jump) is awake.
   */
  refresh(): void {
    if (this.#suspended) this.resumeFromSleep();
    else if (!this.#userPaused) this.#requireMonitor().refreshNow();
  }

  /** The user's pause; resuming also ends a sleep whose resume never came. */
  setPaused(paused: boolean): void {
    this.#userPaused = paused;
    if (paused) {
      this.#requireMonitor().pause();
    } else {
      this.#suspended = false;
      this.#requireMonitor().resume();
    }
  }

  /** The system goes to sleep: no probes (they would all fail and fail over for nothing). */
  suspend(): void {
    this.#suspended = true;
    this.#requireMonitor().pause();
  }

  /** Back from sleep: probe at once (unless the user paused). */
  resumeFromSleep(): void {
    this.#suspended = false;
    if (!this.#userPaused) this.#requireMonitor().resume();
  }

  showWindow(view: WindowView = 'status'): void {
    this.#deps.window.show(view);
  }

  /** The tray's menu actions; a refused action is told in a notification (the tray has no other voice). */
  trayActions(): TrayActions {
    const tell = (result: ActionResult) => {
      if (!result.ok)
        this.#deps.notify({ title: 'ComfyWatch', body: result.message }, () => this.showWindow());
    };
    const report = (action: Promise<ActionResult>) =>
      void action.then(tell, (error: unknown) => tell({ ok: false, message: String(error) }));
    return {
      openBest: () => report(this.openBest()),
      copyBest: () => tell(this.copyBest()),
      openServer: (url) => report(this.openServer(url)),
      refresh: () => this.refresh(),
      setPaused: (paused) => this.setPaused(paused),
      showStatus: () => this.showWindow('status'),
      showSettings: () => this.showWindow('settings'),
      quit: () => this.#deps.quit(),
    };
  }

  // ---- monitor output

  #onSnapshot(snapshot: FleetSnapshot): void {
    if (!snapshot.checking) {
      this.#rememberedBest = null;
      if (snapshot.best !== null && snapshot.best !== this.#lastBest) {
        this.#lastBest = snapshot.best;
        this.#scheduleSave();
      }
    }
    const published: FleetSnapshot = {
      ...snapshot,
      rememberedBest: snapshot.checking ? this.#rememberedBest : null,
    };
    this.#published = published;
    this.#tray?.render(published);
    this.#deps.window.send('snapshot:changed', published);
  }

  #onEvent(event: MonitorEvent): void {
    this.#history.recordEvent(event);
    this.#scheduleSave();
    this.#deps.window.send('monitor:event', event);
    const text = this.#policy.decide(event, this.#settings.notify);
    if (text) this.#deps.notify(text, () => this.showWindow('status'));
  }

  #onProbe(result: ProbeResult): void {
    // The monitor emits after applying the result: its snapshot holds the state this probe gave.
    const server = this.#requireMonitor()
      .snapshot()
      .servers.find((candidate) => candidate.url === result.url);
    if (!server) return;
    this.#history.recordProbe(result, server.state);
    this.#scheduleSave();
  }

  // ---- helpers

  #urls(): string[] {
    return this.#settings.servers.map((server) => server.url);
  }

  #requireMonitor(): MonitorPort {
    if (!this.#monitor) throw new Error('the app controller has not started');
    return this.#monitor;
  }

  async #applyLaunchAtLogin(enabled: boolean): Promise<void> {
    try {
      await this.#deps.applyLaunchAtLogin(enabled);
    } catch (error) {
      this.#deps.log(`launch at login could not be ${enabled ? 'enabled' : 'disabled'}: ${String(error)}`);
    }
  }

  #scheduleSave(): void {
    if (this.#saveTimer !== null) return;
    this.#saveTimer = this.#deps.clock.setTimeout(() => {
      this.#saveTimer = null;
      this.#saveHistory();
    }, HISTORY_SAVE_MS);
  }

  #saveHistory(): void {
    try {
      this.#deps.historyFile.save(this.#lastBest, this.#history.toJSON(), new Date(this.#deps.clock.now()));
    } catch (error) {
      this.#deps.log(`the history could not be saved: ${String(error)}`);
    }
  }
}
