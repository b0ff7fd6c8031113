// The command line from argv to exit code: parse, find the settings, run the command.
import { defaultSettingsPath } from '../shared/settings-path';
import { APP_VERSION } from '../shared/version';
import { parseCommandLine } from './args';
import { best } from './commands/best';
import { sim } from './commands/sim';
import { status } from './commands/status';
import { watch } from './commands/watch';
import { resolveConfig } from './config';
import { EXIT } from './exit-codes';
import { helpText } from './help';
import type { Output } from './output';
import { reportUsageErrors } from './usage';

export interface RunEnvironment {
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export async function run(
  argv: readonly string[],
  output: Output,
  { env, cwd }: RunEnvironment,
): Promise<number> {
  const parsed = parseCommandLine(argv);
  switch (parsed.kind) {
    case 'help':
      output.stdout(helpText(defaultSettingsPath()));
      return EXIT.ok;
    case 'version':
      output.stdout(APP_VERSION);
      return EXIT.ok;
    case 'usage':
      return reportUsageErrors(parsed.errors, output);
  }

  const { command, options } = parsed;
  if (command === 'sim') return sim(options, output);

  const resolved = resolveConfig(options, { env, cwd, appSettingsPath: defaultSettingsPath() });
  resolved.notices.forEach((notice) => output.stderr(notice));
  if (!resolved.ok) {
    resolved.errors.forEach((error) => output.stderr(error));
    return resolved.exitCode;
  }
  if (command === 'status') return status(resolved.config, options.json, output);
  if (command === 'best') return best(resolved.config, options.json, output);
  return watch(resolved.config, options.json, output);
}
