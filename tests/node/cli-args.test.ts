import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/args';
import type { CliOptions } from '../../src/cli/args';
import { headerProblem } from '../../src/shared/header-syntax';

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

  it.each([[['--help']], [['-h']], [['status', '--help']], [['nope', '-h']], [['help']], [['help', 'sim']]])(
    '%j asks for help',
    (argv) => {
      expect(parseCommandLine(argv)).toEqual({ kind: 'help' });
    },
  );

  it('asks for the version', () => {
    expect(parseCommandLine(['--version'])).toEqual({ kind: 'version' });
  });

  it.each<[string[], string[]]>([
    [[], ['no command given']],
    [['frobnicate'], ['unknown command "frobnicate" (commands: status, best, watch, sim)']],
    [['status', 'extra', 'more'], ['unexpected arguments "extra" "more"']],
    // A forgotten --servers: the URL is echoed, its password never.
    [['status', 'https://alice:s3cret@gpu.lan:8188'], ['unexpected argument "https://gpu.lan:8188"']],
    [
      ['https://alice:s3cret@gpu.lan:8188'],
      ['unknown command "https://gpu.lan:8188" (commands: status, best, watch, sim)'],
    ],
    [['status', '--frob'], ['unknown option --frob']],
    [['status', '-x'], ['unknown option -x']],
    [['status', '--servers'], ['--servers needs a value']],
    [['status', '--policy', '--servers', 'x'], ['--policy needs a value']],
    [['status', '--timeout', '--json'], ['--timeout needs a value']],
    [
      ['status', '--timeout', '-1'],
      ['--timeout needs a value: "-1" looks like an option (to pass it, write --timeout=-1)'],
    ],
    [
      ['sim', '--count', '-3'],
      ['--count needs a value: "-3" looks like an option (to pass it, write --count=-3)'],
    ],
    [['sim', '--count=-3'], ['bad --count "-3": use a whole number from 1 to 100']],
    [
      ['status', '--header', '-x', '--servers'],
      [
        '--header needs a value: "-x" looks like an option (to pass it, write --header=-x)',
        '--servers needs a value',
      ],
    ],
    [
      ['status', '--timeout', '-1s', '--frob'],
      [
        '--timeout needs a value: "-1s" looks like an option (to pass it, write --timeout=-1s)',
        'unknown option --frob',
      ],
    ],
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
    [
      ['status', '--header', 'NoColon'],
      ['bad --header "NoColon": expected \'Name: value\' with a colon after the name'],
    ],
    [
      ['status', '--header', ': secret'],
      ['bad --header ":…": expected \'Name: value\' with a name before the colon'],
    ],
    [['best', '--interval', '5s'], ['--interval is only for watch']],
    [['status', '--interval', '5s'], ['--interval is only for watch']],
    [['sim', '--interval', '5s'], ['--interval is only for watch']],
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

  it.each([
    ['X-A: v€', 'X-A:…', 'X-A', 'v€'],
    ['Transfer-Encoding: chunked', 'Transfer-Encoding:…', 'Transfer-Encoding', 'chunked'],
    ['Host: evil', 'Host:…', 'Host', 'evil'],
    ['Bad Name: secret', 'Bad …', 'Bad Name', 'secret'],
    ['X-Bell: a\u0007b', 'X-Bell:…', 'X-Bell', 'a\u0007b'],
  ])('--header %j cannot be sent: the shared rule says why', (text, shown, name, value) => {
    const problem = headerProblem(name, value) ?? '';
    expect(problem).toContain(`"${name}"`);
    const result = parseCommandLine(['status', '--header', text]);
    const why = `${problem.charAt(0).toLowerCase()}${problem.slice(1, -1)}`;
    expect(result).toEqual({ kind: 'usage', errors: [`bad --header "${shown}": ${why}`] });
    expect(JSON.stringify(result)).not.toContain(value);
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
