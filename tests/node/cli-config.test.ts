import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliOptions } from '../../src/cli/args';
import { resolveConfig } from '../../src/cli/config';
import type { ConfigSources } from '../../src/cli/config';
import { DEFAULT_SETTINGS, SECRET_PREFIX } from '../../src/shared/settings';

const options = (fields: Partial<CliOptions> = {}): CliOptions => ({
  servers: null,
  config: null,
  timeoutMs: null,
  intervalMs: null,
  policy: null,
  json: false,
  headers: {},
  behaviours: [],
  count: null,
  ...fields,
});

let dir: string;
let sources: ConfigSources;
const write = (name: string, content: unknown): string => {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
};

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'comfywatch-config-'));
  sources = { env: {}, cwd: dir, appSettingsPath: path.join(dir, 'app', 'config.json') };
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('resolveConfig: servers from --servers', () => {
  it('normalises the list, passes --header to every server and reports notices', () => {
    const result = resolveConfig(
      options({ servers: 'localhost:8188, http://b:2/ http://b:2', headers: { 'X-Key': 'k' } }),
      sources,
    );
    expect(result).toEqual({
      ok: true,
      config: {
        settings: DEFAULT_SETTINGS,
        targets: [
          { url: 'http://localhost:8188', headers: { 'X-Key': 'k' }, trustSelfSigned: false },
          { url: 'http://b:2', headers: { 'X-Key': 'k' }, trustSelfSigned: false },
        ],
      },
      notices: [
        expect.stringMatching(/^server entry 1 .*added http:\/\//),
        expect.stringMatching(/^server entry 3 .*duplicate/),
      ],
    });
  });

  it('names every bad entry, with credentials masked', () => {
    const result = resolveConfig(
      options({ servers: 'http://ok:1 ftp://x https://me:pw@h:99999 zzz' }),
      sources,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.exitCode).toBe(64);
    expect(result.errors).toHaveLength(3);
    expect(result.errors[0]).toMatch(/^bad server entry 2 \("ftp:\/\/x"\): /);
    expect(result.errors[1]).toMatch(/^bad server entry 3 \("https:\/\/h:99999"\): /);
    expect(result.errors[2]).toMatch(/^bad server entry 4 \("zzz"\): /);
    expect(JSON.stringify(result)).not.toContain('pw');
  });

  it('rejects a list with no server', () => {
    expect(resolveConfig(options({ servers: ' , ; ' }), sources)).toMatchObject({
      ok: false,
      exitCode: 64,
      errors: ['--servers lists no server'],
    });
  });

  it('names the bad entries and the unusable --config file together (64: the entries come first)', () => {
    const result = resolveConfig(
      options({ servers: 'ftp://x http://a:99999', config: path.join(dir, 'nope.json') }),
      sources,
    );
    expect(result).toEqual({
      ok: false,
      exitCode: 64,
      errors: [
        expect.stringMatching(/^bad server entry 1 \("ftp:\/\/x"\): /),
        expect.stringMatching(/^bad server entry 2 \("http:\/\/a:99999"\): /),
        `no settings file at ${path.join(dir, 'nope.json')}`,
      ],
      notices: [],
    });
  });

  it('says which Authorization a server with credentials in its URL sends', () => {
    const basic = `Basic ${Buffer.from('alice:pw').toString('base64')}`;
    const result = resolveConfig(
      options({
        servers: 'http://alice:pw@a:1 http://b:2',
        headers: { authorization: 'Bearer tok', 'X-Key': 'k' },
      }),
      sources,
    );
    expect(result).toEqual({
      ok: true,
      config: {
        settings: DEFAULT_SETTINGS,
        targets: [
          { url: 'http://a:1', headers: { 'X-Key': 'k', authorization: basic }, trustSelfSigned: false },
          {
            url: 'http://b:2',
            headers: { authorization: 'Bearer tok', 'X-Key': 'k' },
            trustSelfSigned: false,
          },
        ],
      },
      notices: [
        "http://a:1: the credentials in the URL are used for this server instead of --header 'authorization' " +
          '(which applies to the other servers)',
      ],
    });
    expect(JSON.stringify(result.notices)).not.toContain('pw');

    const allOwn = resolveConfig(
      options({ servers: 'http://alice:pw@a:1', headers: { Authorization: 'Bearer tok' } }),
      sources,
    );
    expect(allOwn.notices).toEqual([
      "http://a:1: the credentials in the URL are used for this server instead of --header 'Authorization'",
    ]);
    // No --header Authorization, or no credentials: nothing to choose between.
    expect(resolveConfig(options({ servers: 'http://alice:pw@a:1' }), sources).notices).toEqual([]);
    expect(
      resolveConfig(options({ servers: 'http://a:1', headers: { Authorization: 'x' } }), sources).notices,
    ).toEqual([]);
  });

  it('does not read the app settings file, even a broken one', () => {
    write('broken.json', '{');
    sources.appSettingsPath = path.join(dir, 'broken.json');
    const result = resolveConfig(options({ servers: 'http://a:1' }), sources);
    expect(result).toMatchObject({ ok: true, notices: [] });
  });
});

describe('resolveConfig: settings files', () => {
  const settings = {
    servers: [
      { url: 'https://me:pw@a.example:8443', trustSelfSigned: true },
      { url: 'http://b:2', headers: { 'X-Plain': 'p', 'X-Secret': `${SECRET_PREFIX}abc` } },
    ],
    timeoutMs: 3000,
    intervalMs: 4000,
    fall: 5,
    policy: 'prefer-primary',
  };

  it('takes servers and settings from --config; the command line overrides', () => {
    const file = write('c.json', settings);
    const result = resolveConfig(options({ config: file, timeoutMs: 700, policy: 'least-busy' }), sources);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.settings).toEqual({
      ...DEFAULT_SETTINGS,
      servers: expect.any(Array) as unknown,
      timeoutMs: 700,
      intervalMs: 4000,
      fall: 5,
      policy: 'least-busy',
    });
    expect(result.config.targets).toEqual([
      {
        url: 'https://a.example:8443',
        headers: { authorization: `Basic ${Buffer.from('me:pw').toString('base64')}` },
        trustSelfSigned: true,
      },
      { url: 'http://b:2', headers: { 'X-Plain': 'p' }, trustSelfSigned: false },
    ]);
    expect(result.notices).toEqual([
      `${file}: the "X-Secret" header of http://b:2 is encrypted by the app and cannot be decrypted here, ` +
        "so it is not sent; pass it with --header 'X-Secret: value' instead",
    ]);
  });

  it("says when a file server's URL credentials win over --header Authorization", () => {
    const file = write('c.json', settings);
    const result = resolveConfig(options({ config: file, headers: { Authorization: 'Bearer t' } }), sources);
    expect(
      result.ok && result.config.targets.map((t) => t.headers.authorization ?? t.headers.Authorization),
    ).toEqual([`Basic ${Buffer.from('me:pw').toString('base64')}`, 'Bearer t']);
    expect(result.notices).toContain(
      `${file}: https://a.example:8443: the credentials in the URL are used for this server instead of ` +
        "--header 'Authorization' (which applies to the other servers)",
    );
  });

  it('lets --header replace a secret header without a warning', () => {
    const file = write('c.json', settings);
    const result = resolveConfig(options({ config: file, headers: { 'x-secret': 'plain' } }), sources);
    expect(result.ok && result.config.targets[1].headers).toEqual({ 'X-Plain': 'p', 'x-secret': 'plain' });
    expect(result.notices).toEqual([]);
  });

  it('uses --servers with the settings of --config', () => {
    const file = write('c.json', settings);
    const result = resolveConfig(options({ config: file, servers: 'http://z:1' }), sources);
    expect(result.ok && result.config.targets.map((t) => t.url)).toEqual(['http://z:1']);
    expect(result.ok && result.config.settings.fall).toBe(5);
  });

  it('reads COMFYWATCH_CONFIG, relative to the working directory; --config wins', () => {
    write('env.json', { servers: [{ url: 'http://env:1' }] });
    write('flag.json', { servers: [{ url: 'http://flag:1' }] });
    sources.env = { COMFYWATCH_CONFIG: 'env.json' };
    const fromEnv = resolveConfig(options(), sources);
    expect(fromEnv.ok && fromEnv.config.targets.map((t) => t.url)).toEqual(['http://env:1']);
    const fromFlag = resolveConfig(options({ config: 'flag.json' }), sources);
    expect(fromFlag.ok && fromFlag.config.targets.map((t) => t.url)).toEqual(['http://flag:1']);
  });

  it.each<[string, string | null, RegExp[]]>([
    ['missing', null, [/^no settings file at .*missing\.json$/]],
    [
      'invalid JSON',
      '{\n  "fall": 2,\n}',
      [/^the settings file .*c\.json is not valid JSON at line 3, column 1: unexpected "}"$/],
    ],
    [
      'schema violation',
      '{"intervalMs": 10, "fall": "x"}',
      [
        /^the settings file .*c\.json is not valid: intervalMs must be >= 500 \(got 10\)$/,
        /is not valid: fall must be a whole number/,
      ],
    ],
  ])('exits 78 on a %s --config file', (_, content, errors) => {
    const file = content === null ? path.join(dir, 'missing.json') : write('c.json', content);
    const result = resolveConfig(options({ config: file, servers: 'http://a:1' }), sources);
    expect(result).toMatchObject({ ok: false, exitCode: 78 });
    expect(!result.ok && result.errors).toEqual(errors.map((pattern) => expect.stringMatching(pattern)));
  });

  it('uses the app settings file when it exists, and says so', () => {
    sources.appSettingsPath = write('app.json', { servers: [{ url: 'http://app:1' }] });
    const result = resolveConfig(options(), sources);
    expect(result.ok && result.config.targets.map((t) => t.url)).toEqual(['http://app:1']);
    expect(result.notices).toEqual([`using settings from ${sources.appSettingsPath}`]);
  });

  it('exits 78 on a broken app settings file', () => {
    sources.appSettingsPath = write('app.json', '[1,');
    expect(resolveConfig(options(), sources)).toMatchObject({
      ok: false,
      exitCode: 78,
      errors: [expect.stringContaining('app.json is not valid JSON at line 1, column 4')],
    });
  });

  it('falls back to the default server when there is no settings file', () => {
    const result = resolveConfig(options({ headers: { A: 'b' } }), sources);
    expect(result).toEqual({
      ok: true,
      config: {
        settings: DEFAULT_SETTINGS,
        targets: [{ url: 'http://127.0.0.1:8188', headers: { A: 'b' }, trustSelfSigned: false }],
      },
      notices: [
        `no settings file found at ${sources.appSettingsPath}; using the default server http://127.0.0.1:8188`,
      ],
    });
  });

  it('exits 64 naming every bad server entry of the file and the file', () => {
    const file = write('c.json', {
      servers: [{ url: 'http://ok:1' }, { url: 'ftp://x' }, { url: 'gopher://y' }],
    });
    const result = resolveConfig(options({ config: file }), sources);
    expect(result).toMatchObject({ ok: false, exitCode: 64 });
    expect(!result.ok && result.errors).toEqual([
      expect.stringMatching(new RegExp(`^${file}: bad server entry 2 \\("ftp://x"\\): `)),
      expect.stringMatching(new RegExp(`^${file}: bad server entry 3 \\("gopher://y"\\): `)),
    ]);
  });

  it('exits 64 on a file entry that is not one URL', () => {
    const file = write('c.json', {
      servers: [{ url: 'http://a:1 http://b:2' }, { url: ' ' }, { url: 'http://c:3' }],
    });
    expect(resolveConfig(options({ config: file }), sources)).toMatchObject({
      ok: false,
      exitCode: 64,
      errors: [
        `${file}: bad server entry 1 ("http://a:1 http://b:2"): holds more than one URL`,
        `${file}: bad server entry 2 (""): holds no URL`,
      ],
    });
  });

  it('passes on what the file got wrong but could be ignored, naming the file', () => {
    const file = write('c.json', {
      version: 2,
      servers: [{ url: 'http://a:1', trustSelfSigend: true }],
      timeoutms: 700,
    });
    const result = resolveConfig(options({ config: file }), sources);
    expect(result).toMatchObject({
      ok: true,
      config: { settings: { timeoutMs: DEFAULT_SETTINGS.timeoutMs } },
    });
    expect(result.notices).toEqual([
      `the settings file ${file} was written by a newer ComfyWatch (settings version 2; this one knows version 1): ` +
        'the parts it does not know are ignored',
      `unknown setting "timeoutms" in the settings file ${file} ignored (did you mean "timeoutMs"?)`,
      `unknown setting "servers[0].trustSelfSigend" in the settings file ${file} ignored ` +
        '(did you mean "servers[0].trustSelfSigned"?)',
    ]);
  });

  it('says when the file lists no servers and the default server is used', () => {
    const file = write('c.json', { fall: 4, server: 'http://a:1' });
    const result = resolveConfig(options({ config: file }), sources);
    expect(result).toMatchObject({ ok: true, config: { settings: { fall: 4 } } });
    expect(result.ok && result.config.targets.map((t) => t.url)).toEqual(['http://127.0.0.1:8188']);
    expect(result.notices).toEqual([
      `unknown setting "server" in the settings file ${file} ignored (did you mean "servers"?)`,
      `the settings file ${file} lists no servers; using the default server http://127.0.0.1:8188`,
    ]);

    sources.appSettingsPath = file;
    expect(resolveConfig(options(), sources).notices).toContain(
      `the settings file ${file} lists no servers; using the default server http://127.0.0.1:8188`,
    );
    // With --servers the file's server list is not used, so its absence is no news.
    const given = resolveConfig(options({ config: file, servers: 'http://z:1' }), sources);
    expect(given.ok && given.config.targets.map((t) => t.url)).toEqual(['http://z:1']);
    expect(given.notices).toEqual([expect.stringContaining('unknown setting "server"')]);
  });

  it('exits 78 on a header the file gives that cannot be sent, naming file, server and header', () => {
    const file = write('c.json', {
      servers: [{ url: 'http://ok:1' }, { url: 'http://b:2', headers: { 'bad name': 'v', Host: 'evil' } }],
    });
    expect(resolveConfig(options({ config: file }), sources)).toEqual({
      ok: false,
      exitCode: 78,
      notices: [],
      errors: [
        `the settings file ${file} is not valid: servers[1].headers (http://b:2): "bad name" is not a valid header name: it contains a space`,
        `the settings file ${file} is not valid: servers[1].headers (http://b:2): "Host" cannot be set: ComfyWatch sends the host of the server URL`,
      ],
    });
  });

  it('drops a duplicate file entry with a notice', () => {
    const file = write('c.json', { servers: [{ url: 'http://a:1' }, { url: 'HTTP://A:1/' }] });
    const result = resolveConfig(options({ config: file }), sources);
    expect(result.ok && result.config.targets.map((t) => t.url)).toEqual(['http://a:1']);
    expect(result.notices).toEqual([
      expect.stringMatching(new RegExp(`^${file}: server entry 2 .*duplicate`)),
    ]);
  });
});
