import { afterEach, describe, expect, test } from 'vitest';
import { Agent, request } from 'undici';
import { createProber } from '../../src/main/monitor/prober';
import { headerNameProblem, headerProblem, headerValueProblem } from '../../src/shared/header-syntax';
import { parseBehaviour, startSimServer } from '../../src/sim';
import type { SimServer } from '../../src/sim';

const TIMEOUT_MS = 2000;
/** Every RFC 9110 token character. */
const TOKEN_CHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
/** Every visible ASCII character, with a space and a tab inside. */
const VISIBLE_ASCII =
  Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i)).join('') + ' a\tb';
const CONTROLLED = [
  'Host',
  'Connection',
  'Content-Length',
  'Transfer-Encoding',
  'Upgrade',
  'TE',
  'Trailer',
  'Keep-Alive',
  'Proxy-Connection',
  'Expect',
  'Origin',
];

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function sim(): Promise<SimServer> {
  const server = await startSimServer(parseBehaviour('idle'));
  cleanups.push(() => server.close());
  return server;
}

describe('headerProblem: names', () => {
  test.each(['X-Api-Key', 'Authorization', 'User-Agent', 'cf-access-client-id', TOKEN_CHARS])(
    '%s is accepted',
    (name) => {
      expect(headerProblem(name, 'v')).toBeNull();
      expect(headerNameProblem(name)).toBeNull();
    },
  );

  test.each([
    ['', 'The header name is empty.'],
    ['Bad Name', '"Bad Name" is not a valid header name: it contains a space.'],
    ['X:A', '"X:A" is not a valid header name: it contains ":".'],
    ['(x)', '"(x)" is not a valid header name: it contains "(".'],
    ['X\tA', '"X\tA" is not a valid header name: it contains a tab.'],
    ['X\nA', '"X\nA" is not a valid header name: it contains a line break.'],
    ['X\0A', '"X\0A" is not a valid header name: it contains a control character (U+0000).'],
    ['X\x7fA', '"X\x7fA" is not a valid header name: it contains a control character (U+007F).'],
    ['Über', '"Über" is not a valid header name: it contains "Ü", which is not ASCII.'],
    ['X-😀', '"X-😀" is not a valid header name: it contains "😀", which is not ASCII.'],
  ])('%j is refused', (name, message) => {
    expect(headerProblem(name, 'v')).toBe(message);
    expect(headerNameProblem(name)).toBe(message);
  });

  test.each(CONTROLLED.flatMap((name) => [name, name.toLowerCase(), name.toUpperCase()]))(
    '%s is refused: ComfyWatch sets it',
    (name) => {
      expect(headerProblem(name, 'v')).toMatch(new RegExp(`^"${name}" cannot be set: ComfyWatch.+\\.$`));
    },
  );

  test('the reason fits the header', () => {
    expect(headerProblem('Host', 'a')).toBe(
      '"Host" cannot be set: ComfyWatch sends the host of the server URL.',
    );
    expect(headerProblem('keep-alive', 'a')).toBe(
      '"keep-alive" cannot be set: ComfyWatch manages its own connections.',
    );
    expect(headerProblem('Content-Length', '0')).toBe(
      '"Content-Length" cannot be set: ComfyWatch’s requests have no body.',
    );
    // Only the exact names: longer names that start alike are ordinary headers.
    expect(headerProblem('X-Host', 'a')).toBeNull();
    expect(headerProblem('Hosts', 'a')).toBeNull();
    expect(headerProblem('TE-X', 'a')).toBeNull();
  });
});

