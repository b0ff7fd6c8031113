// `npm run soak -- --minutes N [--servers N] [--seed N] [--json]`: the fault-injection soak
// (see soak-core.ts). Prints probes made, faults injected by kind and violations; exit 1 on any.
import { fileURLToPath } from 'node:url';
import { gcOrRelaunch } from './relaunch';
import { runSoak } from './soak-core';
import type { SoakSummary } from './soak-core';

function option(argv: string[], name: string): number | undefined {
  const index = argv.indexOf(name);
  if (index < 0) return undefined;
  const value = Number(argv[index + 1]);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`${name} needs a number, not "${argv[index + 1] ?? ''}"`);
  return value;
}

function describe(summary: SoakSummary): string {
  const counts = (record: Record<string, number>) =>
    Object.entries(record)
      .sort(([, a], [, b]) => b - a)
      .map(([kind, n]) => `${kind} ${n}`)
      .join(', ');
  const lines = [
    `soak: ${Math.round(summary.durationMs / 1000)} s, ${summary.servers} servers, seed ${summary.seed}`,
    `probes made: ${summary.probes} (${counts(summary.results)})`,
    `faults injected: ${counts(summary.faults)}`,
    `events: ${counts(summary.events)}`,
    `heap growth after warm-up: ${summary.heapGrowthMb} MiB`,
    `violations: ${summary.violations.length}`,
    ...summary.violations.map((text) => `  - ${text}`),
  ];
  return lines.join('\n');
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const minutes = option(argv, '--minutes') ?? 2;
  const plainSlots = option(argv, '--servers');
  const seed = option(argv, '--seed');
  const launched = gcOrRelaunch(fileURLToPath(import.meta.url), 100);
  if ('exitCode' in launched) return launched.exitCode;
  const summary = await runSoak({
    durationMs: minutes * 60_000,
    plainSlots,
    seed,
    gc: launched.gc,
    log: (line) => process.stderr.write(`soak: ${line}\n`),
  });
  process.stdout.write(argv.includes('--json') ? `${JSON.stringify(summary)}\n` : `${describe(summary)}\n`);
  return summary.violations.length === 0 ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(
      `soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
