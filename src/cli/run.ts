// The command line from argv to exit code: parse, find the settings, run the command.
import { defaultSettingsPath } from '../shared/settings-path';
import { APP_VERSION } from '../shared/version';
import { parseCommandLine } from './args';
import { best } from './commands/best';
import { sim } from './commands/sim';
import { status } from './commands/status';
import { watch } from './commands/watch';
import { resolveConfig, serversFromList } from './config';
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
  if (parsed.kind === 'help') {
    output.stdout(helpText(defaultSettingsPath()));
    return EXIT.ok;
  }
  if (parsed.kind === 'version') {
    output.stdout(APP_VERSION);
    return EXIT.ok;
  }

  const { command, options } = parsed;
  const usageErrors = parsed.kind === 'usage' ? parsed.errors : [];
  if (command === 'sim') {
    return usageErrors.length > 0 ? reportUsageErrors(usageErrors, output) : sim(options, output);
  }
  // With no known command there is no settings file to look for, but a --servers list to check.
  if (command === null) {
    const servers = options.servers === null ? [] : serversFromList(options.servers, {}).errors;
    return reportUsageErrors([...usageErrors, ...servers], output);
  }

  // The settings are checked even after a bad option, so one run names every problem; the
  // notices (what a run would use) are left out when there is no run.
  const resolved = resolveConfig(options, { env, cwd, appSettingsPath: defaultSettingsPath() });
  const configErrors = resolved.ok ? [] : resolved.errors;
  if (usageErrors.length > 0 || (!resolved.ok && resolved.exitCode === EXIT.usage)) {
    return reportUsageErrors([...usageErrors, ...configErrors], output);
  }
  if (!resolved.ok) {
    configErrors.forEach((error) => output.stderr(error));
    return EXIT.config;
  }
  resolved.notices.forEach((notice) => output.stderr(notice));
  if (command === 'status') return status(resolved.config, options.json, output);
  if (command === 'best') return best(resolved.config, options.json, output);
  return watch(resolved.config, options.json, output);
}
