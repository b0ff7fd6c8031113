import { describe, expect, test } from 'vitest';
import {
  htmlTitle,
  validateHistory,
  validatePromptInfo,
  validateQueue,
  validateRootPage,
  validateSystemStats,
} from '../../src/main/monitor/validators';
import { fixture } from '../helpers/fixtures';

const load = (name: string): unknown => JSON.parse(fixture(name).toString('utf8'));
const REMOVE = Symbol('remove');
type Path = (string | number)[];

function setAt(node: unknown, [key, ...rest]: Path, value: unknown): void {
  const container = node as Record<string | number, unknown>;
  // '*' stands for every key (history entries are keyed by prompt id).
  for (const k of key === '*' ? Object.keys(container) : [key]) {
    if (rest.length > 0) setAt(container[k], rest, value);
    else if (value === REMOVE) Reflect.deleteProperty(container, k);
    else container[k] = value;
  }
}

/** A fresh copy of a fixture with the value at `path` replaced (or removed). */
function corrupt(name: string, path: Path, value: unknown): unknown {
  const json = load(name);
  setAt(json, path, value);
  return json;
}

describe('validateQueue', () => {
  test.each([
    ['queue-idle.json', { running: 0, pending: 0, total: 0 }],
    ['queue-busy.json', { running: 1, pending: 3, total: 4 }],
    ['queue-busy-api-only.json', { running: 1, pending: 1, total: 2 }],
  ])('%s validates', (name, queue) => {
    expect(validateQueue(load(name))).toEqual({ ok: true, value: queue });
  });

  test('a pre-2023-05 item (4 elements, numeric id) validates', () => {
    const old = load('queue-busy.json') as { queue_pending: unknown[][] };
    old.queue_pending = old.queue_pending.map((item) => [item[0], 140234, item[2], item[3]]);
    expect(validateQueue(old)).toEqual({ ok: true, value: { running: 1, pending: 3, total: 4 } });
  });

  test.each<[string, unknown, RegExp]>([
    ['generic stub', { status: 'ok' }, /queue_running is not an array/],
    ['empty object', {}, /queue_running/],
    ['array', [], /not a JSON object/],
    ['no queue_pending', corrupt('queue-idle.json', ['queue_pending'], REMOVE), /queue_pending/],
    ['counts instead of lists', { queue_running: 1, queue_pending: 3 }, /queue_running is not an array/],
    ['items are objects', corrupt('queue-busy.json', ['queue_running'], [{ id: 1 }]), /not an array/],
    ['items too short', corrupt('queue-busy.json', ['queue_pending', 1], [44, 'id']), /2 elements/],
    ['number missing', corrupt('queue-busy.json', ['queue_running', 0, 0], 'x'), /number/],
    ['prompt not an object', corrupt('queue-busy.json', ['queue_running', 0, 2], []), /prompt/],
    ['extra_data null', corrupt('queue-busy.json', ['queue_pending', 0, 3], null), /extra_data/],
    ['outputs not a list', corrupt('queue-busy.json', ['queue_pending', 0, 4], '9'), /outputs/],
  ])('%s fails', (_name, json, reason) => {
    const result = validateQueue(json);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(reason);
  });
});

describe('validatePromptInfo', () => {
  test.each([
    ['prompt-get-idle.json', 0],
    ['prompt-get-busy.json', 4],
  ])('%s validates', (name, total) => {
    expect(validatePromptInfo(load(name))).toEqual({
      ok: true,
      value: { running: null, pending: null, total },
    });
  });

  test.each<[string, unknown]>([
    ['negative', { exec_info: { queue_remaining: -1 } }],
    ['fraction', { exec_info: { queue_remaining: 1.5 } }],
    ['string', { exec_info: { queue_remaining: '4' } }],
    ['missing', { exec_info: {} }],
    ['no exec_info', { queue_remaining: 0 }],
    ['generic stub', { status: 'ok' }],
    ['null', null],
  ])('%s fails', (_name, json) => {
    expect(validatePromptInfo(json).ok).toBe(false);
  });
});

