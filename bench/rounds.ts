// Round time: one probe round over N servers at latency L, in this process (warm) and in a fresh
// `comfywatch status` process (cold), with the CPU cost per probe beside the floor's.
import { checkOnce, createProber } from '../src/main/monitor';
import type { ProbeTarget } from '../src/main/monitor';
import { DEFAULT_SETTINGS } from '../src/shared/settings';
import type { FleetReport } from '../src/shared/types';
import { runStatus } from './cli-run';
import { measureFloor } from './floor';
import { startSimProcess } from './sim-process';
import type { SimProcess } from './sim-process';
import { cpuMsSince, round } from './stats';

export interface RoundRow {
  servers: number;
  latencyMs: number;
  hanging: number;
  timeoutMs: number;
  wallMs: number;
  ratio: number;
  coldWallMs: number;
  coldRatio: number;
  cpuMsPerProbe: number;
  floorWallMs: number;
  floorCpuMsPerProbe: number;
  /** The paths one probe of a healthy server requested (the floor requests the same). */
  paths: string[];
}

/** Every path the ladder can request, to learn from the simulator which ones a round used. */
const LADDER_PATHS = ['/queue', '/prompt', '/system_stats', '/history?max_items=1', '/'].flatMap((path) =>
  path === '/' ? [path] : [path, `/api${path}`],
);

export interface RoundCase {
  servers: number;
  latencyMs: number;
  /** Every tenth server hangs. */
  withHanging: boolean;
  timeoutMs: number;
}

export function fleetBehaviours({ servers, latencyMs, withHanging }: RoundCase): string[] {
  return Array.from({ length: servers }, (_, i) =>
    withHanging && i % 10 === 9 ? 'hang' : `slow:${latencyMs}`,
  );
}

export async function measureRound(roundCase: RoundCase): Promise<RoundRow> {
  const behaviours = fleetBehaviours(roundCase);
  const hanging = behaviours.filter((b) => b === 'hang').length;
  const { timeoutMs, latencyMs } = roundCase;
  const sim = await startSimProcess(behaviours);
  const prober = createProber();
  try {
    const targets: ProbeTarget[] = sim.urls.map((url) => ({ url, headers: {}, trustSelfSigned: false }));
    const options = {
      timeoutMs,
      slowMs: DEFAULT_SETTINGS.slowMs,
      policy: DEFAULT_SETTINGS.policy,
      probe: prober.probe,
    };
    checkReport(await checkOnce(targets, options), behaviours, 'warm-up round');

    const before = await pathCounts(sim);
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    const report = await checkOnce(targets, options);
    const wallMs = performance.now() - started;
    const cpuMs = cpuMsSince(cpuStart);
    checkReport(report, behaviours, 'warm round');
    const paths = requestedPaths(before, await pathCounts(sim), behaviours.length - hanging);

    const cold = await runStatus(sim.urls, timeoutMs);
    checkReport(cold.report, behaviours, 'comfywatch status');
    const floor = await measureFloor(sim.urls, paths, timeoutMs);

    const divisor = hanging > 0 ? timeoutMs : latencyMs;
    return {
      servers: behaviours.length,
      latencyMs,
      hanging,
      timeoutMs,
      wallMs: round(wallMs, 0),
      ratio: round(wallMs / divisor),
      coldWallMs: round(cold.wallMs, 0),
      coldRatio: round(cold.wallMs / divisor),
      cpuMsPerProbe: round(cpuMs / behaviours.length, 3),
      floorWallMs: round(floor.wallMs, 0),
      floorCpuMsPerProbe: round(floor.cpuMs / behaviours.length, 3),
      paths,
    };
  } finally {
    await prober.close();
    await sim.close();
  }
}

/** A round that misjudged the fleet measured something else: stop rather than print it. */
function checkReport(report: FleetReport, behaviours: string[], what: string): void {
  report.servers.forEach((server, i) => {
    const hangs = behaviours[i] === 'hang';
    const right = hangs ? server.errorKind === 'timeout' : server.healthy;
    if (!right) {
      const seen = `${server.state} ${server.errorKind ?? ''} ${server.error ?? ''}`.trim();
      throw new Error(`${what}: ${server.url} (${behaviours[i]}) was judged ${seen}`);
    }
  });
}

async function pathCounts(sim: SimProcess): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const path of LADDER_PATHS) {
    counts.set(
      path,
      (await sim.requestCounts(path)).reduce((sum, n) => sum + n, 0),
    );
  }
  return counts;
}

/** Paths every healthy server was asked for in the round. */
function requestedPaths(before: Map<string, number>, after: Map<string, number>, healthy: number): string[] {
  const paths = LADDER_PATHS.filter((path) => (after.get(path) ?? 0) - (before.get(path) ?? 0) >= healthy);
  if (paths.length === 0) throw new Error('the simulator saw no request of the ladder in the round');
  return paths;
}
