import { describe, expect, test } from 'vitest';
import { parseServerList, redactUrl, toProbeTargets } from '../../src/shared/server-list';

const urls = (text: string) => parseServerList(text).servers.map((server) => server.url);
const basic = (userPass: string) => `Basic ${Buffer.from(userPass, 'utf8').toString('base64')}`;

describe('parseServerList: separators', () => {
  test.each([
    ['commas', 'http://a.lan:1,http://b.lan:2'],
    ['newlines', 'http://a.lan:1\nhttp://b.lan:2\n'],
    ['CRLF', 'http://a.lan:1\r\nhttp://b.lan:2\r\n'],
    ['spaces and tabs', '  http://a.lan:1 \t http://b.lan:2  '],
    ['semicolons', 'http://a.lan:1;http://b.lan:2;'],
    ['mixed, with empty entries', ',; http://a.lan:1 ,,\n; http://b.lan:2 ;;\n,'],
  ])('%s', (_name, text) => {
    const parsed = parseServerList(text);
    expect(parsed.servers.map((s) => s.url)).toEqual(['http://a.lan:1', 'http://b.lan:2']);
    expect(parsed.servers.map((s) => s.position)).toEqual([1, 2]);
    expect(parsed.errors).toEqual([]);
    expect(parsed.notices).toEqual([]);
  });

  test('an empty or blank list has no servers and no issues', () => {
    expect(parseServerList('')).toEqual({ servers: [], errors: [], notices: [] });
    expect(parseServerList(' ,\n ; ')).toEqual({ servers: [], errors: [], notices: [] });
  });
});

describe('parseServerList: normalisation', () => {
  test.each([
    ['http://127.0.0.1:8188/', 'http://127.0.0.1:8188'],
    ['HTTP://Comfy.Example.LAN:8188/', 'http://comfy.example.lan:8188'],
    ['https://gpu.example.com/comfy/', 'https://gpu.example.com/comfy'],
    ['https://gpu.example.com/Comfy/UI//', 'https://gpu.example.com/Comfy/UI'],
    ['http://host.lan:80', 'http://host.lan'],
    ['https://host.lan:443/', 'https://host.lan'],
    ['https://host.lan:8443', 'https://host.lan:8443'],
    ['http://[::1]:8188', 'http://[::1]:8188'],
    ['http://localhost:8188', 'http://localhost:8188'],
  ])('%s -> %s', (input, url) => {
    const parsed = parseServerList(input);
    expect(parsed.errors).toEqual([]);
    expect(parsed.notices).toEqual([]);
    expect(parsed.servers).toEqual([{ url, authorization: null, position: 1, input, typed: input }]);
  });

  test('duplicates (after normalisation) are dropped with a notice naming both entries', () => {
    const parsed = parseServerList('http://a.lan:1, HTTP://A.lan:1/, http://b.lan:2, http://a.lan:1');
    expect(parsed.servers.map((s) => [s.url, s.position])).toEqual([
      ['http://a.lan:1', 1],
      ['http://b.lan:2', 3],
    ]);
    expect(parsed.errors).toEqual([]);
    expect(parsed.notices).toEqual([
      {
        position: 2,
        entry: 'HTTP://A.lan:1/',
        message: 'entry 2 ("HTTP://A.lan:1/"): duplicate of entry 1 (http://a.lan:1), skipped',
      },
      {
        position: 4,
        entry: 'http://a.lan:1',
        message: 'entry 4 ("http://a.lan:1"): duplicate of entry 1 (http://a.lan:1), skipped',
      },
    ]);
  });
});

describe('parseServerList: entries without a scheme', () => {
  test.each([
    ['gpu-box:8188', 'http://gpu-box:8188', ''],
    ['192.168.1.50:8188', 'http://192.168.1.50:8188', ''],
    ['comfy.example.lan', 'http://comfy.example.lan', ' (no port given: port 80)'],
    ['comfy.example.lan/comfy/', 'http://comfy.example.lan/comfy', ' (no port given: port 80)'],
    ['127.0.0.1', 'http://127.0.0.1', ' (no port given: port 80)'],
    ['localhost', 'http://localhost', ' (no port given: port 80)'],
    ['LOCALHOST:8188', 'http://localhost:8188', ''],
    ['[::1]:8188', 'http://[::1]:8188', ''],
  ])('%s becomes %s with a notice', (input, url, portNote) => {
    const parsed = parseServerList(input);
    expect(parsed.errors).toEqual([]);
    expect(parsed.servers.map((s) => s.url)).toEqual([url]);
    expect(parsed.notices).toEqual([
      { position: 1, entry: input, message: `entry 1 ("${input}"): added http:// to ${input}${portNote}` },
    ]);
  });
});

