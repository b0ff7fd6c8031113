// Bad input (exit 64), unusable settings files (exit 78) and where settings come from, through the
// built CLI. Every run gets a private HOME; nothing is probed unless a test says so.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_PREFIX } from '../../src/shared/settings';
import { APP_VERSION } from '../../src/shared/version';
import { parseBehaviour, startSimServer } from '../../src/sim';
import type { SimServer } from '../../src/sim';
import { makeTempHome, runCli } from './cli-harness';
import type { TempHome } from './cli-harness';

let home: TempHome;
let idle: SimServer;
const USAGE_HINT_LAST = /comfywatch: run `comfywatch --help` for usage\n$/;

beforeAll(async () => {
  home = makeTempHome();
  idle = await startSimServer(parseBehaviour('idle'));
});
afterAll(async () => {
  await idle.close();
  home.remove();
});

describe('bad input: exit 64, every problem named, nothing probed, nothing on stdout', () => {
  it.concurrent.for<[string, () => string[], RegExp[]]>([
    [
      'bad server entries',
      () => ['status', '--servers', `${idle.url}, ftp://x;https://me:secret@h:99999 zzz`],
      [
        /^comfywatch: bad server entry 2 \("ftp:\/\/x"\): /m,
        /^comfywatch: bad server entry 3 \("https:\/\/h:99999"\): /m,
        /^comfywatch: bad server entry 4 \("zzz"\): /m,
      ],
    ],
    ['an empty server list', () => ['best', '--servers', ' , '], [/--servers lists no server/]],
    ['an unknown option', () => ['status', '--frobnicate'], [/^comfywatch: unknown option --frobnicate$/m]],
    ['an unknown command', () => ['stats'], [/^comfywatch: unknown command "stats"/m]],
    ['no command', () => [], [/^comfywatch: no command given$/m]],
    [
      'a bad duration',
      () => ['status', '--servers', idle.url, '--timeout', '5x'],
      [/--timeout: bad duration "5x"/],
    ],
    [
      'a duration out of bounds',
      () => ['watch', '--servers', idle.url, '--interval', '100ms'],
      [/--interval must be from 500ms/],
    ],
    [
      'a bad policy',
      () => ['best', '--servers', idle.url, '--policy', 'fastest'],
      [/bad --policy "fastest"/],
    ],
    [
      'a bad header',
      () => ['best', '--servers', idle.url, '--header', 'X-Key=1'],
      [/bad --header "X-Key=…": expected 'Name: value' with a colon after the name/],
    ],
    [
      'several problems at once',
      () => ['status', '--servers', idle.url, '--timeout', 'soon', '--policy', 'x', '--header', 'nope'],
      [/--timeout: bad duration "soon"/, /bad --policy "x"/, /bad --header "nope"/],
    ],
    ['a sim option elsewhere', () => ['status', '--count', '2'], [/--count is only for sim/]],
    [
      'bad behaviour names',
      () => ['sim', '--behaviour', 'idle', '--behaviour', 'sleepy', '--behaviour', 'busy:x'],
      [/^comfywatch: unknown behaviour "sleepy"/m, /^comfywatch: bad behaviour "busy:x"/m, USAGE_HINT_LAST],
    ],
    [
      'behaviours past the limits',
      () => ['sim', '--behaviour', 'slow:99999999999999', '--behaviour', 'busy:100000000'],
      [
        /^comfywatch: bad behaviour "slow:99999999999999": slow needs a delay from 1 to 600000 ms \(10 min\)/m,
        /^comfywatch: bad behaviour "busy:100000000": busy needs a queue length from 0 to 10000 jobs/m,
        USAGE_HINT_LAST,
      ],
    ],
    [
      'headers that cannot be sent',
      () => [
        'status',
        '--servers',
        idle.url,
        '--header',
        'X-A: v€',
        '--header',
        'Transfer-Encoding: chunked',
        '--header',
        'Host: evil',
        '--header',
        'X-Key=secret',
      ],
      [
        /^comfywatch: bad --header "X-A:…": the value of "X-A" contains a character that is not ASCII/m,
        /^comfywatch: bad --header "Transfer-Encoding:…": "Transfer-Encoding" cannot be set/m,
        /^comfywatch: bad --header "Host:…": "Host" cannot be set/m,
        /^comfywatch: bad --header "X-Key=…": expected 'Name: value' with a colon after the name$/m,
        USAGE_HINT_LAST,
      ],
    ],
    [
      'option values that look like options',
      () => ['status', '--servers', idle.url, '--timeout', '-x', '--policy', '--json'],
      [
        /^comfywatch: --timeout needs a value: "-x" looks like an option \(to pass it, write --timeout=-x\)$/m,
        /^comfywatch: --policy needs a value$/m,
        USAGE_HINT_LAST,
      ],
    ],
    [
      'negative values, with what to give instead',
      () => ['status', '--servers', idle.url, '--timeout', '-1'],
      [/^comfywatch: --timeout must be from 100ms to 2m \(got "-1"\)$/m, USAGE_HINT_LAST],
    ],
    [
      'a negative duration written with =',
      () => ['watch', '--servers', idle.url, '--interval=-5s'],
      [/^comfywatch: --interval must be from 500ms to 60m \(got "-5s"\)$/m],
    ],
    [
      'a negative sim count',
      () => ['sim', '--count', '-3'],
      [/^comfywatch: --count must be a whole number from 1 to 100 \(got "-3"\)$/m],
    ],
    [
      'fewer sim servers than behaviours',
      () => ['sim', '--count', '1', '--behaviour', 'idle', '--behaviour', 'busy:2'],
      [
        /^comfywatch: --count 1 is less than the 2 --behaviour values given \(idle, busy:2\): give --count 2 or more, or leave it out$/m,
      ],
    ],
    [
      'a bad option and a bad server entry',
      () => ['status', '--timeout', '1h', '--servers', 'ftp://x'],
      [
        /^comfywatch: --timeout must be from 100ms to 2m \(got "1h"\)$/m,
        /^comfywatch: bad server entry 1 \("ftp:\/\/x"\): /m,
        USAGE_HINT_LAST,
      ],
    ],
    [
      'a bad header and every bad server entry',
      () => ['status', '--header', 'Host: y', '--servers', 'ftp://x,http://a:99999'],
      [
        /^comfywatch: bad --header "Host:…": "Host" cannot be set/m,
        /^comfywatch: bad server entry 1 \("ftp:\/\/x"\): /m,
        /^comfywatch: bad server entry 2 \("http:\/\/a:99999"\): /m,
      ],
    ],
    [
      'an unknown option, a bad server entry and a bad duration',
      () => ['best', '--frob', '--servers', 'ftp://x', '--timeout', 'soon'],
      [
        /^comfywatch: unknown option --frob$/m,
        /^comfywatch: bad server entry 1 \("ftp:\/\/x"\): /m,
        /^comfywatch: --timeout: bad duration "soon"/m,
      ],
    ],
    [
      'an unknown command and a bad server entry',
      () => ['stats', '--servers', `ftp://x,${idle.url}`],
      [/^comfywatch: unknown command "stats"/m, /^comfywatch: bad server entry 1 \("ftp:\/\/x"\): /m],
    ],
    [
      'a repeated --servers, with the entries of both',
      () => ['best', '--servers', idle.url, '--servers', 'ftp://x'],
      [
        /^comfywatch: --servers is given 2 times: give it once, listing every server in it/m,
        /^comfywatch: bad server entry 2 \("ftp:\/\/x"\): /m,
      ],
    ],
    [
      '--interval outside watch',
      () => ['best', '--servers', idle.url, '--interval', '5s'],
      [/^comfywatch: --interval is only for watch$/m, USAGE_HINT_LAST],
    ],
  ])('%s', async ([, args, messages], { expect }) => {
    const before = idle.requestCount();
    const run = await runCli(args(), home.env);
    expect(run.code).toBe(64);
    expect(run.stdout).toBe('');
    for (const message of messages) expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toContain('secret');
    expect(idle.requestCount()).toBe(before);
  });

  it('a bad server entry and an unusable --config file: 64, naming both', async () => {
    const missing = path.join(home.dir, 'nope.json');
    const run = await runCli(['status', '--servers', 'ftp://x', '--config', missing], home.env);
    expect(run).toMatchObject({ code: 64, stdout: '' });
    expect(run.stderr.split('\n')).toEqual([
      expect.stringMatching(/^comfywatch: bad server entry 1 \("ftp:\/\/x"\): /),
      `comfywatch: no settings file at ${missing}`,
      'comfywatch: run `comfywatch --help` for usage',
      '',
    ]);
  });

  it("a bad option and an unusable settings file (the app's own): 64, naming both", async () => {
    const appHome = makeTempHome();
    try {
      mkdirSync(path.dirname(appHome.settingsPath), { recursive: true });
      appHome.write(appHome.settingsPath, { servers: [{ url: idle.url }], fall: 'x' });
      const before = idle.requestCount();
      const run = await runCli(['best', '--policy', 'fastest'], appHome.env);
      expect(run).toMatchObject({ code: 64, stdout: '' });
      expect(run.stderr.split('\n')).toEqual([
        'comfywatch: bad --policy "fastest" (use least-busy or prefer-primary)',
        `comfywatch: the settings file ${appHome.settingsPath} is not valid: fall must be a whole number (got "x")`,
        'comfywatch: run `comfywatch --help` for usage',
        '',
      ]);
      expect(idle.requestCount()).toBe(before);
    } finally {
      appHome.remove();
    }
  });

  it('a repeated --config: 64 naming it', async () => {
    const file = home.write('ok.json', { servers: [{ url: idle.url }] });
    const run = await runCli(['best', '--config', file, '--config', file], home.env);
    expect(run).toMatchObject({ code: 64, stdout: '' });
    expect(run.stderr).toMatch(/^comfywatch: --config is given 2 times: give it once$/m);
  });

  it('a settings file with a header that cannot be sent: 78 naming the file, the server and the header', async () => {
    const file = home.write('bad-header.json', {
      servers: [{ url: idle.url, headers: { 'bad name': 'v' } }],
    });
    const before = idle.requestCount();
    const run = await runCli(['best', '--config', file], home.env);
    expect(run).toMatchObject({ code: 78, stdout: '' });
    expect(run.stderr).toBe(
      `comfywatch: the settings file ${file} is not valid: servers[0].headers (${idle.url}): ` +
        '"bad name" is not a valid header name: it contains a space\n',
    );
    expect(idle.requestCount()).toBe(before);
  });

  it('a settings file with a bad server entry: 64 naming the file and the entry', async () => {
    const file = home.write('bad-entry.json', { servers: [{ url: idle.url }, { url: 'ftp://nope' }] });
    const before = idle.requestCount();
    const run = await runCli(['status', '--config', file], home.env);
    expect(run).toMatchObject({ code: 64, stdout: '' });
    expect(run.stderr).toContain(`comfywatch: ${file}: bad server entry 2 ("ftp://nope")`);
    expect(idle.requestCount()).toBe(before);
  });
});

