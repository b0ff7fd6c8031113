// `comfywatch best`: the best URL alone, for `$(comfywatch best)`; nothing (exit 2) when none is usable.
import type { RunConfig } from '../config';
import { EXIT } from '../exit-codes';
import type { Output } from '../output';
import { checkFleet } from './check';

export async function best(config: RunConfig, json: boolean, output: Output): Promise<number> {
  const report = await checkFleet(config, false);
  if (json) output.stdout(JSON.stringify({ best: report.best }));
  else if (report.best !== null) output.stdout(report.best);
  return report.best === null ? EXIT.noneUsable : EXIT.ok;
}
