// The command line parsed into a command and checked options. Every problem is collected, so
// one run names them all; nothing here touches the network or the settings file.
import { parseArgs } from 'node:util';
import { isHeaderName, isHeaderValue } from '../shared/header-syntax';
import { formatDuration, parseDuration } from '../shared/duration';
import { SETTING_BOUNDS } from '../shared/settings';
import type { Policy } from '../shared/types';

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

const SIM_ONLY: readonly OptionName[] = ['behaviour', 'count'];
const MONITOR_ONLY: readonly OptionName[] = [
  'servers',
  'config',
  'timeout',
  'interval',
  'policy',
  'json',
  'header',
];

export function parseCommandLine(argv: readonly string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    return { kind: 'usage', errors: [parseArgsMessage(error)] };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const errors: string[] = [];
  const [commandText, ...extra] = positionals;
  if (commandText === undefined) return { kind: 'usage', errors: ['no command given'] };
  const command = COMMANDS.find((name) => name === commandText);
  if (!command) errors.push(`unknown command "${commandText}" (commands: ${COMMANDS.join(', ')})`);
  if (extra.length > 0) {
    errors.push(`unexpected argument${extra.length > 1 ? 's' : ''} ${extra.map((a) => `"${a}"`).join(' ')}`);
  }

  const given = (Object.keys(values) as OptionName[]).filter((name) => values[name] !== undefined);
  const misplaced = command === 'sim' ? MONITOR_ONLY : SIM_ONLY;
  for (const name of given.filter((n) => misplaced.includes(n))) {
    errors.push(command === 'sim' ? `--${name} does not apply to sim` : `--${name} is only for sim`);
  }

  const options: CliOptions = {
    servers: values.servers ?? null,
    config: values.config ?? null,
    timeoutMs: values.timeout === undefined ? null : durationOption('timeout', values.timeout, errors),
    intervalMs: values.interval === undefined ? null : durationOption('interval', values.interval, errors),
    policy: values.policy === undefined ? null : policyOption(values.policy, errors),
    json: values.json ?? false,
    headers: headerOptions(values.header ?? [], errors),
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

function headerOptions(texts: readonly string[], errors: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const text of texts) {
    const header = parseHeader(text);
    if (header) headers[header.name] = header.value;
    else errors.push(`bad --header "${maskHeaderValue(text)}": expected 'Name: value'`);
  }
  return headers;
}

function countOption(text: string, errors: string[]): number | null {
  const count = /^\d+$/.test(text) ? Number(text) : NaN;
  if (count >= 1 && count <= MAX_SIM_COUNT) return count;
  errors.push(`bad --count "${text}": use a whole number from 1 to ${MAX_SIM_COUNT}`);
  return null;
}

function parseHeader(text: string): { name: string; value: string } | null {
  const colon = text.indexOf(':');
  if (colon < 0) return null;
  const name = text.slice(0, colon).trim();
  const value = text.slice(colon + 1).trim();
  if (!isHeaderName(name) || !isHeaderValue(value)) return null;
  return { name, value };
}

/** The value may be a secret: keep what names the header, hide the rest. */
function maskHeaderValue(text: string): string {
  const end = text.search(/[:\s]/);
  return end < 0 || end === text.length - 1 ? text : `${text.slice(0, end + 1)}…`;
}

/** node:util's messages, shortened to the part that names the problem. */
function parseArgsMessage(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown) return `unknown option ${unknown[1]}`;
  return message.split('\n')[0];
}
