// `comfywatch sim`: simulated ComfyUI servers on loopback, one `URL  behaviour` line each on
// stdout, until SIGINT/SIGTERM. With --behaviour and --count, the behaviours repeat to fill the count.
import { formatBehaviour, mixedFleet, parseBehaviour, startSimFleet } from '../../sim';
import type { Behaviour } from '../../sim';
import type { CliOptions } from '../args';
import { EXIT } from '../exit-codes';
import { formatTable } from '../format-table';
import type { Output } from '../output';
import { plural } from '../plural';
import { untilInterrupted } from '../signals';
import { reportUsageErrors } from '../usage';

/** `sim` with neither --behaviour nor --count: healthy, busy and failing servers side by side. */
const DEFAULT_COUNT = 8;

export async function sim(
  options: Pick<CliOptions, 'behaviours' | 'count'>,
  output: Output,
): Promise<number> {
  const chosen: Behaviour[] = [];
  const errors: string[] = [];
  for (const text of options.behaviours) {
    try {
      chosen.push(parseBehaviour(text));
    } catch (error) {
      errors.push((error as Error).message);
    }
  }
  if (errors.length > 0) return reportUsageErrors(errors, output);

  const count = options.count ?? (chosen.length || DEFAULT_COUNT);
  const behaviours =
    chosen.length === 0
      ? mixedFleet(count)
      : Array.from({ length: count }, (_, i) => chosen[i % chosen.length]);

  const interrupted = untilInterrupted();
  const fleet = await startSimFleet(behaviours);
  formatTable(fleet.servers.map((server) => [server.url, formatBehaviour(server.behaviour)])).forEach(
    (line) => output.stdout(line),
  );
  output.stderr(`${plural(fleet.servers.length, 'simulated server')} running; Ctrl+C to stop`);

  await interrupted;
  await fleet.close();
  return EXIT.ok;
}
