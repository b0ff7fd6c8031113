// The command line parsed into a command and checked options. Every problem is collected, so
// one run names them all; nothing here touches the network or the settings file.
import { parseArgs } from 'node:util';
import { DurationError, formatDuration, parseDuration } from '../shared/duration';
import { redactUrl } from '../shared/server-list';
import { SETTING_BOUNDS } from '../shared/settings';
import type { Policy } from '../shared/types';
import { parseBehaviour } from '../sim';
import type { Behaviour } from '../sim';
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
  /** `sim --behaviour`, in the order given. */
  behaviours: Behaviour[];
  count: number | null;
}

export type ParsedArgs =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'run'; command: CommandName; options: CliOptions }
  /**
   * `command` (null when unknown) and `options` as far as they could be read (a bad value is
   * null), so the caller can check what lies beyond the command line and name it too.
   */
  | { kind: 'usage'; errors: string[]; command: CommandName | null; options: CliOptions };

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

const PARSE_CONFIG = { options: OPTIONS, allowPositionals: true, tokens: true } as const;
type Values = ReturnType<typeof parseArgs<typeof PARSE_CONFIG & { strict: true }>>['values'];
/** A strict reading's tokens are lenient ones too (with known names only). */
type Token = ReturnType<typeof parseArgs<typeof PARSE_CONFIG & { strict: false }>>['tokens'][number];
type Parsed = { values: Values; positionals: string[]; tokens: Token[] };

/**
 * parseArgs's reading of the command line. When it refuses it (an unknown option...), its error,
 * and the same reading done leniently, keeping only values of the options' own types, so every
 * other option can still be checked and named.
 */
function readArgs(args: string[]): { parsed: Parsed; error: string | null } {
  try {
    return { parsed: parseArgs({ ...PARSE_CONFIG, args, strict: true }), error: null };
  } catch (error) {
    const lenient = parseArgs({ ...PARSE_CONFIG, args, strict: false });
    const values: Record<string, unknown> = {};
    for (const [name, option] of Object.entries(OPTIONS)) {
      const value = lenient.values[name];
      const fits = (v: unknown) => typeof v === option.type;
      if ('multiple' in option) values[name] = Array.isArray(value) ? value.filter(fits) : undefined;
      else if (fits(value)) values[name] = value;
    }
    // Only lenient about types: what is kept has the types the strict reading gives.
    return { parsed: { ...lenient, values: values as Values }, error: parseArgsMessage(error) };
  }
}

export function parseCommandLine(argv: readonly string[]): ParsedArgs {
  const checked = takeMissingValues(argv, OPTIONS);
  const { parsed, error } = readArgs(checked.argv);
  const { values, positionals, tokens } = parsed;
  const [commandText, ...extra] = positionals;
  if (values.help || commandText === 'help') return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const errors = [...checked.errors, ...(error === null ? [] : [error]), ...repeatedOptions(tokens)];
  const command = COMMANDS.find((name) => name === commandText) ?? null;
  if (commandText === undefined) errors.push('no command given');
  // Echoed arguments may be URLs with credentials (a forgotten --servers): never show a password.
  else if (!command) {
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
  const behaviourTexts = values.behaviour ?? [];
  const options: CliOptions = {
    servers: serversValue(tokens),
    config: values.config ?? null,
    timeoutMs: values.timeout === undefined ? null : durationOption('timeout', values.timeout, errors),
    intervalMs: values.interval === undefined ? null : durationOption('interval', values.interval, errors),
    policy: values.policy === undefined ? null : policyOption(values.policy, errors),
    json: values.json ?? false,
    headers: header.headers,
    behaviours: behaviourTexts.flatMap((text) => behaviourOption(text, errors)),
    count: values.count === undefined ? null : countOption(values.count, errors),
  };
  // Fewer servers than behaviours would leave the last behaviours out without a word.
  if (options.count !== null && options.count < behaviourTexts.length) {
    errors.push(
      `--count ${options.count} is less than the ${behaviourTexts.length} --behaviour values given ` +
        `(${behaviourTexts.join(', ')}): give --count ${behaviourTexts.length} or more, or leave it out`,
    );
  }

  if (errors.length > 0 || !command) return { kind: 'usage', errors, command, options };
  return { kind: 'run', command, options };
}

/** Options that take one value: given twice, which one was meant is anyone's guess. */
function repeatedOptions(tokens: readonly Token[]): string[] {
  const counts = new Map<string, number>();
  for (const token of tokens) {
    if (token.kind !== 'option' || !Object.hasOwn(OPTIONS, token.name)) continue;
    const option = OPTIONS[token.name as OptionName];
    if (option.type === 'string' && !('multiple' in option)) {
      counts.set(token.name, (counts.get(token.name) ?? 0) + 1);
    }
  }
  return [...counts]
    .filter(([, count]) => count > 1)
    .map(
      ([name, count]) =>
        `--${name} is given ${count} times: give it once` +
        (name === 'servers' ? ', listing every server in it (e.g. --servers a:8188,b:8188)' : ''),
    );
}

/** --servers; when given more than once, all the lists as one, so every entry still gets checked. */
function serversValue(tokens: readonly Token[]): string | null {
  const lists = tokens.flatMap((token) =>
    token.kind === 'option' && token.name === 'servers' && token.value !== undefined ? [token.value] : [],
  );
  return lists.length === 0 ? null : lists.join('\n');
}

/** --timeout and --interval: a duration within the setting's bounds. */
function durationOption(option: 'timeout' | 'interval', text: string, errors: string[]): number | null {
  let ms: number | null = null;
  try {
    ms = parseDuration(text);
  } catch (error) {
    // A duration that is zero or negative gets the range, which says what to write instead.
    if (!(error instanceof DurationError && error.tooShort)) {
      errors.push(`--${option}: ${(error as Error).message}`);
      return null;
    }
  }
  const { min, max } = SETTING_BOUNDS[option === 'timeout' ? 'timeoutMs' : 'intervalMs'];
  if (ms !== null && ms >= min && ms <= max) return ms;
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
  errors.push(`--count must be a whole number from 1 to ${MAX_SIM_COUNT} (got "${text}")`);
  return null;
}

function behaviourOption(text: string, errors: string[]): Behaviour[] {
  try {
    return [parseBehaviour(text)];
  } catch (error) {
    errors.push((error as Error).message);
    return [];
  }
}

/** node:util's messages, shortened to the part that names the problem. */
function parseArgsMessage(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown) return `unknown option ${unknown[1]}`;
  return message.split('\n')[0];
}
