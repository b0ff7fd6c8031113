import { mkdtempSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from '../../src/shared/json-syntax';
import { parseSettingsText, readSettingsFile, validateSettings } from '../../src/shared/settings-file';
import { headerProblem } from '../../src/shared/header-syntax';
import { DEFAULT_SETTINGS, SECRET_PREFIX } from '../../src/shared/settings';

describe('validateSettings', () => {
  it('fills every missing key from DEFAULT_SETTINGS', () => {
    expect(validateSettings({})).toEqual({
      ok: true,
      settings: DEFAULT_SETTINGS,
      warnings: [],
      listsServers: false,
    });
  });

  it('keeps given values and fills missing ones inside servers and notify', () => {
    const result = validateSettings({
      servers: [
        { url: 'http://a:1' },
        { url: 'http://b:2', headers: { 'X-Key': 'v' }, trustSelfSigned: true },
      ],
      intervalMs: 500,
      policy: 'prefer-primary',
      notify: { rebalance: true },
    });
    expect(result).toEqual({
      ok: true,
      warnings: [],
      listsServers: true,
      settings: {
        ...DEFAULT_SETTINGS,
        servers: [
          { url: 'http://a:1', headers: {}, trustSelfSigned: false },
          { url: 'http://b:2', headers: { 'X-Key': 'v' }, trustSelfSigned: true },
        ],
        intervalMs: 500,
        policy: 'prefer-primary',
        notify: { ...DEFAULT_SETTINGS.notify, rebalance: true },
      },
    });
  });

  it.each<[unknown, string[]]>([
    [{ intervalMs: 10 }, ['intervalMs must be >= 500 (got 10)']],
    [{ timeoutMs: 999_999 }, ['timeoutMs must be <= 120000 (got 999999)']],
    [{ fall: 1.5 }, ['fall must be a whole number (got 1.5)']],
    [{ rise: '2' }, ['rise must be a whole number (got "2")']],
    [{ policy: 'fastest' }, ['policy must be one of "least-busy", "prefer-primary" (got "fastest")']],
    [{ servers: [] }, ['servers must list at least one server (got an empty list)']],
    [{ servers: [{}] }, ['servers[0].url is required']],
    [{ servers: [{ url: 'http://a' }, { url: '' }] }, ['servers[1].url must not be empty']],
    [
      { servers: [{ url: 'http://a', headers: { 'X-Key': 5 } }] },
      ['servers[0].headers.X-Key must be a text (got 5)'],
    ],
    [{ notify: { failover: 'yes' } }, ['notify.failover must be true or false (got "yes")']],
    [[], ['the settings must be a JSON object (got an empty list)']],
    [[1], ['the settings must be a JSON object (got a list)']],
    [null, ['the settings must be a JSON object (got null)']],
    ['x', ['the settings must be a JSON object (got "x")']],
    [{ version: 0 }, ['version must be >= 1 (got 0)']],
  ])('rejects %j: %j', (raw, errors) => {
    expect(validateSettings(raw)).toEqual({ ok: false, errors });
  });

  it('reports every bad field at once', () => {
    const result = validateSettings({ intervalMs: 1, fall: 0, servers: 'x' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        'intervalMs must be >= 500 (got 1)',
        'fall must be >= 1 (got 0)',
        'servers must be an array (got "x")',
      ]),
    );
    expect(result.errors).toHaveLength(3);
  });

  it('names the type every field must be, in words', () => {
    const result = validateSettings({
      version: 'one',
      servers: [{ url: 7, headers: [], trustSelfSigned: 'no' }],
      intervalMs: true,
      notify: 'all',
      launchAtLogin: 1,
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        'version must be a whole number (got "one")',
        'servers[0].url must be a text (got 7)',
        'servers[0].headers must be an object (got an empty list)',
        'servers[0].trustSelfSigned must be true or false (got "no")',
        'intervalMs must be a whole number (got true)',
        'notify must be an object (got "all")',
        'launchAtLogin must be true or false (got 1)',
      ],
    });
  });
});

