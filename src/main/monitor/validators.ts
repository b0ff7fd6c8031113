// Checks that a parsed body has ComfyUI's real shape (comfyui/API.md), one validator per ladder step.
// Strict enough that generic stubs (`{"status": "ok"}`, `{}`) and look-alike pages fail.
import type { DeviceInfo, QueueInfo, SystemInfo } from '../../shared/types';

export type Validation<T> = { ok: true; value: T } | { ok: false; reason: string };

type Json = Record<string, unknown>;

const valid = <T>(value: T): Validation<T> => ({ ok: true, value });
const invalid = <T>(reason: string): Validation<T> => ({ ok: false, reason });

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const stringOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const numberOrNull = (value: unknown): number | null => (isNumber(value) ? value : null);

/** A queue or history item: `[number, prompt_id, prompt, extra_data, outputs_to_execute]` (4 items before 2023-05). */
function queueItemProblem(item: unknown): string | null {
  if (!Array.isArray(item)) return 'an item is not an array';
  if (item.length < 4) return `an item has ${item.length} elements, not 4 or 5`;
  const [number, promptId, prompt, extraData] = item as unknown[];
  if (!isNumber(number)) return 'an item does not start with its number';
  if (typeof promptId !== 'string' && !isNumber(promptId)) return 'an item has no prompt id';
  if (!isObject(prompt)) return "an item's prompt is not an object";
  if (!isObject(extraData)) return "an item's extra_data is not an object";
  if (item.length > 4 && !Array.isArray(item[4])) return "an item's outputs_to_execute is not an array";
  return null;
}

/** `GET /queue`: `{"queue_running": [item...], "queue_pending": [item...]}`. */
export function validateQueue(json: unknown): Validation<QueueInfo> {
  if (!isObject(json)) return invalid('not a JSON object');
  const { queue_running: running, queue_pending: pending } = json;
  if (!Array.isArray(running)) return invalid('queue_running is not an array');
  if (!Array.isArray(pending)) return invalid('queue_pending is not an array');
  for (const item of [...running, ...pending]) {
    const problem = queueItemProblem(item);
    if (problem !== null) return invalid(problem);
  }
  return valid({ running: running.length, pending: pending.length, total: running.length + pending.length });
}

/** `GET /prompt`: `{"exec_info": {"queue_remaining": N}}` (the total only). */
export function validatePromptInfo(json: unknown): Validation<QueueInfo> {
  if (!isObject(json) || !isObject(json.exec_info)) return invalid('no exec_info object');
  const remaining = json.exec_info.queue_remaining;
  if (!isCount(remaining)) return invalid('exec_info.queue_remaining is not a non-negative integer');
  return valid({ running: null, pending: null, total: remaining });
}

function deviceOf(device: unknown): DeviceInfo | null {
  if (!isObject(device) || typeof device.name !== 'string') return null;
  if (!isNumber(device.vram_total) || !isNumber(device.vram_free)) return null;
  if (device.type !== undefined && typeof device.type !== 'string') return null;
  return {
    name: device.name,
    type: stringOrNull(device.type),
    vramTotal: device.vram_total,
    vramFree: device.vram_free,
  };
}

/** `GET /system_stats`, every shape since 2023-06 (`devices` only, then `system` growing over time). */
export function validateSystemStats(json: unknown): Validation<SystemInfo> {
  if (!isObject(json)) return invalid('not a JSON object');
  if (!Array.isArray(json.devices) || json.devices.length === 0) return invalid('no devices list');
  const devices: DeviceInfo[] = [];
  for (const entry of json.devices) {
    const device = deviceOf(entry);
    if (device === null) return invalid('a device has no name, vram_total or vram_free');
    devices.push(device);
  }
  const { system } = json;
  if (system !== undefined) {
    if (!isObject(system)) return invalid('system is not an object');
    if (typeof system.os !== 'string' || typeof system.python_version !== 'string') {
      return invalid('system has no os or python_version');
    }
  }
  const info: Json = system ?? {};
  return valid({
    comfyuiVersion: stringOrNull(info.comfyui_version),
    os: stringOrNull(info.os),
    pythonVersion: stringOrNull(info.python_version),
    pytorchVersion: stringOrNull(info.pytorch_version),
    ramTotal: numberOrNull(info.ram_total),
    ramFree: numberOrNull(info.ram_free),
    devices,
  });
}

function historyEntryProblem(entry: unknown): string | null {
  if (!isObject(entry)) return 'an entry is not an object';
  const itemProblem = queueItemProblem(entry.prompt);
  if (itemProblem !== null) return `an entry's prompt is not a queue item (${itemProblem})`;
  if (!isObject(entry.outputs)) return 'an entry has no outputs object';
  // `status` exists since 2024-01; older entries have none.
  if (entry.status !== undefined) {
    const { status } = entry;
    if (
      !isObject(status) ||
      typeof status.status_str !== 'string' ||
      typeof status.completed !== 'boolean' ||
      !Array.isArray(status.messages)
    ) {
      return 'an entry has a malformed status';
    }
  }
  return null;
}

/** `GET /history?max_items=1`: `{prompt_id: entry}`. An empty `{}` is no evidence: stubs answer it too. */
export function validateHistory(json: unknown): Validation<number> {
  if (!isObject(json)) return invalid('not a JSON object');
  const entries = Object.values(json);
  if (entries.length === 0) return invalid('an empty history proves nothing');
  for (const entry of entries) {
    const problem = historyEntryProblem(entry);
    if (problem !== null) return invalid(problem);
  }
  return valid(entries.length);
}

const TITLE = /<title[^>]*>([\s\S]*?)<\/title\s*>/i;

/** The text of an HTML page's `<title>`, whitespace collapsed, or null. */
export function htmlTitle(html: string): string | null {
  const match = TITLE.exec(html);
  return match ? match[1].replace(/\s+/g, ' ').trim() : null;
}

/** `GET /`: ComfyUI's index.html; only its `<title>` is stable across versions. */
export function validateRootPage(html: string): Validation<string> {
  const title = htmlTitle(html);
  if (title === null) return invalid('the page has no <title>');
  if (title !== 'ComfyUI') return invalid(`the page's title is not ComfyUI's`);
  return valid(title);
}
