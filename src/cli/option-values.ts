// Options that take a value, checked before node:util's parseArgs, whose messages for them
// ("argument is ambiguous", "argument missing") name neither the problem nor the way out.

/** What parseArgs's option config says about each option (only these fields matter here). */
type OptionShapes = Readonly<Record<string, { type: 'string' | 'boolean'; short?: string }>>;

/**
 * parseArgs takes an argument starting with `-` (but not `-` alone) for an option, never a value.
 * A negative number (`-1`, `-5s`, `-.5`) is taken as the value here: no option is a digit, so it
 * can only be one, and the option's own check then says what values it takes.
 */
const looksLikeOption = (arg: string): boolean =>
  arg.length > 1 && arg.startsWith('-') && !/^-\.?\d/.test(arg);

function isKnownOption(arg: string, options: OptionShapes): boolean {
  const long = /^--([^=]+)/.exec(arg)?.[1];
  if (long !== undefined) return Object.hasOwn(options, long);
  return Object.values(options).some((option) => option.short !== undefined && arg === `-${option.short}`);
}

/**
 * `--name VALUE` options whose value is missing or looks like an option, each named in an error
 * and taken out of argv (with the value meant for it), so parseArgs can check the rest. The
 * others are passed on as `--name=VALUE`, the one form parseArgs takes for any value.
 */
export function takeMissingValues(
  argv: readonly string[],
  options: OptionShapes,
): { argv: string[]; errors: string[] } {
  const kept: string[] = [];
  const errors: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      kept.push(...argv.slice(i));
      break;
    }
    const name = /^--([^=]+)$/.exec(arg)?.[1];
    const next = argv[i + 1];
    const takesValue = name !== undefined && Object.hasOwn(options, name) && options[name].type === 'string';
    if (!takesValue || (next !== undefined && !looksLikeOption(next))) {
      kept.push(takesValue ? `${arg}=${argv[++i]}` : arg);
    } else if (next === undefined || isKnownOption(next, options)) {
      errors.push(`--${name} needs a value`);
    } else {
      errors.push(
        `--${name} needs a value: "${next}" looks like an option (to pass it, write --${name}=${next})`,
      );
      i++;
    }
  }
  return { argv: kept, errors };
}