describe('validateSettings: what an error may show', () => {
  it('never shows credentials in a URL or a header value, whatever the field', () => {
    const result = validateSettings({
      servers: 'https://alice:s3cret@gpu.lan:8188',
      policy: 'https://bob:hunter2@x.lan',
    });
    const headers = validateSettings({ servers: [{ url: 'http://a.lan:1', headers: 'Bearer tok3n' }] });
    expect(result.ok || headers.ok).toBe(false);
    const text = JSON.stringify([result, headers]);
    for (const secret of ['s3cret', 'alice', 'hunter2', 'tok3n']) expect(text).not.toContain(secret);
    expect(text).toContain('servers must be an array (got \\"https://gpu.lan:8188\\")');
    expect(text).toContain('servers[0].headers must be an object (got a text)');
  });
});

describe('validateSettings: headers that cannot be sent', () => {
  it.each([
    ['bad name', 'v'],
    ['Host', 'evil'],
    ['Transfer-Encoding', 'chunked'],
    ['X-A', 'v€'],
    ['X-Line', 'a\nb'],
  ])('%j: %j is an error naming the server and the header', (name, value) => {
    const problem = headerProblem(name, value) ?? '';
    expect(problem).toContain(`"${name}"`);
    const result = validateSettings({
      servers: [
        { url: 'http://ok:1', headers: { 'X-Fine': 'v' } },
        { url: 'https://me:pw@h:2', headers: { [name]: value } },
      ],
    });
    expect(result).toEqual({
      ok: false,
      errors: [`servers[1].headers (https://h:2): ${problem.charAt(0).toLowerCase()}${problem.slice(1, -1)}`],
    });
    expect(JSON.stringify(result)).not.toContain('pw');
  });

  it('accepts a secret (sealed) value and an empty one', () => {
    const headers = { 'X-Token': `${SECRET_PREFIX}QUJD+/==`, 'X-Empty': '' };
    const result = validateSettings({ servers: [{ url: 'http://a:1', headers }] });
    expect(result.ok && result.settings.servers[0].headers).toEqual(headers);
  });

  it('names every bad header at once', () => {
    const result = validateSettings({
      servers: [
        { url: 'http://a:1', headers: { Host: 'x', 'a b': 'y' } },
        { url: 'http://b:2', headers: { TE: 'z' } },
      ],
    });
    expect(!result.ok && result.errors.map((error) => error.split(':')[0])).toEqual([
      'servers[0].headers (http',
      'servers[0].headers (http',
      'servers[1].headers (http',
    ]);
  });
});

