// `comfywatch status`: every server probed once; a table (or the FleetReport as JSON).
import type { RunConfig } from '../config';
import { EXIT } from '../exit-codes';
import { formatReport } from '../format-report';
import type { Output } from '../output';
import { checkFleet } from './check';

export async function status(config: RunConfig, json: boolean, output: Output): Promise<number> {
  const report = await checkFleet(config, true);
  if (json) output.stdout(JSON.stringify(report, null, 2));
  else formatReport(report).forEach((line) => output.stdout(line));
  return report.best === null ? EXIT.noneUsable : EXIT.ok;
}