describe('headerProblem: values', () => {
  test.each(['', 'plain', 'Bearer abc.DEF-123', 'a b\tc', VISIBLE_ASCII])('%j is accepted', (value) => {
    expect(headerProblem('X-A', value)).toBeNull();
    expect(headerValueProblem('X-A', value)).toBeNull();
  });

  const notAscii =
    'The value of "X-A" contains a character that is not ASCII: only ASCII letters, digits, punctuation, spaces and tabs can be sent.';
  test.each([
    ['v€', notAscii],
    ['sécret', notAscii],
    ['a\r\nb', 'The value of "X-A" contains a line break: it must be on one line.'],
    ['a\nb', 'The value of "X-A" contains a line break: it must be on one line.'],
    [
      'a\0b',
      'The value of "X-A" contains a control character (U+0000): only ASCII letters, digits, punctuation, spaces and tabs can be sent.',
    ],
    [
      'a\x1bb',
      'The value of "X-A" contains a control character (U+001B): only ASCII letters, digits, punctuation, spaces and tabs can be sent.',
    ],
    [
      'a\x7f',
      'The value of "X-A" contains a control character (U+007F): only ASCII letters, digits, punctuation, spaces and tabs can be sent.',
    ],
  ])('%j is refused', (value, message) => {
    expect(headerProblem('X-A', value)).toBe(message);
    expect(headerValueProblem('X-A', value)).toBe(message);
  });

  test('the sentence never shows the value (it may be a secret)', () => {
    const problem = headerProblem('X-Api-Key', 'sécret-Token€');
    expect(problem).not.toBeNull();
    expect(problem).not.toMatch(/cret|Token|é|€/);
  });

  test('a name problem comes first; a value problem without a name still reads', () => {
    expect(headerProblem('Bad Name', 'v€')).toBe(
      '"Bad Name" is not a valid header name: it contains a space.',
    );
    expect(headerValueProblem('', 'a\nb')).toBe(
      'The header value contains a line break: it must be on one line.',
    );
  });
});

describe('end to end: what is accepted is what undici sends', () => {
  test('every accepted name and value character reaches the sim server as typed', async () => {
    const server = await sim();
    const headers = { [TOKEN_CHARS]: VISIBLE_ASCII, 'X-Tabbed': 'a\tb c', 'X-Empty': '' };
    for (const [name, value] of Object.entries(headers)) expect(headerProblem(name, value)).toBeNull();
    const prober = createProber();
    cleanups.push(() => prober.close());
    const result = await prober.probe(
      { url: server.url, headers, trustSelfSigned: false },
      { timeoutMs: TIMEOUT_MS },
    );
    expect(result).toMatchObject({ ok: true, endpoint: '/queue' });
    expect(server.lastHeaders?.[TOKEN_CHARS.toLowerCase()]).toBe(VISIBLE_ASCII);
    expect(server.lastHeaders?.['x-tabbed']).toBe('a\tb c');
    expect(server.lastHeaders?.['x-empty']).toBe('');
  });

  test.each([
    // The prober sends names lower-cased, as here.
    ['x-a', 'v€', 'invalid x-a header'],
    ['x-a', 'a\r\nX-Injected: 1', 'invalid x-a header'],
    ['x-a', 'a\0b', 'invalid x-a header'],
    ['Bad Name', 'v', 'invalid header key'],
    ['Transfer-Encoding', 'chunked', 'invalid transfer-encoding header'],
    ['Expect', '100-continue', 'expect header not supported'],
  ])(
    '%s: %j is refused by headerProblem, and undici refuses to send it',
    async (name, value, undiciError) => {
      const server = await sim();
      expect(headerProblem(name, value)).not.toBeNull();
      const agent = new Agent();
      cleanups.push(() => agent.close());
      await expect(request(server.url, { headers: { [name]: value }, dispatcher: agent })).rejects.toThrow(
        undiciError,
      );
      expect(server.requestCount()).toBe(0);
    },
  );
});

describe('headerProblem: Origin', () => {
  test('is refused with the reason: a foreign Origin makes ComfyUI answer 403', async () => {
    expect(headerProblem('Origin', 'http://evil.example')).toBe(
      '"Origin" cannot be set: ComfyWatch sends none, as ComfyUI answers 403 to a foreign Origin.',
    );
  });
});