describe('parseServerList: errors', () => {
  test.each([
    ['ftp://files.lan', /ftp:\/\/ is not supported/],
    ['ws://127.0.0.1:8188', /ws:\/\/ is not supported/],
    ['foo', /not a server URL/],
    [':8188', /not a server URL/],
    ['gpu-box:', /not a server URL/],
    // After `name:`, what cannot be a port may be a password with its `@host` missing: hidden.
    ['http:gpu.lan', /not a server URL/, 'http:…'],
    ['http://', /not a valid URL/],
    ['http://host.lan:99999', /not a valid URL/],
    ['https://host.lan:0x50', /not a valid URL/, 'https://host.lan:…'],
    ['http://host.lan:0', /^entry 2 \("http:\/\/host.lan:0"\): port 0 is not a valid port \(use 1-65535\)$/],
    ['http://127.0.0.1:0/', /port 0 is not a valid port/],
    ['https://[::1]:00', /port 0 is not a valid port/],
    ['127.0.0.1:0', /port 0 is not a valid port/],
    ['http://host.lan/?token=1', /query/],
    ['http://host.lan/#top', /fragment/],
  ])('%s', (input, reason, entry = input) => {
    const parsed = parseServerList(`http://ok.lan:1 ${input} https://ok.lan:2`);
    // The valid entries around the bad one are all kept.
    expect(parsed.servers.map((s) => [s.url, s.position])).toEqual([
      ['http://ok.lan:1', 1],
      ['https://ok.lan:2', 3],
    ]);
    expect(parsed.errors).toHaveLength(1);
    const [error] = parsed.errors;
    expect(error.position).toBe(2);
    expect(error.entry).toBe(entry);
    expect(error.message).toMatch(reason);
    expect(error.message.startsWith(`entry 2 ("${entry}"): `)).toBe(true);
  });

  test('ports 1 and 65535 are the bounds', () => {
    expect(urls('http://a.lan:1 http://a.lan:65535')).toEqual(['http://a.lan:1', 'http://a.lan:65535']);
  });

  test('every bad entry is reported, in order, with its position', () => {
    const parsed = parseServerList('foo; http://a.lan:1; ftp://x; :1; http://b.lan:2');
    expect(parsed.errors.map((e) => [e.position, e.entry])).toEqual([
      [1, 'foo'],
      [3, 'ftp://x'],
      [4, ':1'],
    ]);
    expect(urls('foo; http://a.lan:1; ftp://x; :1; http://b.lan:2')).toEqual([
      'http://a.lan:1',
      'http://b.lan:2',
    ]);
  });
});

describe('parseServerList: credentials', () => {
  test.each([
    ['https://user:pass@gpu.lan/comfy/', 'https://gpu.lan/comfy', 'user:pass'],
    ['https://us%65r:p%40ss%3Aw0rd@gpu.lan', 'https://gpu.lan', 'user:p@ss:w0rd'],
    ['http://j%C3%B6rg:s%C3%A9cret@10.0.0.5:8188', 'http://10.0.0.5:8188', 'jörg:sécret'],
    ['http://onlyuser@gpu.lan:8188', 'http://gpu.lan:8188', 'onlyuser:'],
    ['http://a:b@c@gpu.lan:8188', 'http://gpu.lan:8188', 'a:b@c'],
  ])('%s', (input, url, userPass) => {
    const parsed = parseServerList(input);
    expect(parsed.errors).toEqual([]);
    expect(parsed.servers).toHaveLength(1);
    const [server] = parsed.servers;
    expect(server.url).toBe(url);
    expect(server.authorization).toBe(basic(userPass));
    expect(server.input).toBe(input.replace(/\/\/.*@/, '//'));
    expect(server.input).not.toContain('@');
  });

  test('credentials never appear in notices or errors', () => {
    const parsed = parseServerList(
      'admin:hunter2@gpu.lan:8188, https://admin:hunter2@gpu.lan:8188/, ftp://admin:hunter2@files.lan, http://admin:hunter2@gpu.lan:99999',
    );
    expect(parsed.servers.map((s) => s.url)).toEqual(['http://gpu.lan:8188', 'https://gpu.lan:8188']);
    expect(parsed.servers.every((s) => s.authorization === basic('admin:hunter2'))).toBe(true);
    expect(parsed.notices).toHaveLength(1);
    expect(parsed.errors).toHaveLength(2);
    const text = JSON.stringify({ ...parsed, servers: parsed.servers.map((s) => [s.url, s.input]) });
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('admin');
    expect(parsed.notices[0].message).toBe('entry 1 ("gpu.lan:8188"): added http:// to gpu.lan:8188');
    expect(parsed.errors.map((e) => e.entry)).toEqual(['ftp://files.lan', 'http://gpu.lan:99999']);
  });
});

