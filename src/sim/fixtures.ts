// The recorded ComfyUI bodies (shared/comfyui/fixtures beside the repository), read once and
// served byte for byte. Found from this module's location so tests, built bundles and the CLI agree;
// COMFYWATCH_FIXTURES overrides the folder.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findFixturesDir(): string {
  const override = process.env.COMFYWATCH_FIXTURES;
  if (override) return resolve(override);
  // Walk up to the repository root (the folder with package.json), then to ../shared.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) {
      const fixtures = resolve(dir, '../shared/comfyui/fixtures');
      if (existsSync(fixtures)) return fixtures;
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(
        'ComfyUI fixtures not found: expected ../shared/comfyui/fixtures beside the repository',
      );
    }
    dir = parent;
  }
}

let fixturesDir: string | null = null;
const cache = new Map<string, Buffer>();

/** The folder of the fixtures. */
export function fixturesPath(): string {
  fixturesDir ??= findFixturesDir();
  return fixturesDir;
}

/** A fixture's exact bytes, e.g. `fixture('queue-idle.json')`. */
export function fixture(name: string): Buffer {
  let body = cache.get(name);
  if (!body) {
    body = readFileSync(join(fixturesPath(), name));
    cache.set(name, body);
  }
  return body;
}
