import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/args';
import type { CliOptions } from '../../src/cli/args';
import { headerProblem } from '../../src/shared/header-syntax';
import { parseBehaviour } from '../../src/sim';

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
        options: { ...defaults, behaviours: [parseBehaviour('idle'), parseBehaviour('busy:3')], count: 4 },
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

  it.each<[string[], unknown[]]>([
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
    // A negative number is a value, never an option: the option's own rule answers it.
    [['status', '--timeout', '-1'], ['--timeout must be from 100ms to 2m (got "-1")']],
    [['status', '--timeout=-1'], ['--timeout must be from 100ms to 2m (got "-1")']],
    [['status', '--timeout', '-5s'], ['--timeout must be from 100ms to 2m (got "-5s")']],
    [['status', '--timeout', '0'], ['--timeout must be from 100ms to 2m (got "0")']],
    [['watch', '--interval', '-.5m'], ['--interval must be from 500ms to 60m (got "-.5m")']],
    [['sim', '--count', '-3'], ['--count must be a whole number from 1 to 100 (got "-3")']],
    [['sim', '--count=-3'], ['--count must be a whole number from 1 to 100 (got "-3")']],
    [['status', '--policy', '-1'], ['bad --policy "-1" (use least-busy or prefer-primary)']],
    [
      ['status', '--header', '-x', '--servers'],
      [
        '--header needs a value: "-x" looks like an option (to pass it, write --header=-x)',
        '--servers needs a value',
      ],
    ],
    [
      ['status', '--timeout', '-x', '--frob'],
      [
        '--timeout needs a value: "-x" looks like an option (to pass it, write --timeout=-x)',
        'unknown option --frob',
      ],
    ],
    // parseArgs refuses an unknown option; every other option is still checked.
    [
      ['status', '--timeout', '-1s', '--frob', '--policy', 'x'],
      [
        'unknown option --frob',
        '--timeout must be from 100ms to 2m (got "-1s")',
        'bad --policy "x" (use least-busy or prefer-primary)',
      ],
    ],
    [
      ['status', '--json=yes', '--count', '2'],
      ["Option '--json' does not take an argument", '--count is only for sim'],
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
    [['sim', '--count', '0'], ['--count must be a whole number from 1 to 100 (got "0")']],
    [['sim', '--count', '2.5'], ['--count must be a whole number from 1 to 100 (got "2.5")']],
    [['sim', '--count', '101'], ['--count must be a whole number from 1 to 100 (got "101")']],
    [
      ['sim', '--count', '1', '--behaviour', 'idle', '--behaviour', 'busy:2'],
      [
        '--count 1 is less than the 2 --behaviour values given (idle, busy:2): give --count 2 or more, or leave it out',
      ],
    ],
    [
      ['sim', '--behaviour', 'sleepy', '--count', '0'],
      [
        expect.stringMatching(/^unknown behaviour "sleepy" \(known: idle, busy:N, /),
        '--count must be a whole number from 1 to 100 (got "0")',
      ],
    ],
    [['status', '--config', 'a.json', '--config=b.json'], ['--config is given 2 times: give it once']],
    [
      ['best', '--servers', 'a:1', '--timeout', '1s', '--servers', 'b:2', '--timeout', '2s'],
      [
        '--servers is given 2 times: give it once, listing every server in it (e.g. --servers a:8188,b:8188)',
        '--timeout is given 2 times: give it once',
      ],
    ],
  ])('%j is a usage error: %j', (argv, errors) => {
    expect(parseCommandLine(argv)).toMatchObject({ kind: 'usage', errors });
  });

  it('still reads the command and the options after a usage error, for the caller to check further', () => {
    expect(
      parseCommandLine([
        'status',
        '--frob',
        '--servers',
        'ftp://x',
        '--config',
        'c.json',
        '--header',
        'X-A: 1',
      ]),
    ).toEqual({
      kind: 'usage',
      errors: ['unknown option --frob'],
      command: 'status',
      options: { ...defaults, servers: 'ftp://x', config: 'c.json', headers: { 'X-A': '1' } },
    });
    expect(parseCommandLine(['stat', '--servers', 'a:1', '--timeout', 'x'])).toMatchObject({
      command: null,
      options: { servers: 'a:1', timeoutMs: null },
    });
  });

  it('a repeated --servers keeps every list, so every entry can be checked', () => {
    expect(parseCommandLine(['status', '--servers', 'a:1,ftp://x', '--servers=b:2'])).toMatchObject({
      kind: 'usage',
      options: { servers: 'a:1,ftp://x\nb:2' },
    });
  });

  it('--header and --behaviour are repeatable; a repeated --json is harmless', () => {
    const result = parseCommandLine(['status', '--header', 'A: 1', '--header', 'B: 2', '--json', '--json']);
    expect(result).toMatchObject({ kind: 'run', options: { headers: { A: '1', B: '2' }, json: true } });
    expect(
      parseCommandLine(['sim', '--behaviour', 'idle', '--behaviour', 'idle', '--count', '2']),
    ).toMatchObject({
      kind: 'run',
    });
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
    expect(result).toMatchObject({ kind: 'usage', errors: [`bad --header "${shown}": ${why}`] });
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