describe('parseServerList: a password is never shown, even typed raw', () => {
  /** Around the entry: valid entries whose positions show how the list was split. */
  const listWith = (entry: string) => `http://ok.lan:1, ${entry}; https://ok.lan:2`;
  /** Everything the parse shows (the Authorization header holds the password, but only as Base64). */
  const shown = (text: string) => {
    const { servers, errors, notices } = parseServerList(text);
    return JSON.stringify({ servers: servers.map(({ url, input }) => ({ url, input })), errors, notices });
  };
  test.each([
    ['#', '%23'],
    ['/', '%2F'],
    ['?', '%3F'],
    ['\\', '%5C'],
  ])('%s in the password: refused, naming the fix', (char, escape) => {
    for (const [prefix, host] of [
      ['http://', 'http://127.0.0.1:37229'],
      ['https://', 'https://gpu.lan/comfy'],
      ['', '127.0.0.1:8188'],
    ]) {
      const entry = `${prefix}alice:SECRETa${char}SECRETb@${host.replace(prefix, '')}`;
      const parsed = parseServerList(listWith(entry));
      expect(parsed.servers.map((s) => s.position)).toEqual([1, 3]);
      expect(parsed.errors).toEqual([
        {
          position: 2,
          entry: host,
          message: `entry 2 ("${host}"): the user name or password holds "${char}", which ends the host part: write it as ${escape}`,
        },
      ]);
      const text = shown(listWith(entry));
      expect(text).not.toContain('SECRET');
      expect(text).not.toContain('alice');
    }
  });

  test.each([
    [' ', 'a space, which separates entries: write it as %20'],
    ['\t', 'a tab, which separates entries: write it as %09'],
    [',', '",", which separates entries: write it as %2C'],
    [';', '";", which separates entries: write it as %3B'],
    [' ; ', 'a space and ";", which separate entries: write them as %20 and %3B'],
    [', ,\t', '",", a space and a tab, which separate entries: write them as %2C, %20 and %09'],
  ])('%j in the password: one entry, refused', (separators, which) => {
    for (const [prefix, host] of [
      ['http://', 'http://127.0.0.1:37229'],
      ['https://', 'https://gpu.lan/comfy'],
      ['', '127.0.0.1:8188'],
    ]) {
      const entry = `${prefix}alice:SECRETa${separators}SECRETb@${host.replace(prefix, '')}`;
      const parsed = parseServerList(listWith(entry));
      // The pieces of the password are not entries of their own.
      expect(parsed.servers.map((s) => [s.url, s.position])).toEqual([
        ['http://ok.lan:1', 1],
        ['https://ok.lan:2', 3],
      ]);
      expect(parsed.errors).toEqual([
        {
          position: 2,
          entry: host,
          message: `entry 2 ("${host}"): the user name or password holds ${which}`,
        },
      ]);
      expect(parsed.notices).toEqual([]);
      const text = shown(listWith(entry));
      expect(text).not.toContain('SECRET');
      expect(text).not.toContain('alice');
    }
  });

  test('the password runs over several separators, and the list goes on after it', () => {
    const text = 'http://alice:SECRETa SECRETb,SECRETc ;SECRETd@gpu.lan:8188/x http://ok.lan:3';
    const parsed = parseServerList(text);
    expect(parsed.errors.map((e) => [e.position, e.entry])).toEqual([[1, 'http://gpu.lan:8188/x']]);
    expect(parsed.servers.map((s) => [s.url, s.position])).toEqual([['http://ok.lan:3', 2]]);
    expect(shown(text)).not.toContain('SECRET');
  });

  test('the reports from QA', () => {
    expect(parseServerList('http://alice:pa#ssWORD@127.0.0.1:37229').errors).toEqual([
      {
        position: 1,
        entry: 'http://127.0.0.1:37229',
        message:
          'entry 1 ("http://127.0.0.1:37229"): the user name or password holds "#", which ends the host part: write it as %23',
      },
    ]);
    expect(parseServerList('http://alice:pa;ssWORD@host').errors).toEqual([
      {
        position: 1,
        entry: 'http://host',
        message:
          'entry 1 ("http://host"): the user name or password holds ";", which separates entries: write it as %3B',
      },
    ]);
  });

  test('a raw @ in the password is fine: the last @ ends it', () => {
    const parsed = parseServerList('http://alice:SECRETa@SECRETb@127.0.0.1:8188');
    expect(parsed.errors).toEqual([]);
    expect(parsed.servers).toEqual([
      {
        url: 'http://127.0.0.1:8188',
        authorization: basic('alice:SECRETa@SECRETb'),
        position: 1,
        input: 'http://127.0.0.1:8188',
        // Only for keeping the entry in an editor: the one field that holds the password.
        typed: 'http://alice:SECRETa@SECRETb@127.0.0.1:8188',
      },
    ]);
  });

  test('`name:` and then no port, with no @host anywhere: what follows the colon is hidden', () => {
    const text = 'http://alice:SECRETa, https://bob:SECRET#b/x https://ok.lan:3 carol:SECRETc';
    const parsed = parseServerList(text);
    expect(parsed.errors.map((e) => [e.position, e.entry])).toEqual([
      [1, 'http://alice:…'],
      [2, 'https://bob:…'],
      [4, 'carol:…'],
    ]);
    expect(parsed.servers.map((s) => s.url)).toEqual(['https://ok.lan:3']);
    expect(shown(text)).not.toContain('SECRET');
  });

  test('another URL before any @: the `name:` entry is not joined to it', () => {
    const parsed = parseServerList('http://alice:SECRET http://bob:pw@gpu.lan:8188');
    expect(parsed.errors.map((e) => [e.position, e.entry])).toEqual([[1, 'http://alice:…']]);
    expect(parsed.servers).toEqual([
      {
        url: 'http://gpu.lan:8188',
        authorization: basic('bob:pw'),
        position: 2,
        input: 'http://gpu.lan:8188',
        typed: 'http://bob:pw@gpu.lan:8188',
      },
    ]);
  });

  test.each([
    ['http://a.lan:1 user@b.lan:2', ['http://a.lan:1', 'http://b.lan:2']],
    ['http://gpu:8188/comfy, admin:pw@c.lan:2', ['http://gpu:8188/comfy', 'http://c.lan:2']],
    ['[::1]:8188 a@b.lan', ['http://[::1]:8188', 'http://b.lan']],
    ['gpu-box:8188;u:p@gpu.lan:1', ['http://gpu-box:8188', 'http://gpu.lan:1']],
  ])('a valid list is not joined: %s', (text, expected) => {
    const parsed = parseServerList(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.servers.map((s) => s.url)).toEqual(expected);
  });
});

