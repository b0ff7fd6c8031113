// The soak's invariants, checked while it runs. Each broken one is a violation (a sentence).
import type { ProbeFn, ProbeResult } from '../src/main/monitor';
import type { FleetSnapshot, MonitorEvent, ServerState } from '../src/shared/types';

/** A probe may end this long after its deadline before it counts as outliving it. */
export const DEADLINE_MARGIN_MS = 1000;

export class SoakChecker {
  readonly violations: string[] = [];
  probes = 0;
  readonly results = new Map<string, number>();
  readonly events = new Map<string, number>();
  private readonly inFlight = new Map<string, number>();
  private readonly states = new Map<string, ServerState>();
  private best: string | null = null;
  private started = false;
  private networkDown = false;

  constructor(private readonly now: () => number = () => performance.now()) {}

  violation(text: string): void {
    // A broken invariant tends to repeat: the first few say it all.
    if (this.violations.length < 200) this.violations.push(text);
  }

  /**
   * Wraps the monitor's ProbeFn: one probe in flight per server, deadlines kept, results
   * well-formed. A probe the monitor has cancelled (its signal aborted) no longer counts as in
   * flight: the monitor gave it up. (Whether its late result is judged is checked by onProbe.)
   */
  wrapProbe(probe: ProbeFn): ProbeFn {
    return async (target, options) => {
      const running = (this.inFlight.get(target.url) ?? 0) + 1;
      this.inFlight.set(target.url, running);
      if (running > 1) this.violation(`${running} probes in flight for ${target.url}`);
      let counted = true;
      const release = () => {
        if (!counted) return;
        counted = false;
        this.inFlight.set(target.url, (this.inFlight.get(target.url) ?? 1) - 1);
      };
      options.signal?.addEventListener('abort', release, { once: true });
      const started = this.now();
      try {
        const result = await probe(target, options);
        this.checkResult(result, options.timeoutMs, this.now() - started);
        return result;
      } catch (error) {
        this.violation(`the probe of ${target.url} rejected: ${String(error)}`);
        throw error;
      } finally {
        options.signal?.removeEventListener('abort', release);
        release();
      }
    };
  }

  private checkResult(result: ProbeResult, timeoutMs: number, tookMs: number): void {
    this.probes += 1;
    const kind = result.ok ? 'ok' : (result.errorKind ?? 'no kind');
    this.results.set(kind, (this.results.get(kind) ?? 0) + 1);
    if (tookMs > timeoutMs + DEADLINE_MARGIN_MS) {
      this.violation(`a probe of ${result.url} took ${Math.round(tookMs)} ms (deadline ${timeoutMs} ms)`);
    }
    if (!result.ok && (result.errorKind === null || !result.error)) {
      this.violation(
        `a failed probe of ${result.url} has no error kind or sentence: ${result.error ?? 'null'}`,
      );
    }
  }

  /** Called from the monitor's `probe` listener: results the monitor judged. */
  onProbe(result: ProbeResult): void {
    if (!result.ok && /cancelled/.test(result.error ?? '')) {
      this.violation(`a cancelled probe was judged: ${result.url}: ${result.error}`);
    }
  }

  /** A server left the list: it starts from `unknown` if it comes back; without the best, the monitor starts over. */
  forget(url: string): void {
    this.states.delete(url);
    if (url === this.best) {
      this.best = null;
      this.started = false;
    }
  }

  /** Called from the monitor's `event` listener, with the snapshot at that moment. */
  onEvent(e: MonitorEvent, snapshot: FleetSnapshot): void {
    this.events.set(e.type, (this.events.get(e.type) ?? 0) + 1);
    const server = (url: string) => snapshot.servers.find((s) => s.url === url);
    const usableBest = (to: string, what: string) => {
      if (!server(to)?.healthy)
        this.violation(`${what} to ${to}, which is ${server(to)?.state ?? 'not configured'}`);
      if (snapshot.best !== to)
        this.violation(`${what} to ${to} but the snapshot's best is ${snapshot.best}`);
    };
    if (this.networkDown && e.type !== 'network-up') {
      this.violation(`a ${e.type} event while the network is down`);
    }
    switch (e.type) {
      case 'state': {
        const before = this.states.get(e.url) ?? 'unknown';
        if (e.from === e.to) this.violation(`a state event for ${e.url} from ${e.from} to itself`);
        if (e.from !== before)
          this.violation(`a state event for ${e.url} from ${e.from}, but it was ${before}`);
        if (server(e.url)?.state !== e.to) {
          this.violation(
            `a state event for ${e.url} to ${e.to}, but the snapshot says ${server(e.url)?.state}`,
          );
        }
        this.states.set(e.url, e.to);
        return;
      }
      case 'best':
        if (this.started) this.violation(`a second start-up best event (to ${e.to})`);
        usableBest(e.to, 'best');
        this.started = true;
        this.best = e.to;
        return;
      case 'failover':
      case 'rebalance':
        if (!this.started || e.from !== this.best)
          this.violation(`${e.type} from ${e.from}, but the best was ${this.best}`);
        if (e.from === e.to) this.violation(`${e.type} from ${e.from} to itself`);
        usableBest(e.to, e.type);
        if (e.type === 'failover' && server(e.from)?.healthy)
          this.violation(`failover from ${e.from}, still usable`);
        if (e.type === 'rebalance' && !server(e.from)?.healthy)
          this.violation(`rebalance from ${e.from}, not usable`);
        this.best = e.to;
        return;
      case 'all-down':
        if (this.started && this.best === null) this.violation('all-down while nothing was usable already');
        if (e.from !== this.best) this.violation(`all-down from ${e.from}, but the best was ${this.best}`);
        if (snapshot.servers.some((s) => s.healthy)) this.violation('all-down while a server is usable');
        this.started = true;
        this.best = null;
        return;
      case 'recovery':
        if (!this.started || this.best !== null)
          this.violation(`recovery to ${e.to} while the best was ${this.best}`);
        usableBest(e.to, 'recovery');
        this.best = e.to;
        return;
      case 'network-down':
        if (!snapshot.networkDown) this.violation('network-down, but the snapshot is not');
        this.networkDown = true;
        return;
      case 'network-up':
        if (!this.networkDown) this.violation('network-up while the network was not down');
        if (snapshot.networkDown) this.violation('network-up, but the snapshot is still down');
        this.networkDown = false;
        return;
    }
  }

  /** Snapshots between events must agree with what the events said. */
  onSnapshot(snapshot: FleetSnapshot): void {
    if (!snapshot.checking && snapshot.best !== this.best) {
      this.violation(`the snapshot's best is ${snapshot.best}, the events said ${this.best}`);
    }
    const best = snapshot.servers.find((s) => s.url === snapshot.best);
    if (best && !best.healthy && !snapshot.networkDown) {
      this.violation(`the snapshot's best ${best.url} is ${best.state}`);
    }
    const ranks = snapshot.servers.flatMap((s) => (s.rank === null ? [] : [s.rank])).sort((a, b) => a - b);
    if (ranks.some((rank, i) => rank !== i + 1)) this.violation(`ranks are not 1..n: ${ranks.join(',')}`);
    for (const s of snapshot.servers) {
      if (s.healthy !== (s.rank !== null)) this.violation(`${s.url} is ${s.state} with rank ${s.rank}`);
      if ((s.state === 'down' || s.state === 'blocked') && (s.errorKind === null || !s.error)) {
        this.violation(`${s.url} is ${s.state} without an error kind and sentence`);
      }
    }
  }

  inFlightNow(): number {
    let total = 0;
    for (const n of this.inFlight.values()) total += n;
    return total;
  }
}
