// The recorded ComfyUI bodies the simulator serves (fixtures/comfyui, copied from the recordings in
// real shapes), bundled into the build so `comfywatch sim` needs no file beside it. Served byte for
// byte: single-line json.dumps output with its trailing newline.
import featuresJson from '../../fixtures/comfyui/features.json?raw';
import historyByIdJson from '../../fixtures/comfyui/history-by-id.json?raw';
import historyEmptyJson from '../../fixtures/comfyui/history-empty.json?raw';
import historyLatestJson from '../../fixtures/comfyui/history-max_items-1.json?raw';
import historySampleJson from '../../fixtures/comfyui/history-sample.json?raw';
import queueBusyJson from '../../fixtures/comfyui/queue-busy.json?raw';
import queueIdleJson from '../../fixtures/comfyui/queue-idle.json?raw';
import systemStatsJson from '../../fixtures/comfyui/system_stats.json?raw';

const BODIES = {
  'features.json': featuresJson,
  'history-by-id.json': historyByIdJson,
  'history-empty.json': historyEmptyJson,
  'history-max_items-1.json': historyLatestJson,
  'history-sample.json': historySampleJson,
  'queue-busy.json': queueBusyJson,
  'queue-idle.json': queueIdleJson,
  'system_stats.json': systemStatsJson,
} as const;

export type SimFixture = keyof typeof BODIES;

const cache = new Map<SimFixture, Buffer>();

/** A served body's exact bytes, e.g. `fixture('queue-idle.json')`. */
export function fixture(name: SimFixture): Buffer {
  let body = cache.get(name);
  if (!body) {
    body = Buffer.from(BODIES[name], 'utf8');
    cache.set(name, body);
  }
  return body;
}