describe('validateSettings: warnings', () => {
  it('names each unknown key, with the known key it is closest to', () => {
    const result = validateSettings(
      {
        server: 'http://a:1',
        timeoutms: 3000,
        interval: 5,
        Fall: 2,
        colour: 'blue',
        servers: [{ url: 'http://a:1', trustSelfSigend: true, header: {} }],
        notify: { failOver: false, sound: true },
      },
      'the settings file c.json',
    );
    expect(result).toMatchObject({ ok: true, listsServers: true });
    expect(result.ok && result.warnings).toEqual([
      'unknown setting "server" in the settings file c.json ignored (did you mean "servers"?)',
      'unknown setting "timeoutms" in the settings file c.json ignored (did you mean "timeoutMs"?)',
      'unknown setting "interval" in the settings file c.json ignored (did you mean "intervalMs"?)',
      'unknown setting "Fall" in the settings file c.json ignored (did you mean "fall"?)',
      'unknown setting "colour" in the settings file c.json ignored',
      'unknown setting "servers[0].trustSelfSigend" in the settings file c.json ignored (did you mean "servers[0].trustSelfSigned"?)',
      'unknown setting "servers[0].header" in the settings file c.json ignored (did you mean "servers[0].headers"?)',
      'unknown setting "notify.failOver" in the settings file c.json ignored (did you mean "notify.failover"?)',
      'unknown setting "notify.sound" in the settings file c.json ignored',
    ]);
    // Ignored means ignored: the known keys keep their defaults.
    expect(result.ok && result.settings).toMatchObject({
      timeoutMs: DEFAULT_SETTINGS.timeoutMs,
      fall: DEFAULT_SETTINGS.fall,
      notify: DEFAULT_SETTINGS.notify,
      servers: [{ url: 'http://a:1', headers: {}, trustSelfSigned: false }],
    });
  });

  it("names the settings when no source is given, and leaves electron-store's own key alone", () => {
    const result = validateSettings({ __internal__: { migrations: {} }, rize: 2 });
    expect(result.ok && result.warnings).toEqual([
      'unknown setting "rize" in the settings ignored (did you mean "rise"?)',
    ]);
  });

  it('says when a newer ComfyWatch wrote the file, and still reads what it knows', () => {
    const result = validateSettings({ version: 2, fall: 4, quietHours: [] }, 'the settings file c.json');
    expect(result).toMatchObject({ ok: true, settings: { version: 1, fall: 4 } });
    expect(result.ok && result.warnings).toEqual([
      'the settings file c.json was written by a newer ComfyWatch (settings version 2; this one knows version 1): ' +
        'the parts it does not know are ignored',
      'unknown setting "quietHours" in the settings file c.json ignored',
    ]);
    expect(validateSettings({ version: 1 })).toMatchObject({ ok: true, warnings: [] });
  });

  it('tells whether the servers came from the settings or the default', () => {
    expect(validateSettings({ fall: 2 })).toMatchObject({
      ok: true,
      listsServers: false,
      settings: { servers: DEFAULT_SETTINGS.servers },
    });
    expect(validateSettings({ servers: [{ url: 'http://a:1' }] })).toMatchObject({
      ok: true,
      listsServers: true,
    });
  });
});

describe('findJsonSyntaxError', () => {
  it.each<[string, number, number, string]>([
    ['{"a": }', 1, 7, 'unexpected "}"'],
    ['{\n  "a": 1,\n}', 3, 1, 'unexpected "}"'],
    ['{\r\n  "a" 1\r\n}', 2, 7, 'unexpected "1"'],
    ['{"a": tru}', 1, 7, 'unexpected "t"'],
    ['{"a": 1', 1, 8, 'unexpected end of file'],
    ['[1 2]', 1, 4, 'unexpected "2"'],
    ['{"a": "x\ny"}', 1, 9, 'unexpected "\\n"'],
    ['{"a": "\\q"}', 1, 8, 'unexpected "\\\\"'],
    ['{"a": 01}', 1, 8, 'unexpected "1"'],
    ['{} x', 1, 4, 'unexpected "x"'],
    ["{'a': 1}", 1, 2, 'unexpected "\'"'],
  ])('%j fails at line %i, column %i', (text, line, column, message) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(findJsonSyntaxError(text)).toEqual({ line, column, message });
  });

  it.each(['{}', '[]', '{"a": [1, -2.5e3, true, false, null, "\\u00e9\\n"]}', ' \n{"x":{}} \n'])(
    'finds nothing wrong in %j',
    (text) => {
      expect(findJsonSyntaxError(text)).toBeNull();
    },
  );
});

describe('parseSettingsText', () => {
  it('reads a file from before versioning as the app migrates it (servers as plain URLs)', () => {
    const result = parseSettingsText(
      '{"servers": ["http://127.0.0.1:8188", "http://gpu.lan:8188"], "fall": 2}',
      'old.json',
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.settings.servers).toEqual([
      { url: 'http://127.0.0.1:8188', headers: {}, trustSelfSigned: false },
      { url: 'http://gpu.lan:8188', headers: {}, trustSelfSigned: false },
    ]);
    expect(result.settings).toMatchObject({ version: 1, fall: 2 });
  });

  it('checks text without touching the disk; the path only names the file', () => {
    expect(parseSettingsText('{"fall": 2, "fal": 3}', 'in-memory.json')).toEqual({
      ok: true,
      path: 'in-memory.json',
      settings: { ...DEFAULT_SETTINGS, fall: 2 },
      warnings: ['unknown setting "fal" in the settings file in-memory.json ignored (did you mean "fall"?)'],
      listsServers: false,
    });
    expect(parseSettingsText('{"fall": 0}', 'x.json')).toMatchObject({
      ok: false,
      kind: 'invalid-settings',
      message: 'the settings file x.json is not valid: fall must be >= 1 (got 0)',
    });
  });
});

