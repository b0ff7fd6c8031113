// fixtures/comfyui is the project's copy of the recorded ComfyUI bodies (shared/comfyui/fixtures
// beside the repository, where that folder exists): they must stay identical, and the simulator
// must serve exactly the recorded bytes.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { fixture as simFixture } from '../../src/sim/fixtures';
import type { SimFixture } from '../../src/sim/fixtures';
import { FIXTURES_DIR, fixture } from '../helpers/fixtures';

const SHARED_DIR = path.resolve(FIXTURES_DIR, '../../../shared/comfyui/fixtures');

describe('recorded fixtures', () => {
  test.skipIf(!existsSync(SHARED_DIR))('the project copy equals the shared recordings byte for byte', () => {
    const shared = readdirSync(SHARED_DIR).sort();
    expect(readdirSync(FIXTURES_DIR).sort()).toEqual(shared);
    for (const name of shared) {
      expect(fixture(name).equals(readFileSync(path.join(SHARED_DIR, name))), name).toBe(true);
    }
  });

  test.each<SimFixture>([
    'features.json',
    'history-by-id.json',
    'history-empty.json',
    'history-max_items-1.json',
    'history-sample.json',
    'queue-busy.json',
    'queue-idle.json',
    'system_stats.json',
  ])('the simulator bundles %s exactly as recorded', (name) => {
    expect(simFixture(name).equals(fixture(name))).toBe(true);
  });
});
