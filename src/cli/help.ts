// `comfywatch --help`.
import { DEFAULT_SETTINGS } from '../shared/settings';
import { formatDuration } from '../shared/duration';
import { BEHAVIOUR_NAMES } from '../sim';
import { EXIT } from './exit-codes';

/** Words of `text` in lines of at most `width` characters, each indented by `indent`. */
function wrap(text: string, indent: number, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && indent + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines.map((l) => ' '.repeat(indent) + l).join('\n');
}

export function helpText(settingsPath: string): string {
  const d = DEFAULT_SETTINGS;
  return `Usage: comfywatch <command> [options]

Watch several ComfyUI servers and pick the best one.

Commands:
  status             probe every server once and print a report
  best               print the best server's URL (nothing when none is usable)
  watch              keep watching and print events (failover, all-down...) until Ctrl+C
  sim                start simulated ComfyUI servers on 127.0.0.1 until Ctrl+C
  help               show this help

Options for status, best and watch:
  --servers LIST     servers to watch, separated by commas, newlines, spaces or
                     semicolons; the first is the primary (the settings file is
                     then not read unless --config is given)
  --config FILE      settings file to read (also COMFYWATCH_CONFIG); by default the
                     app's own, ${settingsPath}
  --timeout DUR      deadline for one server's whole probe (default ${formatDuration(d.timeoutMs)})
  --interval DUR     watch only: time between checks (default ${formatDuration(d.intervalMs)})
  --policy P         least-busy (default) or prefer-primary
  --header 'N: V'    extra request header for every server (repeatable)
  --json             machine-readable output

Options for sim:
  --behaviour NAME   one server with this behaviour (repeatable):
${wrap(BEHAVIOUR_NAMES.join(', '), 21, 80)}
  --count N          number of servers (alone: a mixed fleet)

  -h, --help         show this help
  --version          show the version

Durations take a unit (800ms, 5s, 1m); a plain number means seconds.
With no servers given and no settings file: ${d.servers[0].url}.

Exit status: ${EXIT.ok} ok, ${EXIT.noneUsable} no usable server, ${EXIT.usage} bad input, ${EXIT.config} unusable settings file.`;
}
