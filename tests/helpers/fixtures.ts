// The recorded ComfyUI bodies as files (fixtures/comfyui), for tests that need any of them, and
// to check that what the simulator serves is exactly what was recorded.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/comfyui',
);

/** A fixture's exact bytes, e.g. `fixture('system_stats-2023-07.json')`. */
export function fixture(name: string): Buffer {
  return readFileSync(path.join(FIXTURES_DIR, name));
}
