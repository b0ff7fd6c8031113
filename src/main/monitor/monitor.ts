// The watch loop: schedules each server's probes on a Clock, applies the health rules, ranks,
// keeps the best sticky, and publishes events and snapshots (tray, window, `watch`).
//
// A "round" (for stickiness and the network-down rule) is a full pass: it ends when every
// configured server has been probed at least once since the previous round ended, servers backing
// off while down or blocked excepted. Re-ranking after each single probe is not a round.
import { EventEmitter } from 'node:events';
import type { MonitorSettingKey, Settings } from '../../shared/settings';
import { CONNECTION_ERROR_KINDS } from '../../shared/types';
import type { FleetSnapshot, MonitorEvent, SystemInfo } from '../../shared/types';
import { BestTracker, REBALANCE_ROUNDS } from './best-tracker';
import type { TrackerReasons, UnstampedEvent } from './best-tracker';
import { realClock } from './clock';
import { applyProbe, INITIAL_HEALTH, nextDelay } from './health';
import type { ServerHealth } from './health';
import { rankServers } from './ranking';
import {
  allDownReason,
  bestReason,
  rankCandidate,
  rebalanceReason,
  serverReport,
  stateReason,
} from './report';
import { probeSafely } from './safe-probe';
import type { Clock, ProbeFn, ProbeResult, ProbeTarget, TimerHandle } from './types';

export interface MonitorOptions extends Pick<Settings, MonitorSettingKey> {
  /** In configured order: the first is the primary. */
  targets: ProbeTarget[];
  probe: ProbeFn;
  clock?: Clock;
  /** In [0, 1); used for jitter. */
  random?: () => number;
  /** Whether this machine is online; asked when every server failed to connect. */
  checkConnectivity?: () => Promise<boolean>;
}

export type MonitorSettings = Omit<MonitorOptions, 'probe' | 'clock' | 'random' | 'checkConnectivity'>;

/** The monitor's part of the settings file, for these targets. */
export function monitorSettingsOf(settings: Settings, targets: ProbeTarget[]): MonitorSettings {
  const { intervalMs, timeoutMs, fall, rise, recheckMs, downMaxMs, slowMs, policy } = settings;
  return { targets, intervalMs, timeoutMs, fall, rise, recheckMs, downMaxMs, slowMs, policy };
}

export type MonitorEventMap = {
  /** Emitted after the result is applied, so snapshot() inside a listener reflects it. */
  probe: [ProbeResult];
  event: [MonitorEvent];
  snapshot: [FleetSnapshot];
};

interface Entry {
  target: ProbeTarget;
  health: ServerHealth;
  /** The newest result, applied or not (results are not applied while the network is down). */
  lastResult: ProbeResult | null;
  /** A result not yet applied: at start-up, a failure waiting for the other first answers. */
  held: ProbeResult | null;
  checkedAt: number | null;
  timer: TimerHandle | null;
  dueAt: number | null;
  inFlight: AbortController | null;
  probedThisRound: boolean;
  /** The newest version/VRAM seen, and when it was last asked for: `/system_stats` comes at a slower cadence. */
  system: SystemInfo | null;
  systemAt: number | null;
}

/** How often a server's `/system_stats` is fetched beside the cheap steps (it can stall during a job). */
export const SYSTEM_REFRESH_MS = 60_000;

function isConnectionFailure(result: ProbeResult | null): boolean {
  return (
    result !== null &&
    !result.ok &&
    result.errorKind !== null &&
    CONNECTION_ERROR_KINDS.includes(result.errorKind)
  );
}

