// `npm run bench`: round time against the physical limit, the naive baseline, failover detection,
// memory over 100,000 probes and cold start. `--json` prints every figure as one JSON object on
// the last line of stdout; progress (and the table) go to stderr. While developing: `--quick`
// (small sizes, few trials), `--only memory,cold,rounds,baseline,failover`, `--sizes 10,100`.
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { formatTable } from '../src/cli/format-table';
import { baselineRoundMs } from './baseline';
import { runStatus } from './cli-run';
import { measureFailover } from './failover';
import type { FailoverFigures } from './failover';
import { maxServersFor, readFdLimit } from './fd-limit';
import { measureMemory } from './memory';
import type { MemoryFigures } from './memory';
import { gcOrRelaunch } from './relaunch';
import { fleetBehaviours, measureRound } from './rounds';
import type { RoundCase, RoundRow } from './rounds';
import { startSimProcess } from './sim-process';
import { median, round } from './stats';

const SECTIONS = ['memory', 'cold', 'rounds', 'baseline', 'failover'] as const;
type Section = (typeof SECTIONS)[number];

interface BenchOptions {
  json: boolean;
  sections: Set<Section>;
  sizes: number[];
  baselineSizes: number[];
  trials: number;
  flapMs: number;
  memoryProbes: number;
  coldRuns: number;
}

const LATENCY_MS = 500;
/** The default probe timeout: at L = 500 ms a healthy server is never near it. */
const ROUND_TIMEOUT_MS = 5000;

function parseArgs(argv: string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const only = argv.indexOf('--only');
  const sections = new Set<Section>(SECTIONS);
  if (only >= 0) {
    sections.clear();
    for (const name of (argv[only + 1] ?? '').split(',')) {
      if (!(SECTIONS as readonly string[]).includes(name))
        throw new Error(`--only: unknown section "${name}"`);
      sections.add(name as Section);
    }
  }
  const sizesAt = argv.indexOf('--sizes');
  const sizes =
    sizesAt >= 0 ? (argv[sizesAt + 1] ?? '').split(',').map(Number) : quick ? [10, 50] : [10, 100, 1000];
  if (sizes.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`--sizes: not a list of counts: ${argv[sizesAt + 1]}`);
  return {
    json: argv.includes('--json'),
    sections,
    sizes,
    baselineSizes: quick ? [10] : [10, 100],
    trials: quick ? 3 : 20,
    flapMs: quick ? 5000 : 60_000,
    memoryProbes: quick ? 10_000 : 100_000,
    coldRuns: quick ? 2 : 5,
  };
}

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

async function coldStartMs(runs: number): Promise<number> {
  const sim = await startSimProcess(Array.from({ length: 10 }, () => 'idle'));
  try {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const run = await runStatus(sim.urls, ROUND_TIMEOUT_MS);
      if (run.exitCode !== 0)
        throw new Error(`comfywatch status exited ${run.exitCode} on 10 healthy servers`);
      times.push(run.wallMs);
    }
    return round(median(times), 0);
  } finally {
    await sim.close();
  }
}

async function baselineRow(servers: number, rows: RoundRow[]) {
  const roundCase: RoundCase = {
    servers,
    latencyMs: LATENCY_MS,
    withHanging: false,
    timeoutMs: ROUND_TIMEOUT_MS,
  };
  const sim = await startSimProcess(fleetBehaviours(roundCase));
  try {
    const wallMs = await baselineRoundMs(sim.urls, ROUND_TIMEOUT_MS);
    const ours = rows.find((row) => row.servers === servers && row.hanging === 0);
    return {
      servers,
      latencyMs: LATENCY_MS,
      wallMs: round(wallMs, 0),
      speedup: ours ? round(wallMs / ours.wallMs, 1) : null,
    };
  } finally {
    await sim.close();
  }
}