describe('validateSystemStats', () => {
  test.each([
    ['system_stats.json', '0.3.64', 'posix', 25386352640, 18447646720, 67370917888],
    ['system_stats-idle-gpu.json', '0.3.64', 'posix', 25386352640, 24889475072, 67370917888],
    ['system_stats-windows-portable.json', '0.3.64', 'nt', 12884377600, 11676942336, 34276245504],
    ['system_stats-cpu.json', '0.3.64', 'posix', 33545297920, 27019112448, 33545297920],
    ['system_stats-2024-10.json', 'v0.2.3-21-g8ab0a9c', 'posix', 25438715904, 24200282112, 67370917888],
    ['system_stats-2024-03.json', null, 'posix', 25438715904, 23947182080, null],
    ['system_stats-2023-07.json', null, null, 10485104640, 9611772928, null],
  ])('%s validates', (name, version, os, vramTotal, vramFree, ramTotal) => {
    const result = validateSystemStats(load(name));
    if (!result.ok) throw new Error(result.reason);
    expect(result.value.comfyuiVersion).toBe(version);
    expect(result.value.os).toBe(os);
    expect(result.value.ramTotal).toBe(ramTotal);
    expect(result.value.devices).toHaveLength(1);
    expect(result.value.devices[0]).toMatchObject({ vramTotal, vramFree });
  });

  test('maps every field of the current shape', () => {
    expect(validateSystemStats(load('system_stats.json'))).toEqual({
      ok: true,
      value: {
        comfyuiVersion: '0.3.64',
        os: 'posix',
        pythonVersion: '3.12.3 (main, Aug 14 2025, 17:47:21) [GCC 13.3.0]',
        pytorchVersion: '2.8.0+cu128',
        ramTotal: 67370917888,
        ramFree: 48935444480,
        devices: [
          {
            name: 'cuda:0 NVIDIA GeForce RTX 4090 : cudaMallocAsync',
            type: 'cuda',
            vramTotal: 25386352640,
            vramFree: 18447646720,
          },
        ],
      },
    });
  });

  test.each<[string, unknown]>([
    ['generic stub', { status: 'ok' }],
    ['empty object', {}],
    ['no devices', corrupt('system_stats.json', ['devices'], REMOVE)],
    ['empty devices', corrupt('system_stats.json', ['devices'], [])],
    ['device without vram_total', corrupt('system_stats.json', ['devices', 0, 'vram_total'], REMOVE)],
    ['vram as text', corrupt('system_stats.json', ['devices', 0, 'vram_free'], '1 GB')],
    ['device without name', corrupt('system_stats-cpu.json', ['devices', 0, 'name'], REMOVE)],
    ['system not an object', corrupt('system_stats.json', ['system'], 'linux')],
    ['system without os', corrupt('system_stats-2024-03.json', ['system', 'os'], REMOVE)],
  ])('%s fails', (_name, json) => {
    expect(validateSystemStats(json).ok).toBe(false);
  });
});

describe('validateHistory', () => {
  test.each([
    ['history-max_items-1.json', 1],
    ['history-sample.json', 3],
    ['history-by-id.json', 1],
  ])('%s validates', (name, entries) => {
    expect(validateHistory(load(name))).toEqual({ ok: true, value: entries });
  });

  test('an entry from before 2024-01 (no status) validates', () => {
    const old = corrupt('history-max_items-1.json', ['*', 'status'], REMOVE);
    expect(validateHistory(old).ok).toBe(true);
  });

  test.each<[string, unknown, RegExp]>([
    ['history-empty.json ({})', load('history-empty.json'), /empty/],
    ['generic stub', { status: 'ok' }, /not an object/],
    ['array', [], /not a JSON object/],
    ['entry without prompt', corrupt('history-max_items-1.json', ['*', 'prompt'], REMOVE), /prompt/],
    ['prompt not a list', corrupt('history-max_items-1.json', ['*', 'prompt'], {}), /prompt/],
    ['no outputs', corrupt('history-sample.json', ['*', 'outputs'], REMOVE), /outputs/],
    [
      'status without completed',
      corrupt('history-sample.json', ['*', 'status', 'completed'], REMOVE),
      /status/,
    ],
    ['status as text', corrupt('history-max_items-1.json', ['*', 'status'], 'success'), /status/],
  ])('%s fails', (_name, json, reason) => {
    const result = validateHistory(json);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(reason);
  });
});

describe('validateRootPage', () => {
  const page = (title: string) =>
    `<!DOCTYPE html><html><head><title>${title}</title></head><body></body></html>`;

  test("ComfyUI's index page validates", () => {
    expect(validateRootPage(page('ComfyUI'))).toEqual({ ok: true, value: 'ComfyUI' });
    expect(validateRootPage('<html><head>\n<TITLE>\n  ComfyUI\n</TITLE></head></html>').ok).toBe(true);
  });

  test.each([
    ['a sleeping workspace', page('Workspace is asleep')],
    ['a look-alike title', page('ComfyUI workspace is starting')],
    ['no title', '<html><body>ComfyUI</body></html>'],
    ['plain text', '404: Not Found'],
  ])('%s fails', (_name, html) => {
    expect(validateRootPage(html).ok).toBe(false);
  });

  test('htmlTitle collapses whitespace', () => {
    expect(htmlTitle('<title lang="en">  502\n Bad   Gateway </title>')).toBe('502 Bad Gateway');
    expect(htmlTitle('<p>no title</p>')).toBeNull();
  });
});
