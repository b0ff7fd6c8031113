// Durations as people type them (`800ms`, `5s`, `1m`, a plain number = seconds), in milliseconds.
// Shared by the CLI options and anything else that reads a duration from text.

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

const DURATION = /^(-)?(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h)?$/i;

/** Why text is not a duration; `tooShort` when it is written as one but is not at least 1 ms. */
export class DurationError extends Error {
  constructor(
    message: string,
    readonly tooShort: boolean,
  ) {
    super(message);
    this.name = 'DurationError';
  }
}

/**
 * Parses a duration to whole milliseconds, at least 1; throws a DurationError that quotes the
 * text when it is not one (zero and negative durations included: nothing waits for no time).
 */
export function parseDuration(text: string): number {
  const match = DURATION.exec(text.trim());
  if (!match) {
    throw new DurationError(
      `bad duration "${text}": use a number with a unit, e.g. 800ms, 5s, 1m (a plain number means seconds)`,
      false,
    );
  }
  const [, minus, amount, unit = 's'] = match;
  if (minus !== undefined || Number(amount) === 0) {
    throw new DurationError(`bad duration "${text}": must be positive`, true);
  }
  const ms = Math.round(Number(amount) * UNIT_MS[unit.toLowerCase()]);
  if (ms === 0) throw new DurationError(`bad duration "${text}": must be at least 1ms`, true);
  return ms;
}

/** The shortest exact way to write a millisecond duration back (`500ms`, `5s`, `2m`). */
export function formatDuration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1_000 && ms % 1_000 === 0) return `${ms / 1_000}s`;
  return `${ms}ms`;
}