function machine() {
  const cpus = os.cpus();
  const limit = readFdLimit();
  return {
    cpus: os.availableParallelism(),
    cpuModel: cpus[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${process.platform} ${os.release()}`,
    fdLimit: limit === null ? null : limit.soft,
  };
}

type Results = {
  machine: ReturnType<typeof machine>;
  round: RoundRow[];
  baseline: Awaited<ReturnType<typeof baselineRow>>[];
  failover?: FailoverFigures;
  memory?: MemoryFigures;
  coldStartMs?: number;
  skipped: string[];
};

async function measure(options: BenchOptions, gc: () => void): Promise<Results> {
  const results: Results = { machine: machine(), round: [], baseline: [], skipped: [] };
  const { sections } = options;
  // Memory first: the big rounds would leave the process's RSS inflated.
  if (sections.has('memory')) {
    log(`memory: ${options.memoryProbes} probes of a changing fleet`);
    results.memory = await measureMemory(options.memoryProbes, gc);
  }
  if (sections.has('cold')) {
    log(`cold start: comfywatch status on 10 servers, ${options.coldRuns} runs`);
    results.coldStartMs = await coldStartMs(options.coldRuns);
  }
  if (sections.has('rounds')) {
    const limit = maxServersFor(readFdLimit());
    for (const servers of options.sizes) {
      if (servers > limit) {
        results.skipped.push(
          `rounds at N=${servers}: the open-file limit allows about ${limit} servers (ulimit -n)`,
        );
        continue;
      }
      for (const withHanging of [false, true]) {
        log(`round: N=${servers}${withHanging ? ', a tenth hanging' : ''}`);
        results.round.push(
          await measureRound({ servers, latencyMs: LATENCY_MS, withHanging, timeoutMs: ROUND_TIMEOUT_MS }),
        );
      }
    }
  }
  if (sections.has('baseline')) {
    for (const servers of options.baselineSizes) {
      log(`baseline: N=${servers}, one server and one endpoint after another`);
      results.baseline.push(await baselineRow(servers, results.round));
    }
  }
  if (sections.has('failover')) {
    log(
      `failover: ${options.trials} trials each, and ${options.flapMs / 1000} s beside a flapping best server`,
    );
    results.failover = await measureFailover(options.trials, options.flapMs);
  }
  return results;
}

const fixed = (value: number | null | undefined, digits = 0) => (value == null ? '-' : value.toFixed(digits));

function humanReport(r: Results): string {
  const lines: string[] = [];
  const m = r.machine;
  lines.push(
    `Machine: ${m.cpus} CPUs (${m.cpuModel}), Node ${m.node}, ${m.platform}, open-file limit ${m.fdLimit ?? '?'}`,
  );
  if (r.round.length > 0) {
    lines.push('', 'Round time (ratio = wall / L, or wall / timeout with hanging servers; 1.0 is the limit)');
    const rows = r.round.map((x) => [
      String(x.servers),
      `${x.latencyMs}`,
      String(x.hanging),
      `${x.timeoutMs}`,
      fixed(x.wallMs),
      fixed(x.ratio, 2),
      fixed(x.coldRatio, 2),
      fixed(x.cpuMsPerProbe, 3),
      fixed(x.floorWallMs),
      fixed(x.floorCpuMsPerProbe, 3),
    ]);
    const head = [
      'N',
      'L ms',
      'hanging',
      'timeout',
      'wall ms',
      'ratio',
      'cold',
      'cpu ms/probe',
      'floor wall',
      'floor cpu',
    ];
    lines.push(...formatTable([head, ...rows], Array(head.length).fill('right')));
  }
  if (r.baseline.length > 0) {
    lines.push('', 'Naive sequential checker on the same healthy fleets');
    const rows = r.baseline.map((x) => [
      String(x.servers),
      fixed(x.wallMs),
      x.speedup === null ? '-' : `${x.speedup}x`,
    ]);
    lines.push(...formatTable([['N', 'wall ms', 'speed-up'], ...rows], ['right', 'right', 'right']));
  }
  if (r.failover) {
    const f = r.failover;
    const s = f.settings;
    lines.push(
      '',
      `Failover detection (interval ${s.intervalMs} ms, recheck ${s.recheckMs} ms, timeout ${s.timeoutMs} ms, fall ${s.fall}, rise ${s.rise})`,
    );
    const row = (name: string, t: typeof f.refused) => [
      name,
      String(t.trials),
      fixed(t.medianMs),
      fixed(t.worstMs),
      fixed(t.boundMs),
    ];
    lines.push(
      ...formatTable(
        [
          ['death', 'trials', 'median ms', 'worst ms', 'bound ms'],
          row('refused', f.refused),
          row('hanging', f.hanging),
        ],
        ['left', 'right', 'right', 'right', 'right'],
      ),
    );
    lines.push(
      `False failovers beside a flapping best server: ${f.falseFailovers} (${f.flapFailures} of its ${f.flapProbes} probes failed)`,
    );
  }
  if (r.memory) {
    const x = r.memory;
    lines.push(
      '',
      `Memory over ${x.probes} probes (after ${x.warmupProbes} to fill the 24 h history): heap ${fixed(x.heapGrowthMb, 2)} MiB, RSS ${fixed(x.rssGrowthMb, 2)} MiB (${x.samplesKept} samples kept)`,
    );
  }
  if (r.coldStartMs !== undefined)
    lines.push('', `Cold start (comfywatch status, 10 servers, median): ${r.coldStartMs} ms`);
  for (const note of r.skipped) lines.push(`Skipped: ${note}`);
  return lines.join('\n');
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const launched = gcOrRelaunch(fileURLToPath(import.meta.url), Math.max(...options.sizes));
  if ('exitCode' in launched) return launched.exitCode;
  const results = await measure(options, launched.gc);
  const { machine: info, round: rounds, baseline, failover, memory, coldStartMs: cold, skipped } = results;
  if (options.json) {
    // The table still goes to stderr (with the progress): one run gives both.
    process.stderr.write(`${humanReport(results)}\n`);
    const figures = { round: rounds, baseline, failover, memory, coldStartMs: cold, machine: info, skipped };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } else {
    process.stdout.write(`${humanReport(results)}\n`);
  }
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
