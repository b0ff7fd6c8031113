import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/args';
import type { CliOptions } from '../../src/cli/args';

const defaults: CliOptions = {
  servers: null,
  config: null,
  timeoutMs: null,
  intervalMs: null,
  policy: null,
  json: false,
  headers: {},
  behaviours: [],
  count: null,
};

describe('parseCommandLine', () => {
  it('reads every option of a monitor command', () => {
    expect(
      parseCommandLine([
        'watch',
        '--servers',
        'a:1,b:2',
        '--config=/x.json',
        '--timeout',
        '800ms',
        '--interval',
        '1m',
        '--policy',
        'prefer-primary',
        '--json',
        '--header',
        'X-Key: a: b ',
        '--header',
        'Cf-Access:',
      ]),
    ).toEqual({
      kind: 'run',
      command: 'watch',
      options: {
        ...defaults,
        servers: 'a:1,b:2',
        config: '/x.json',
        timeoutMs: 800,
        intervalMs: 60_000,
        policy: 'prefer-primary',
        json: true,
        headers: { 'X-Key': 'a: b', 'Cf-Access': '' },
      },
    });
  });

  it('reads sim options', () => {
    expect(parseCommandLine(['sim', '--behaviour', 'idle', '--behaviour', 'busy:3', '--count', '4'])).toEqual(
      {
        kind: 'run',
        command: 'sim',
        options: { ...defaults, behaviours: ['idle', 'busy:3'], count: 4 },
      },
    );
  });

  it.each([[['--help']], [['-h']], [['status', '--help']], [['nope', '-h']]])('%j asks for help', (argv) => {
    expect(parseCommandLine(argv)).toEqual({ kind: 'help' });
  });

  it('asks for the version', () => {
    expect(parseCommandLine(['--version'])).toEqual({ kind: 'version' });
  });

  it.each<[string[], string[]]>([
    [[], ['no command given']],
    [['frobnicate'], ['unknown command "frobnicate" (commands: status, best, watch, sim)']],
    [['status', 'extra', 'more'], ['unexpected arguments "extra" "more"']],
    [['status', '--frob'], ['unknown option --frob']],
    [['status', '-x'], ['unknown option -x']],
    [['status', '--servers'], ["Option '--servers <value>' argument missing"]],
    [['status', '--json=yes'], ["Option '--json' does not take an argument"]],
    [
      ['status', '--timeout', '5x'],
      [
        '--timeout: bad duration "5x": use a number with a unit, e.g. 800ms, 5s, 1m (a plain number means seconds)',
      ],
    ],
    [['status', '--timeout', '10ms'], ['--timeout must be from 100ms to 2m (got "10ms")']],
    [['watch', '--interval', '0.1'], ['--interval must be from 500ms to 60m (got "0.1")']],
    [['status', '--policy', 'fastest'], ['bad --policy "fastest" (use least-busy or prefer-primary)']],
    [['status', '--header', 'NoColon'], ['bad --header "NoColon": expected \'Name: value\'']],
    [['status', '--header', 'Bad Name: secret'], ['bad --header "Bad …": expected \'Name: value\'']],
    [['status', '--header', ': secret'], ['bad --header ":…": expected \'Name: value\'']],
    [['status', '--count', '3'], ['--count is only for sim']],
    [['best', '--behaviour', 'idle'], ['--behaviour is only for sim']],
    [
      ['sim', '--servers', 'x', '--json'],
      ['--servers does not apply to sim', '--json does not apply to sim'],
    ],
    [['sim', '--count', '0'], ['bad --count "0": use a whole number from 1 to 100']],
    [['sim', '--count', '2.5'], ['bad --count "2.5": use a whole number from 1 to 100']],
    [['sim', '--count', '101'], ['bad --count "101": use a whole number from 1 to 100']],
  ])('%j is a usage error: %j', (argv, errors) => {
    expect(parseCommandLine(argv)).toEqual({ kind: 'usage', errors });
  });

  it('names every bad option value at once', () => {
    const result = parseCommandLine([
      'status',
      '--timeout',
      'x',
      '--policy',
      'y',
      '--header',
      'z',
      '--header',
      'w',
    ]);
    expect(result.kind === 'usage' && result.errors).toHaveLength(4);
  });
});