describe('unusable settings file: exit 78 saying what and where', () => {
  it.concurrent.for<[string, unknown, RegExp]>([
    ['missing', null, /^comfywatch: no settings file at \S+missing\.json$/m],
    [
      'invalid JSON',
      '{\n  "servers": [,]\n}',
      /^comfywatch: the settings file \S+c-1\.json is not valid JSON at line 2, column 15: unexpected ","$/m,
    ],
    [
      'a schema violation',
      { intervalMs: 10, servers: [] },
      /^comfywatch: the settings file \S+c-2\.json is not valid: intervalMs must be >= 500 \(got 10\)$/m,
    ],
  ])('--config %s', async ([kind, content, message], { expect }) => {
    const name = kind === 'invalid JSON' ? 'c-1.json' : 'c-2.json';
    const file = content === null ? path.join(home.dir, 'missing.json') : home.write(name, content);
    const run = await runCli(['status', '--config', file, '--servers', idle.url], home.env);
    expect(run).toMatchObject({ code: 78, stdout: '' });
    expect(run.stderr).toMatch(message);
  });

  it('COMFYWATCH_CONFIG is read like --config', async () => {
    const run = await runCli(['best'], { ...home.env, COMFYWATCH_CONFIG: path.join(home.dir, 'gone.json') });
    expect(run).toMatchObject({ code: 78, stdout: '' });
    expect(run.stderr).toContain(`no settings file at ${path.join(home.dir, 'gone.json')}`);
  });
});

