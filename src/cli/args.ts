// The command line parsed into a command and checked options. Every problem is collected, so
// one run names them all; nothing here touches the network or the settings file.
import { parseArgs } from 'node:util';
import { formatDuration, parseDuration } from '../shared/duration';
import { redactUrl } from '../shared/server-list';
import { SETTING_BOUNDS } from '../shared/settings';
import type { Policy } from '../shared/types';
import { parseHeaderOptions } from './header-option';
import { takeMissingValues } from './option-values';

export const COMMANDS = ['status', 'best', 'watch', 'sim'] as const;
export type CommandName = (typeof COMMANDS)[number];

export const POLICIES: readonly Policy[] = ['least-busy', 'prefer-primary'];

/** The largest fleet `sim --count` starts. */
export const MAX_SIM_COUNT = 100;

export interface CliOptions {
  servers: string | null;
  config: string | null;
  timeoutMs: number | null;
  intervalMs: number | null;
  policy: Policy | null;
  json: boolean;
  /** From `--header 'Name: value'`, for every server; a later one with the same name wins. */
  headers: Record<string, string>;
  /** `sim --behaviour`, as typed (the sim command parses them). */
  behaviours: string[];
  count: number | null;
}

export type ParsedArgs =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'run'; command: CommandName; options: CliOptions }
  | { kind: 'usage'; errors: string[] };

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  servers: { type: 'string' },
  config: { type: 'string' },
  timeout: { type: 'string' },
  interval: { type: 'string' },
  policy: { type: 'string' },
  json: { type: 'boolean' },
  header: { type: 'string', multiple: true },
  behaviour: { type: 'string', multiple: true },
  count: { type: 'string' },
} as const;

type OptionName = keyof typeof OPTIONS;

const MONITOR_COMMANDS: readonly CommandName[] = ['status', 'best', 'watch'];
/** The commands an option applies to (a wrong one is an error, never silently ignored). */
const APPLIES_TO: Partial<Record<OptionName, readonly CommandName[]>> = {
  servers: MONITOR_COMMANDS,
  config: MONITOR_COMMANDS,
  timeout: MONITOR_COMMANDS,
  interval: ['watch'],
  policy: MONITOR_COMMANDS,
  json: MONITOR_COMMANDS,
  header: MONITOR_COMMANDS,
  behaviour: ['sim'],
  count: ['sim'],
};

export function parseCommandLine(argv: readonly string[]): ParsedArgs {
  const checked = takeMissingValues(argv, OPTIONS);
  let parsed;
  try {
    parsed = parseArgs({ args: checked.argv, options: OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    return { kind: 'usage', errors: [...checked.errors, parseArgsMessage(error)] };
  }
  const { values, positionals } = parsed;
  const [commandText, ...extra] = positionals;
  if (values.help || commandText === 'help') return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const errors = [...checked.errors];
  if (commandText === undefined) return { kind: 'usage', errors: [...errors, 'no command given'] };
  const command = COMMANDS.find((name) => name === commandText);
  // Echoed arguments may be URLs with credentials (a forgotten --servers): never show a password.
  if (!command) {
    errors.push(`unknown command "${redactUrl(commandText)}" (commands: ${COMMANDS.join(', ')})`);
  }
  if (extra.length > 0) {
    const shown = extra.map((a) => `"${redactUrl(a)}"`).join(' ');
    errors.push(`unexpected argument${extra.length > 1 ? 's' : ''} ${shown}`);
  }

  for (const name of Object.keys(values) as OptionName[]) {
    const commands = APPLIES_TO[name];
    if (!command || values[name] === undefined || !commands || commands.includes(command)) continue;
    errors.push(
      commands.length === 1
        ? `--${name} is only for ${commands[0]}`
        : `--${name} does not apply to ${command}`,
    );
  }

  const header = parseHeaderOptions(values.header ?? []);
  errors.push(...header.errors);
  const options: CliOptions = {
    servers: values.servers ?? null,
    config: values.config ?? null,
    timeoutMs: values.timeout === undefined ? null : durationOption('timeout', values.timeout, errors),
    intervalMs: values.interval === undefined ? null : durationOption('interval', values.interval, errors),
    policy: values.policy === undefined ? null : policyOption(values.policy, errors),
    json: values.json ?? false,
    headers: header.headers,
    behaviours: values.behaviour ?? [],
    count: values.count === undefined ? null : countOption(values.count, errors),
  };

  if (errors.length > 0 || !command) return { kind: 'usage', errors };
  return { kind: 'run', command, options };
}

/** --timeout and --interval: a duration within the setting's bounds. */
function durationOption(option: 'timeout' | 'interval', text: string, errors: string[]): number | null {
  let ms: number;
  try {
    ms = parseDuration(text);
  } catch (error) {
    errors.push(`--${option}: ${(error as Error).message}`);
    return null;
  }
  const { min, max } = SETTING_BOUNDS[option === 'timeout' ? 'timeoutMs' : 'intervalMs'];
  if (ms >= min && ms <= max) return ms;
  errors.push(`--${option} must be from ${formatDuration(min)} to ${formatDuration(max)} (got "${text}")`);
  return null;
}

function policyOption(text: string, errors: string[]): Policy | null {
  const policy = POLICIES.find((p) => p === text) ?? null;
  if (!policy) errors.push(`bad --policy "${text}" (use ${POLICIES.join(' or ')})`);
  return policy;
}

function countOption(text: string, errors: string[]): number | null {
  const count = /^\d+$/.test(text) ? Number(text) : NaN;
  if (count >= 1 && count <= MAX_SIM_COUNT) return count;
  errors.push(`bad --count "${text}": use a whole number from 1 to ${MAX_SIM_COUNT}`);
  return null;
}

/** node:util's messages, shortened to the part that names the problem. */
function parseArgsMessage(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown) return `unknown option ${unknown[1]}`;
  return message.split('\n')[0];
}