/** A server on this machine: its failures never say anything about the network. */
function isLoopback(target: ProbeTarget): boolean {
  const host = new URL(target.url).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * A failure that this machine's own network being down would explain: a name that did not resolve,
 * no answer in time, or no route. A refusal, a reset or a TLS error means a host answered.
 */
function mightBeOwnNetwork(target: ProbeTarget, result: ProbeResult | null): boolean {
  if (result === null || result.ok || isLoopback(target)) return false;
  return result.errorKind === 'dns' || result.errorKind === 'timeout' || result.noRoute === true;
}

const TIMING_KEYS = ['intervalMs', 'recheckMs', 'downMaxMs'] as const;

const isBackingOff = (health: ServerHealth): boolean => health.state === 'down' || health.state === 'blocked';

/** One entry per URL (the first wins): a server listed twice must not fail over to itself. */
function uniqueTargets(targets: ProbeTarget[]): ProbeTarget[] {
  const seen = new Set<string>();
  return targets.filter((target) => !seen.has(target.url) && Boolean(seen.add(target.url)));
}

const newEntry = (target: ProbeTarget): Entry => ({
  target,
  health: INITIAL_HEALTH,
  lastResult: null,
  held: null,
  checkedAt: null,
  timer: null,
  dueAt: null,
  inFlight: null,
  probedThisRound: false,
  system: null,
  systemAt: null,
});

export class Monitor extends EventEmitter<MonitorEventMap> {
  private settings: MonitorSettings;
  private readonly probeFn: ProbeFn;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly checkConnectivity: () => Promise<boolean>;
  private entries: Entry[];
  private readonly tracker = new BestTracker();
  private running = false;
  private paused = false;
  /** True until every server's first probe is applied: nothing is confirmed before that. */
  private checking = true;
  private networkDown = false;
  private round = 0;
  private connectivityCheckedRound = -1;
  /** Bumped by stop(): results of probes started before are dropped. */
  private generation = 0;
  /** Results are applied one at a time, in arrival order. */
  private work: Promise<void> = Promise.resolve();

  constructor(options: MonitorOptions) {
    super();
    const { probe, clock, random, checkConnectivity, ...settings } = options;
    this.settings = { ...settings, targets: uniqueTargets(settings.targets) };
    this.probeFn = probe;
    this.clock = clock ?? realClock;
    this.random = random ?? Math.random;
    this.checkConnectivity = checkConnectivity ?? (() => Promise.resolve(true));
    this.entries = this.settings.targets.map(newEntry);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    if (!this.paused) this.entries.forEach((entry) => this.launch(entry));
  }

  stop(): void {
    this.running = false;
    this.generation += 1;
    for (const entry of this.entries) this.halt(entry);
  }

  /** Probes every server now, except those with a probe in flight. */
  refreshNow(): void {
    this.entries.forEach((entry) => this.launch(entry));
  }

  pause(): void {
    if (this.paused) return;
    this.paused = true;
    for (const entry of this.entries) this.clearTimer(entry);
    this.publish([]);
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.entries.forEach((entry) => this.launch(entry));
    this.publish([]);
  }

  /** New settings and/or targets; servers whose URL stays keep their state. */
  update(settings: Partial<MonitorSettings>): void {
    const defined = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
    this.settings = { ...this.settings, ...defined };
    if (settings.targets) this.settings.targets = uniqueTargets(settings.targets);
    const added: Entry[] = [];
    if (settings.targets) {
      const old = new Map(this.entries.map((entry) => [entry.target.url, entry]));
      this.entries = this.settings.targets.map((target) => {
        const kept = old.get(target.url);
        old.delete(target.url);
        if (kept) return Object.assign(kept, { target });
        const entry = newEntry(target);
        added.push(entry);
        return entry;
      });
      for (const removed of old.values()) this.halt(removed);
      const best = this.tracker.best;
      // A list without the current best is a new start: nothing is handed out before it is confirmed.
      if (best !== null && !this.entries.some((entry) => entry.target.url === best)) {
        this.tracker.reset();
        this.checking = true;
      }
      this.endCheckingWhenAllKnown();
    }
    if (TIMING_KEYS.some((key) => settings[key] !== undefined)) this.rescheduleSooner();
    if (!this.paused) added.forEach((entry) => this.launch(entry));
    const events = this.networkDown ? [] : this.settle(false);
    this.publish(events);
  }

  snapshot(): FleetSnapshot {
    const ranks = this.ranks();
    const { rise, policy } = this.settings;
    const servers = this.entries.map((entry, i) =>
      serverReport(entry.target.url, i + 1, entry.health, ranks[i], {
        rise,
        lastCheckedAt: entry.checkedAt === null ? null : this.iso(entry.checkedAt),
        stale: this.networkDown,
      }),
    );
    const best = this.checking ? null : this.tracker.best;
    const index = this.entries.findIndex((entry) => entry.target.url === best);
    return {
      checkedAt: this.iso(this.clock.now()),
      best: index < 0 ? null : best,
      servers,
      checking: this.checking,
      paused: this.paused,
      networkDown: this.networkDown,
      bestReason:
        index < 0
          ? null
          : bestReason(
              rankCandidate(servers[index].url, index + 1, this.entries[index].health),
              ranks[index],
              policy,
            ),
    };
  }

  private launch(entry: Entry): void {
    if (!this.running || entry.inFlight) return;
    this.clearTimer(entry);
    const controller = new AbortController();
    const generation = this.generation;
    entry.inFlight = controller;
    const now = this.clock.now();
    const includeSystem = entry.systemAt === null || now - entry.systemAt >= SYSTEM_REFRESH_MS;
    if (includeSystem) entry.systemAt = now;
    const options = { timeoutMs: this.settings.timeoutMs, signal: controller.signal, includeSystem };
    void probeSafely(this.probeFn, entry.target, options, () => this.clock.now()).then((probed) => {
      const result = this.withKnownSystem(entry, probed);
      this.work = this.work.then(() => this.onResult(entry, generation, result)).catch(rethrowLater);
    });
  }

  /** Remembers a fresh `/system_stats`, or fills a result that did not ask for it with the last one. */
  private withKnownSystem(entry: Entry, result: ProbeResult): ProbeResult {
    if (result.system) {
      entry.system = result.system;
      return result;
    }
    return result.ok && entry.system ? { ...result, system: entry.system } : result;
  }

  private current(entry: Entry, generation: number): boolean {
    return generation === this.generation && this.entries.includes(entry);
  }

  private async onResult(entry: Entry, generation: number, result: ProbeResult): Promise<void> {
    if (!this.current(entry, generation)) return;
    entry.inFlight = null;
    entry.lastResult = result;
    entry.held = result;
    entry.checkedAt = this.clock.now();
    const roundEnded = this.markProbed(entry);
    const events: MonitorEvent[] = [];
    // At start-up a failed connection waits for the other first answers: if they all fail,
    // the network-down rule decides before anyone is declared down.
    const waitForOthers =
      this.checking &&
      this.entries.length >= 2 &&
      mightBeOwnNetwork(entry.target, result) &&
      this.entries.some((e) => e.lastResult === null);
    if (!waitForOthers) {
      const admitted = await this.admit(entry, result, events);
      if (!this.current(entry, generation)) return;
      for (const e of this.entries) {
        // While offline only servers on this machine are judged; the others keep their last state.
        if (admitted && e.held && (!this.networkDown || isLoopback(e.target))) this.apply(e, e.held, events);
        e.held = null;
      }
      if (admitted) {
        this.endCheckingWhenAllKnown();
        events.push(...this.settle(roundEnded));
        this.probeOthersOnFirstFailure(entry);
      }
    }
    this.schedule(entry);
    this.emit('probe', result);
    this.publish(events);
  }

  private apply(entry: Entry, result: ProbeResult, events: MonitorEvent[]): void {
    const before = entry.health.state;
    entry.health = applyProbe(entry.health, result, this.settings);
    if (entry.health.state === before) return;
    const reason = stateReason(entry.target.url, entry.health, this.settings.rise);
    events.push(
      this.stamp({ type: 'state', url: entry.target.url, from: before, to: entry.health.state, reason }),
    );
  }

  /**
   * A usable server's first failed connection: probe the others now (not at their next turn), so
   * that a dropped network shows as every server failing in one round, and the network-down rule
   * applies, before `fall` takes anyone down. It also confirms the failover candidates.
   */
  private probeOthersOnFirstFailure(entry: Entry): void {
    if (this.paused || entry.health.failures !== 1 || !isConnectionFailure(entry.lastResult)) return;
    for (const other of this.entries) {
      if (other !== entry && !isConnectionFailure(other.lastResult)) this.launch(other);
    }
  }

  /**
   * The network-down rule: with two or more servers off this machine, when each one's newest probe
   * failed in a way our own network being down would explain (DNS, timeout, no route), ask whether
   * this machine is online (at most once per round). Offline: those servers keep their last state
   * (stale) and their failures are not applied until the network is back; servers on this machine
   * are judged as usual. Returns whether this result should be applied.
   */
  private async admit(entry: Entry, result: ProbeResult, events: MonitorEvent[]): Promise<boolean> {
    const local = isLoopback(entry.target);
    if (this.networkDown && !local && !mightBeOwnNetwork(entry.target, result)) {
      this.networkDown = false;
      events.push(this.stamp({ type: 'network-up' }));
      return true;
    }
    const remote = this.entries.filter((e) => !isLoopback(e.target));
    const everyoneFailed =
      (this.networkDown || remote.length >= 2) &&
      remote.length > 0 &&
      remote.every((e) => mightBeOwnNetwork(e.target, e.lastResult));
    if (!everyoneFailed || this.connectivityCheckedRound === this.round) return !this.networkDown || local;
    this.connectivityCheckedRound = this.round;
    // A failing check must not invent an outage: assume online.
    const online = await Promise.resolve()
      .then(() => this.checkConnectivity())
      .catch(() => true);
    if (online === !this.networkDown) return online || local;
    this.networkDown = !online;
    if (online) {
      events.push(this.stamp({ type: 'network-up' }));
    } else {
      const kinds = [...new Set(remote.map((e) => e.lastResult?.errorKind))].join(', ');
      const reason = `the network looks down: all ${remote.length} servers off this machine failed to connect (${kinds}) and this machine seems offline; showing their last known states`;
      events.push(this.stamp({ type: 'network-down', reason }));
    }
    return online || local;
  }

  private endCheckingWhenAllKnown(): void {
    if (this.checking && this.entries.every((e) => e.health.state !== 'unknown')) this.checking = false;
  }

  /** Ends the round when every server has been probed since the last one ended. */
  private markProbed(entry: Entry): boolean {
    entry.probedThisRound = true;
    // A server backing off while down or blocked (checks up to downMax apart) does not hold the
    // round up: otherwise one dead backup would slow every rebalance to 2 x downMax.
    if (!this.entries.every((e) => e.probedThisRound || isBackingOff(e.health))) return false;
    this.entries.forEach((e) => (e.probedThisRound = false));
    this.round += 1;
    return true;
  }

  /** Re-ranks and lets the tracker decide; nothing is decided while checking. */
  private settle(roundEnded: boolean): MonitorEvent[] {
    if (this.checking) return [];
    const ranks = this.ranks();
    const { rise, policy } = this.settings;
    const candidateOf = (url: string) => {
      const index = this.entries.findIndex((e) => e.target.url === url);
      return rankCandidate(url, index + 1, this.entries[index].health);
    };
    const reasons: TrackerReasons = {
      unusable: (url) => {
        const entry = this.entries.find((e) => e.target.url === url);
        return entry ? stateReason(url, entry.health, rise) : `${url} is no longer in the server list`;
      },
      allDown: () =>
        allDownReason(
          this.entries.map((e) => ({ url: e.target.url, health: e.health })),
          rise,
        ),
      rebalance: (to, from) => rebalanceReason(candidateOf(to), candidateOf(from), policy, REBALANCE_ROUNDS),
    };
    const tracked = this.entries.map((e, i) => ({
      url: e.target.url,
      rank: ranks[i],
      failing: e.health.failures > 0,
    }));
    return this.tracker.update(tracked, roundEnded, reasons).map((e) => this.stamp(e));
  }

  private ranks(): (number | null)[] {
    const candidates = this.entries.map((e, i) => rankCandidate(e.target.url, i + 1, e.health));
    return rankServers(candidates, this.settings.policy);
  }

  private schedule(entry: Entry): void {
    if (!this.running || this.paused || entry.inFlight) return;
    this.setTimer(entry, nextDelay(entry.health, this.settings, this.random));
  }

  /** After new timings, a server waits no longer than the new settings ask (never longer than before). */
  private rescheduleSooner(): void {
    const now = this.clock.now();
    for (const entry of this.entries) {
      if (entry.dueAt === null) continue;
      const delay = nextDelay(entry.health, this.settings, this.random);
      if (now + delay < entry.dueAt) this.setTimer(entry, delay);
    }
  }

  private setTimer(entry: Entry, delay: number): void {
    this.clearTimer(entry);
    entry.dueAt = this.clock.now() + delay;
    entry.timer = this.clock.setTimeout(() => {
      entry.timer = null;
      entry.dueAt = null;
      this.launch(entry);
    }, delay);
  }

  private clearTimer(entry: Entry): void {
    if (entry.timer !== null) this.clock.clearTimeout(entry.timer);
    entry.timer = null;
    entry.dueAt = null;
  }

  private halt(entry: Entry): void {
    this.clearTimer(entry);
    entry.inFlight?.abort();
    entry.inFlight = null;
  }

  private stamp(event: UnstampedEvent): MonitorEvent {
    return { ...event, at: this.iso(this.clock.now()) };
  }

  private publish(events: MonitorEvent[]): void {
    for (const event of events) this.emit('event', event);
    this.emit('snapshot', this.snapshot());
  }

  private iso(ms: number): string {
    return new Date(ms).toISOString();
  }
}

/** A listener's error must not stop the loop; surface it as an uncaught error instead. */
function rethrowLater(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}
