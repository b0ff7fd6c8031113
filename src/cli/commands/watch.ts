// `comfywatch watch`: the tray's monitor on a terminal, printing events until SIGINT/SIGTERM
// (or until no one reads them: `comfywatch watch | head -1`).
import { createProber, Monitor, monitorSettingsOf } from '../../main/monitor';
import { formatDuration } from '../../shared/duration';
import type { RunConfig } from '../config';
import { checkConnectivity } from '../connectivity';
import { EXIT } from '../exit-codes';
import { eventJson, formatEvent } from '../format-event';
import type { Output } from '../output';
import { plural } from '../plural';
import { untilStopped } from '../signals';

export async function watch(
  { targets, settings }: RunConfig,
  json: boolean,
  output: Output,
): Promise<number> {
  const stopped = untilStopped(output);
  const prober = createProber();
  const monitor = new Monitor({
    ...monitorSettingsOf(settings, targets),
    probe: prober.probe,
    checkConnectivity,
  });
  monitor.on('event', (event) => output.stdout(json ? eventJson(event) : formatEvent(event)));
  output.stderr(
    `watching ${plural(targets.length, 'server')} every ${formatDuration(settings.intervalMs)}; Ctrl+C to stop`,
  );
  monitor.start();

  await stopped;
  monitor.stop();
  await prober.close();
  return EXIT.ok;
}
