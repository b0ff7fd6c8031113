// `comfywatch sim`: simulated ComfyUI servers on loopback, one `URL  behaviour` line each on
// stdout, until SIGINT/SIGTERM (or until no one reads stdout). With --behaviour and --count, the
// behaviours repeat to fill the count.
import { formatBehaviour, mixedFleet, startSimFleet } from '../../sim';
import type { CliOptions } from '../args';
import { EXIT } from '../exit-codes';
import { formatTable } from '../format-table';
import type { Output } from '../output';
import { plural } from '../plural';
import { untilStopped } from '../signals';

/** `sim` with neither --behaviour nor --count: healthy, busy and failing servers side by side. */
const DEFAULT_COUNT = 8;

export async function sim(
  { behaviours: chosen, count: given }: Pick<CliOptions, 'behaviours' | 'count'>,
  output: Output,
): Promise<number> {
  const count = given ?? (chosen.length || DEFAULT_COUNT);
  const behaviours =
    chosen.length === 0
      ? mixedFleet(count)
      : Array.from({ length: count }, (_, i) => chosen[i % chosen.length]);

  const stopped = untilStopped(output);
  const fleet = await startSimFleet(behaviours);
  formatTable(fleet.servers.map((server) => [server.url, formatBehaviour(server.behaviour)])).forEach(
    (line) => output.stdout(line),
  );
  output.stderr(`${plural(fleet.servers.length, 'simulated server')} running; Ctrl+C to stop`);

  await stopped;
  await fleet.close();
  return EXIT.ok;
}
