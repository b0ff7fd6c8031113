import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/shared/duration';

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
    ['0', 0],
  ])('%j is %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'abc', '5x', '-5s', '5 seconds', '1e3', 's', '5s5', '1..5s', 'Infinity'])(
    'rejects %j, naming it',
    (text) => {
      expect(() => parseDuration(text)).toThrow(`bad duration "${text}"`);
    },
  );
});

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
