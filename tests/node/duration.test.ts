import { describe, expect, it } from 'vitest';
import { DurationError, formatDuration, parseDuration } from '../../src/shared/duration';

describe('parseDuration', () => {
  it.each([
    ['800ms', 800],
    ['5s', 5_000],
    ['1m', 60_000],
    ['2h', 7_200_000],
    ['5', 5_000],
    ['0.5', 500],
    ['1.5s', 1_500],
    ['.25s', 250],
    [' 10 s ', 10_000],
    ['250MS', 250],
    ['1ms', 1],
  ])('%j is %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'abc', '5x', '5 seconds', '1e3', 's', '5s5', '1..5s', 'Infinity', '--5s', '+5s', '- 5s'])(
    'rejects %j, naming it and saying how to write one',
    (text) => {
      const error = catchError(() => parseDuration(text));
      expect(error.message).toBe(
        `bad duration "${text}": use a number with a unit, e.g. 800ms, 5s, 1m (a plain number means seconds)`,
      );
      expect(error.tooShort).toBe(false);
    },
  );

  it.each(['-5s', '-1', '-0.5m', '-.5', '0', '0s', '0.0ms', '-0'])(
    'rejects %j: a duration must be positive',
    (text) => {
      const error = catchError(() => parseDuration(text));
      expect(error.message).toBe(`bad duration "${text}": must be positive`);
      expect(error.tooShort).toBe(true);
    },
  );

  it('rejects a positive duration that rounds to no time at all', () => {
    const error = catchError(() => parseDuration('0.4ms'));
    expect(error.message).toBe('bad duration "0.4ms": must be at least 1ms');
    expect(error.tooShort).toBe(true);
  });
});

function catchError(parse: () => number): DurationError {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(DurationError);
    return error as DurationError;
  }
  throw new Error('parseDuration did not throw');
}

describe('formatDuration', () => {
  it.each([
    [500, '500ms'],
    [1_500, '1500ms'],
    [5_000, '5s'],
    [90_000, '90s'],
    [120_000, '2m'],
  ])('%i ms is %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('round-trips through parseDuration', () => {
    for (const ms of [1, 999, 1_000, 61_000, 3_600_000]) expect(parseDuration(formatDuration(ms))).toBe(ms);
  });
});