describe("the app's own settings file", () => {
  it('is used when no servers are given, and stderr says so', async () => {
    const appHome = makeTempHome();
    try {
      mkdirSync(path.dirname(appHome.settingsPath), { recursive: true });
      appHome.write(appHome.settingsPath, { version: 1, servers: [{ url: idle.url }] });
      const run = await runCli(['best'], appHome.env);
      expect(run).toMatchObject({ code: 0, stdout: `${idle.url}\n` });
      expect(run.stderr).toBe(`comfywatch: using settings from ${appHome.settingsPath}\n`);

      appHome.write(appHome.settingsPath, '{"servers": ');
      const broken = await runCli(['best'], appHome.env);
      expect(broken).toMatchObject({ code: 78, stdout: '' });
      expect(broken.stderr).toContain(
        `the settings file ${appHome.settingsPath} is not valid JSON at line 1`,
      );
    } finally {
      appHome.remove();
    }
  });

  it('is looked for under the private HOME (shown by --help)', async () => {
    const run = await runCli(['--help'], home.env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: comfywatch <command> [options]');
    expect(run.stdout).toContain(home.settingsPath);
    expect(run.stdout.replace(/\s+/g, ' ')).toContain('separated by commas, newlines, spaces or semicolons');
    expect(await runCli(['help'], home.env)).toEqual({ ...run, stderr: '' });
  });
});

describe('headers from the settings file', () => {
  it('skips an encrypted header with a warning naming the server and header', async () => {
    const file = home.write('secret.json', {
      servers: [{ url: idle.url, headers: { 'X-Token': `${SECRET_PREFIX}AAAA`, 'X-Plain': 'p' } }],
    });
    const run = await runCli(['best', '--config', file], home.env);
    expect(run).toMatchObject({ code: 0, stdout: `${idle.url}\n` });
    expect(run.stderr).toContain(`the "X-Token" header of ${idle.url} is encrypted by the app`);
    expect(run.stderr).toContain("pass it with --header 'X-Token: value' instead");
    expect(idle.lastHeaders?.['x-plain']).toBe('p');
    expect(idle.lastHeaders?.['x-token']).toBeUndefined();

    const withHeader = await runCli(['best', '--config', file, '--header', 'X-Token: t0k'], home.env);
    expect(withHeader).toMatchObject({ code: 0, stderr: '' });
    expect(idle.lastHeaders?.['x-token']).toBe('t0k');
  });
});

describe('mistakes in a readable settings file: warned about, then ignored', () => {
  it('names unknown keys (with the key meant) and a newer version', async () => {
    const file = home.write('typos.json', {
      version: 9,
      servers: [{ url: idle.url, trustSelfSigend: true }],
      timeoutms: 100,
      notify: { failOver: false },
    });
    const run = await runCli(['best', '--config', file], home.env);
    expect(run).toMatchObject({ code: 0, stdout: `${idle.url}\n` });
    expect(run.stderr.split('\n')).toEqual([
      `comfywatch: the settings file ${file} was written by a newer ComfyWatch (settings version 9; this one knows version 1): the parts it does not know are ignored`,
      `comfywatch: unknown setting "timeoutms" in the settings file ${file} ignored (did you mean "timeoutMs"?)`,
      `comfywatch: unknown setting "servers[0].trustSelfSigend" in the settings file ${file} ignored (did you mean "servers[0].trustSelfSigned"?)`,
      `comfywatch: unknown setting "notify.failOver" in the settings file ${file} ignored (did you mean "notify.failover"?)`,
      '',
    ]);
  });
});

describe('credentials in a URL and --header Authorization', () => {
  it('the URL wins for its server, the header goes to the others, and stderr says so', async () => {
    const other = await startSimServer(parseBehaviour('idle'));
    try {
      const withCredentials = idle.url.replace('http://', 'http://alice:pw@');
      const run = await runCli(
        ['status', '--servers', `${withCredentials},${other.url}`, '--header', 'Authorization: Bearer tok'],
        home.env,
      );
      expect(run.code).toBe(0);
      expect(run.stderr).toBe(
        `comfywatch: ${idle.url}: the credentials in the URL are used for this server instead of ` +
          "--header 'Authorization' (which applies to the other servers)\n",
      );
      expect(idle.lastHeaders?.authorization).toBe(`Basic ${Buffer.from('alice:pw').toString('base64')}`);
      expect(other.lastHeaders?.authorization).toBe('Bearer tok');
      expect(run.stdout + run.stderr).not.toContain('pw@');
    } finally {
      await other.close();
    }
  });
});

describe('notices go to stderr, data to stdout', () => {
  it('an added http:// and a removed duplicate', async () => {
    const bare = idle.url.replace('http://', '');
    const run = await runCli(['best', '--servers', `${bare} ${idle.url}`], home.env);
    expect(run).toMatchObject({ code: 0, stdout: `${idle.url}\n` });
    expect(run.stderr).toMatch(/^comfywatch: server entry 1 .*added http:\/\//m);
    expect(run.stderr).toMatch(/^comfywatch: server entry 2 .*duplicate/m);
  });

  it('--version', async () => {
    expect(await runCli(['--version'], home.env)).toMatchObject({
      code: 0,
      stdout: `${APP_VERSION}\n`,
      stderr: '',
    });
  });
});