describe('readSettingsFile', () => {
  let dir: string;
  const file = (name: string, text: string): string => {
    const target = path.join(dir, name);
    writeFileSync(target, text);
    return target;
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'comfywatch-settings-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a valid file and fills defaults', () => {
    const target = file('config.json', JSON.stringify({ servers: [{ url: 'http://x:1' }], fall: 5 }));
    const result = readSettingsFile(target);
    expect(result).toEqual({
      ok: true,
      path: target,
      settings: {
        ...DEFAULT_SETTINGS,
        servers: [{ url: 'http://x:1', headers: {}, trustSelfSigned: false }],
        fall: 5,
      },
      warnings: [],
      listsServers: true,
    });
  });

  it('accepts a byte-order mark', () => {
    const result = readSettingsFile(file('bom.json', '\uFEFF{"rise": 4}'));
    expect(result.ok && result.settings.rise).toBe(4);
  });

  it('says when the file is missing', () => {
    const target = path.join(dir, 'nope.json');
    expect(readSettingsFile(target)).toEqual({
      ok: false,
      path: target,
      kind: 'missing',
      message: `no settings file at ${target}`,
    });
    expect(readSettingsFile(path.join(file('plain', ''), 'config.json'))).toMatchObject({ kind: 'missing' });
  });

  it('says when the path cannot be read', () => {
    const sub = path.join(dir, 'sub');
    mkdirSync(sub);
    expect(readSettingsFile(sub)).toMatchObject({
      ok: false,
      kind: 'unreadable',
      message: `cannot read the settings file ${sub}: it is a directory`,
    });
  });

  it('gives the line and column of invalid JSON', () => {
    const target = file('bad.json', '{\n  "servers": [\n    { "url": "http://a" },\n  ]\n}\n');
    expect(readSettingsFile(target)).toEqual({
      ok: false,
      path: target,
      kind: 'invalid-json',
      line: 4,
      column: 3,
      reason: 'unexpected "]"',
      message: `the settings file ${target} is not valid JSON at line 4, column 3: unexpected "]"`,
    });
  });

  it('does not echo the file content in a JSON error', () => {
    const result = readSettingsFile(
      file('secret.json', '{"servers": [{"url": "https://me:hunter2@x"}] oops}'),
    );
    expect(result).toMatchObject({ kind: 'invalid-json', line: 1 });
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });

  it('calls an empty file invalid JSON', () => {
    expect(readSettingsFile(file('empty.json', ' \n'))).toMatchObject({
      kind: 'invalid-json',
      line: null,
      column: null,
      reason: 'the file is empty',
    });
  });

  it('lists every schema violation', () => {
    const target = file('schema.json', JSON.stringify({ intervalMs: 10, policy: 'x' }));
    const result = readSettingsFile(target);
    expect(result).toMatchObject({
      ok: false,
      kind: 'invalid-settings',
      errors: [
        'intervalMs must be >= 500 (got 10)',
        'policy must be one of "least-busy", "prefer-primary" (got "x")',
      ],
    });
    expect(!result.ok && result.message).toBe(
      `the settings file ${target} is not valid: intervalMs must be >= 500 (got 10); ` +
        'policy must be one of "least-busy", "prefer-primary" (got "x")',
    );
  });

  it('never writes: the folder and the file stay as they were', () => {
    const good = file('good.json', '{"fall": 2}');
    const bad = file('bad.json', '{"fall": 0}');
    const broken = file('broken.json', '{');
    const before = [good, bad, broken].map((p) => statSync(p).mtimeMs);
    for (const p of [good, bad, broken, path.join(dir, 'missing.json')]) readSettingsFile(p);
    expect(readdirSync(dir).sort()).toEqual(['bad.json', 'broken.json', 'good.json']);
    expect([good, bad, broken].map((p) => statSync(p).mtimeMs)).toEqual(before);
  });
});