describe('redactUrl', () => {
  test.each([
    ['https://user:pass@host.lan/x', 'https://host.lan/x'],
    ['http://a:b@c@host.lan:1', 'http://host.lan:1'],
    ['user:pass@host.lan:8188', 'host.lan:8188'],
    ['see https://u:p@a.lan and http://v:q@b.lan, ok', 'see https://a.lan and http://b.lan, ok'],
    ['http://host.lan:8188/path', 'http://host.lan:8188/path'],
    ['no url here', 'no url here'],
    ['http://alice:pa#ssWORD@127.0.0.1:37229', 'http://127.0.0.1:37229'],
    ['http://alice:pa/ss?WORD@host.lan', 'http://host.lan'],
    ['http://alice:pa ss;WORD@host.lan/x', 'http://host.lan/x'],
    ['http://alice:paWORD', 'http://alice:…'],
    ['/login?next=me@example.com', '/login?next=me@example.com'],
    [
      'https://auth.example.com/sign-in?return=https://gpu.lan:8188',
      'https://auth.example.com/sign-in?return=https://gpu.lan:8188',
    ],
  ])('%s', (input, output) => {
    expect(redactUrl(input)).toBe(output);
  });
});

describe('toProbeTargets', () => {
  test('credentials become the Authorization header and win over a shared one', () => {
    const { servers } = parseServerList('https://u:p@a.lan, http://b.lan:2');
    const targets = toProbeTargets(servers, {
      headers: { Authorization: 'Bearer shared', 'X-Skip-Warning': '1' },
      trustSelfSigned: true,
    });
    expect(targets).toEqual([
      {
        url: 'https://a.lan',
        headers: { 'X-Skip-Warning': '1', authorization: basic('u:p') },
        trustSelfSigned: true,
      },
      {
        url: 'http://b.lan:2',
        headers: { Authorization: 'Bearer shared', 'X-Skip-Warning': '1' },
        trustSelfSigned: true,
      },
    ]);
  });

  test('defaults: no extra headers, TLS verified', () => {
    expect(toProbeTargets(parseServerList('http://a.lan:1').servers)).toEqual([
      { url: 'http://a.lan:1', headers: {}, trustSelfSigned: false },
    ]);
  });
});
