// The app's settings through electron-store (conf underneath) in a temporary folder: defaults,
// migration, corruption recovery, secrets and the save's checks. The CLI's reader reads the result.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { SettingsInput } from '../../src/shared/ipc';
import { DEFAULT_SETTINGS, SECRET_PREFIX } from '../../src/shared/settings';
import { readSettingsFile } from '../../src/shared/settings-file';
import { ARGUMENT_CHECKS } from '../../src/main/ipc-handlers';
import { SecretBox } from '../../src/main/secrets';
import { SettingsStore } from '../../src/main/settings-store';
import { probeTargetsOf } from '../../src/main/targets';
import { electron } from '../helpers/electron-fake';

vi.mock('electron', async () => (await import('../helpers/electron-fake')).electronModule());

let dir: string;
const file = () => path.join(dir, 'config.json');
const writeFile = (content: unknown) =>
  fs.writeFileSync(file(), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
const readJson = () => JSON.parse(fs.readFileSync(file(), 'utf8')) as Record<string, unknown>;
const box = () => new SecretBox(electron.safeStorage);
const open = (now = () => new Date('2026-01-02T03:04:05.678Z')) =>
  SettingsStore.open({ cwd: dir, secrets: box(), now });

beforeEach(() => {
  electron.reset();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'comfywatch-settings-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The form's input for the stored settings, with changes. */
async function inputFrom(store: SettingsStore, changes: Partial<SettingsInput> = {}): Promise<SettingsInput> {
  const { path: _path, notices: _notices, secretsAvailable: _secrets, ...input } = store.view();
  return { ...input, ...changes };
}

describe('loading', () => {
  test('nothing configured: the defaults, primary http://127.0.0.1:8188, written for the CLI to find', async () => {
    const store = await open();
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(store.view()).toMatchObject({ primary: 'http://127.0.0.1:8188', backups: '', notices: [] });
    expect(store.path).toBe(file());
    const cli = readSettingsFile(file());
    expect(cli.ok && cli.settings).toEqual(DEFAULT_SETTINGS);
  });

  test('an older file (no version, servers as strings) is migrated; a partial one completed', async () => {
    writeFile({ servers: ['http://10.0.0.5:8188/', 'http://10.0.0.6:8188'], intervalMs: 30_000 });
    const store = await open();
    expect(store.get()).toEqual({
      ...DEFAULT_SETTINGS,
      servers: [
        { url: 'http://10.0.0.5:8188', headers: {}, trustSelfSigned: false },
        { url: 'http://10.0.0.6:8188', headers: {}, trustSelfSigned: false },
      ],
      intervalMs: 30_000,
    });
    expect(store.notices).toEqual([]);
    expect(readJson()).toMatchObject({
      version: 1,
      intervalMs: 30_000,
      fall: 3,
      notify: DEFAULT_SETTINGS.notify,
    });
    expect(fs.readdirSync(dir).filter((name) => name.includes('corrupt'))).toEqual([]);
  });

  test('a valid current file is kept as it is', async () => {
    const settings = { ...DEFAULT_SETTINGS, policy: 'prefer-primary' as const };
    writeFile(settings);
    const before = fs.readFileSync(file(), 'utf8');
    const store = await open();
    expect(store.get()).toEqual(settings);
    expect(fs.readFileSync(file(), 'utf8')).toBe(before);
  });

  test('a file from a newer app is read but not rewritten; a save keeps what only the newer app knows', async () => {
    writeFile({ ...DEFAULT_SETTINGS, version: 2, fall: 4, futureKey: { x: 1 } });
    const before = fs.readFileSync(file(), 'utf8');
    const store = await open();
    expect(store.get().fall).toBe(4);
    expect(store.notices).toEqual([
      expect.stringMatching(/^The settings file was written by a newer ComfyWatch \(settings version 2;/),
      expect.stringContaining('Unknown setting "futureKey"'),
      expect.stringContaining('Saving the settings here rewrites the file for ComfyWatch settings version 1'),
    ]);
    expect(fs.readFileSync(file(), 'utf8')).toBe(before);

    expect((await store.save(await inputFrom(store, { rise: 3 }))).ok).toBe(true);
    expect(readJson()).toMatchObject({ version: 1, fall: 4, rise: 3, futureKey: { x: 1 } });
  });

  test('an unknown key (a typo) is told with its likely meaning, and kept in the file', async () => {
    writeFile({ ...DEFAULT_SETTINGS, intervalMS: 5_000 });
    const before = fs.readFileSync(file(), 'utf8');
    const store = await open();
    expect(store.get().intervalMs).toBe(DEFAULT_SETTINGS.intervalMs);
    expect(store.view().notices).toEqual([
      'Unknown setting "intervalMS" in the settings file ignored (did you mean "intervalMs"?).',
    ]);
    // Nothing else to change: the file is left as the user wrote it.
    expect(fs.readFileSync(file(), 'utf8')).toBe(before);
  });

  test('a migration keeps unknown top-level keys as they were', async () => {
    writeFile({ servers: ['http://10.0.0.5:8188'], intervalMS: 5_000, theme: { accent: 'teal' } });
    const store = await open();
    expect(store.notices).toEqual([
      expect.stringContaining('"intervalMS"'),
      expect.stringContaining('"theme"'),
    ]);
    expect(readJson()).toEqual({
      ...DEFAULT_SETTINGS,
      servers: [{ url: 'http://10.0.0.5:8188', headers: {}, trustSelfSigned: false }],
      intervalMS: 5_000,
      theme: { accent: 'teal' },
    });
    expect(readSettingsFile(file()).ok).toBe(true);
  });

  test('a save keeps unknown top-level keys as they were', async () => {
    writeFile({ ...DEFAULT_SETTINGS, theme: { accent: 'teal' }, note: 'render farm' });
    const store = await open();
    const result = await store.save(await inputFrom(store, { intervalMs: 20_000 }));
    expect(result.ok).toBe(true);
    expect(readJson()).toEqual({
      ...DEFAULT_SETTINGS,
      intervalMs: 20_000,
      theme: { accent: 'teal' },
      note: 'render farm',
    });
    expect(store.get()).not.toHaveProperty('theme');
  });

  test('a server listed twice, however spelt, is kept once (the first) and the user told', async () => {
    writeFile({
      version: 1,
      servers: [
        { url: 'http://gpu-a.example.test:8188', headers: { 'X-Team': 'first' } },
        { url: 'http://gpu-b.example.test:8188' },
        { url: 'HTTP://GPU-A.example.test:8188/', headers: { 'X-Team': 'second' } },
        { url: 'http://alice:s3cret-pw@gpu-a.example.test:8188' },
      ],
    });
    const store = await open();
    const kept = [
      { url: 'http://gpu-a.example.test:8188', headers: { 'X-Team': 'first' }, trustSelfSigned: false },
      { url: 'http://gpu-b.example.test:8188', headers: {}, trustSelfSigned: false },
    ];
    expect(store.get().servers).toEqual(kept);
    expect(store.view().notices).toEqual([
      'http://gpu-a.example.test:8188 is listed more than once: the repeat "HTTP://GPU-A.example.test:8188/" was removed (the first is kept).',
      'http://gpu-a.example.test:8188 is listed more than once: the repeat "http://gpu-a.example.test:8188" was removed (the first is kept).',
    ]);
    expect(readJson().servers).toEqual(kept);
    expect(fs.readFileSync(file(), 'utf8')).not.toContain('s3cret-pw');
  });

  test('a broken file: duplicates among the recovered servers are removed and told', async () => {
    writeFile({
      version: 1,
      servers: [
        { url: 'http://10.0.0.5:8188' },
        { url: 'HTTP://10.0.0.5:8188/' },
        { url: 'http://10.0.0.6:8188' },
      ],
      intervalMs: 'fast',
    });
    const store = await open();
    expect(store.get().servers.map((server) => server.url)).toEqual([
      'http://10.0.0.5:8188',
      'http://10.0.0.6:8188',
    ]);
    expect(store.notices).toEqual([
      expect.stringContaining('2 servers recovered (http://10.0.0.5:8188, http://10.0.0.6:8188)'),
      'http://10.0.0.5:8188 is listed more than once: the repeat "HTTP://10.0.0.5:8188/" was removed (the first is kept).',
    ]);

    writeFile('{ "servers": [ { "url": "http://10.0.0.7:8188" }, { "url": "http://10.0.0.7:8188/" } ');
    const fromText = await open();
    expect(fromText.get().servers.map((server) => server.url)).toEqual(['http://10.0.0.7:8188']);
    expect(fromText.notices[1]).toBe(
      'http://10.0.0.7:8188 is listed more than once: the repeat "http://10.0.0.7:8188/" was removed (the first is kept).',
    );
  });

  test('a hand-broken file: moved aside, servers recovered, the user told', async () => {
    const broken = `{
  "version": 1,
  "servers": [
    { "url": "http://10.0.0.5:8188", "headers": {} },
    { "url": "http://10.0.0.6:8188", "headers": {} },
  ],
  "intervalMs": 20000
`;
    writeFile(broken);
    const store = await open();
    const backup = path.join(dir, 'config.corrupt-2026-01-02T03-04-05-678Z.json');
    expect(fs.readFileSync(backup, 'utf8')).toBe(broken);
    expect(store.get().servers.map((server) => server.url)).toEqual([
      'http://10.0.0.5:8188',
      'http://10.0.0.6:8188',
    ]);
    expect(store.notices).toHaveLength(1);
    expect(store.notices[0]).toContain('not valid JSON (line 6, column 3');
    expect(store.notices[0]).toContain(backup);
    expect(store.notices[0]).toContain('2 servers recovered');
    expect(store.view().notices).toEqual(store.notices);
    expect(readSettingsFile(file()).ok).toBe(true);
  });

  test('a schema violation keeps every valid part and names what was dropped', async () => {
    writeFile({
      version: 1,
      servers: [
        { url: 'http://10.0.0.5:8188', headers: { 'X-Team': 'render' }, trustSelfSigned: true },
        { url: 'ftp://10.0.0.9' },
      ],
      intervalMs: 'fast',
      fall: 5,
    });
    const store = await open();
    expect(store.get()).toMatchObject({
      servers: [{ url: 'http://10.0.0.5:8188', headers: { 'X-Team': 'render' }, trustSelfSigned: true }],
      intervalMs: DEFAULT_SETTINGS.intervalMs,
      fall: 5,
    });
    expect(store.notices[0]).toContain('intervalMs must be a whole number');
    expect(store.notices[0]).toContain('1 server recovered (http://10.0.0.5:8188)');
    expect(store.notices[0]).toContain('Not recovered: server entry 1 ("ftp://10.0.0.9")');
    expect(store.notices[0]).toContain('the setting "intervalMs"');
    expect(fs.readdirSync(dir).filter((name) => name.startsWith('config.corrupt-'))).toHaveLength(1);
  });

  test('garbage with no server in it: the default server, and the garbage kept aside', async () => {
    writeFile('\u0000\u0001 not a config');
    const store = await open();
    expect(store.get().servers).toEqual(DEFAULT_SETTINGS.servers);
    expect(store.notices[0]).toContain('no server could be recovered');
    const backups = fs.readdirSync(dir).filter((name) => name.startsWith('config.corrupt-'));
    expect(fs.readFileSync(path.join(dir, backups[0]), 'utf8')).toBe('\u0000\u0001 not a config');
  });

  test('two corrupt starts in the same millisecond keep both backups', async () => {
    writeFile('{');
    await open();
    writeFile('[');
    await open();
    expect(
      fs
        .readdirSync(dir)
        .filter((name) => name.startsWith('config.corrupt-'))
        .sort(),
    ).toEqual([
      'config.corrupt-2026-01-02T03-04-05-678Z-2.json',
      'config.corrupt-2026-01-02T03-04-05-678Z.json',
    ]);
  });

  test('credentials typed into a URL in the file are sealed into a header', async () => {
    writeFile({ version: 1, servers: [{ url: 'https://alice:s3cret-pw@gpu.example.test' }] });
    const store = await open();
    expect(store.get().servers[0].url).toBe('https://gpu.example.test');
    expect(store.get().servers[0].headers.Authorization.startsWith(SECRET_PREFIX)).toBe(true);
    const onDisk = fs.readFileSync(file(), 'utf8');
    expect(onDisk).not.toContain('s3cret-pw');
    expect(onDisk).not.toContain(Buffer.from('alice:s3cret-pw').toString('base64'));
    const { targets } = await probeTargetsOf(store.get(), box());
    expect(targets[0].headers.Authorization).toBe(
      `Basic ${Buffer.from('alice:s3cret-pw').toString('base64')}`,
    );
  });
});

describe('saving', () => {
  test('servers, numbers and switches are stored; the CLI reads the same file', async () => {
    const store = await open();
    const result = await store.save(
      await inputFrom(store, {
        primary: 'http://10.0.0.5:8188',
        backups: '10.0.0.6:8188\nhttp://10.0.0.7:8188',
        intervalMs: 10_000,
        policy: 'prefer-primary',
      }),
    );
    expect(result.ok).toBe(true);
    expect(result.ok && result.notices).toEqual([
      'Backups: entry 1 ("10.0.0.6:8188"): added http:// to 10.0.0.6:8188',
    ]);
    const cli = readSettingsFile(file());
    expect(cli.ok && cli.settings.servers.map((server) => server.url)).toEqual([
      'http://10.0.0.5:8188',
      'http://10.0.0.6:8188',
      'http://10.0.0.7:8188',
    ]);
    expect(cli.ok && [cli.settings.intervalMs, cli.settings.policy]).toEqual([10_000, 'prefer-primary']);
  });

  test('a bad URL entry: the save is refused naming it, and nothing stored is lost', async () => {
    const store = await open();
    await store.save(await inputFrom(store, { backups: 'http://10.0.0.6:8188' }));
    const before = fs.readFileSync(file(), 'utf8');
    const result = await store.save(
      await inputFrom(store, {
        backups: 'http://10.0.0.7:8188, ftp://files.example.test, http://10.0.0.8:8188',
      }),
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'backups', message: expect.stringContaining('entry 2 ("ftp://files.example.test")') },
      ],
    });
    expect(fs.readFileSync(file(), 'utf8')).toBe(before);
    expect(store.view().backups).toBe('http://10.0.0.6:8188');
  });

  test('every bad part is named by field', async () => {
    const store = await open();
    const input = await inputFrom(store, { primary: 'http://a:1 http://b:2', intervalMs: 10, fall: 2.5 });
    input.servers = [
      {
        url: 'http://a:1',
        trustSelfSigned: false,
        headers: [
          { name: 'Bad Name', value: 'x', secret: false, hasStoredValue: false },
          { name: 'X-Token', value: '', secret: true, hasStoredValue: true },
        ],
      },
    ];
    const result = await store.save(input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((error) => error.field)).toEqual([
      'primary',
      'intervalMs',
      'fall',
      'servers[0].headers[0].name',
      'servers[0].headers[1].value',
    ]);
    const headersOnly = await store.save({ ...input, primary: 'http://a:1', intervalMs: 15_000, fall: 3 });
    expect(!headersOnly.ok && headersOnly.errors).toEqual([
      {
        field: 'servers[0].headers[0].name',
        message: '"Bad Name" is not a valid header name: it contains a space.',
      },
      { field: 'servers[0].headers[1].value', message: 'Enter the value of "X-Token".' },
    ]);
  });

  test('secrets: sealed on disk, never in the view, kept when left blank, opened only for probing', async () => {
    const store = await open();
    const input = await inputFrom(store);
    input.servers = [
      {
        url: 'http://127.0.0.1:8188',
        trustSelfSigned: false,
        headers: [
          { name: 'X-Api-Key', value: 'plain-secret-value', secret: true, hasStoredValue: false },
          { name: 'X-Team', value: 'render', secret: false, hasStoredValue: false },
        ],
      },
    ];
    expect((await store.save(input)).ok).toBe(true);
    const onDisk = fs.readFileSync(file(), 'utf8');
    expect(onDisk).not.toContain('plain-secret-value');
    expect(onDisk).toContain(SECRET_PREFIX);
    expect(onDisk).toContain('render');

    const view = store.view();
    expect(JSON.stringify(view)).not.toContain('plain-secret-value');
    expect(view.servers[0].headers).toEqual([
      { name: 'X-Api-Key', value: '', secret: true, hasStoredValue: true },
      { name: 'X-Team', value: 'render', secret: false, hasStoredValue: false },
    ]);

    // Saved again from the view (secret left blank): the stored value stays.
    const sealed = JSON.parse(onDisk).servers[0].headers['X-Api-Key'];
    expect((await store.save(await inputFrom(store, { intervalMs: 20_000 }))).ok).toBe(true);
    expect(readJson().servers).toEqual([
      {
        url: 'http://127.0.0.1:8188',
        headers: { 'X-Api-Key': sealed, 'X-Team': 'render' },
        trustSelfSigned: false,
      },
    ]);
    const { targets, problems } = await probeTargetsOf(store.get(), box());
    expect(problems).toEqual([]);
    expect(targets[0].headers).toEqual({ 'X-Api-Key': 'plain-secret-value', 'X-Team': 'render' });
  });

  test('credentials typed into the primary URL become a sealed Authorization header', async () => {
    const store = await open();
    const result = await store.save(
      await inputFrom(store, { primary: 'https://bob:hunter2@gpu.example.test' }),
    );
    expect(result.ok && result.notices).toEqual([
      'https://gpu.example.test: the user name and password were moved into a secret Authorization header.',
    ]);
    expect(fs.readFileSync(file(), 'utf8')).not.toMatch(/hunter2|Ym9iOmh1bnRlcjI/);
    expect(store.view().primary).toBe('https://gpu.example.test');
  });

  test('only the five notify switches are stored, whatever else the input or the file holds', async () => {
    writeFile({ ...DEFAULT_SETTINGS, notify: { ...DEFAULT_SETTINGS.notify, sound: 'chime' } });
    const store = await open();
    // The view offers only the known switches, so the form's input passes the IPC check.
    expect(store.view().notify).toEqual(DEFAULT_SETTINGS.notify);
    const input = await inputFrom(store);
    expect(ARGUMENT_CHECKS['settings:save']([input])).toBeNull();

    const forged = { ...input, notify: { ...input.notify, failover: false, injected: 'x'.repeat(10) } };
    expect((await store.save(forged as SettingsInput)).ok).toBe(true);
    expect(readJson().notify).toEqual({ ...DEFAULT_SETTINGS.notify, failover: false });
    expect(fs.readFileSync(file(), 'utf8')).not.toContain('injected');
  });

  test('no encryption on this computer: a secret is refused, not stored in plain text', async () => {
    electron.safeStorage.available = false;
    const store = await open();
    expect(store.view().secretsAvailable).toBe(false);
    const input = await inputFrom(store);
    input.servers[0].headers = [
      { name: 'X-Api-Key', value: 'plain-secret-value', secret: true, hasStoredValue: false },
    ];
    const result = await store.save(input);
    expect(!result.ok && result.errors[0].field).toBe('servers[0].headers[0].value');
    expect(fs.readFileSync(file(), 'utf8')).not.toContain('plain-secret-value');
  });

  test('Linux without a keyring (basic_text, a fixed key) counts as no encryption', async () => {
    electron.safeStorage.backend = 'basic_text';
    expect(await new SecretBox(electron.safeStorage, 'linux').available()).toBe(false);
    expect(await new SecretBox(electron.safeStorage, 'win32').available()).toBe(true);
    electron.safeStorage.backend = 'gnome_libsecret';
    expect(await new SecretBox(electron.safeStorage, 'linux').available()).toBe(true);
  });

  test('a secret that no longer decrypts is reported, and the server is still probed', async () => {
    writeFile({
      version: 1,
      servers: [{ url: 'http://127.0.0.1:8188', headers: { 'X-Api-Key': `${SECRET_PREFIX}AAAA` } }],
    });
    const store = await open();
    const { targets, problems } = await probeTargetsOf(store.get(), box());
    expect(targets).toEqual([{ url: 'http://127.0.0.1:8188', headers: {}, trustSelfSigned: false }]);
    expect(problems).toEqual([expect.stringContaining('the secret "X-Api-Key" could not be decrypted')]);
  });
});
