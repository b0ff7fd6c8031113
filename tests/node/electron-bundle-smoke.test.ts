// Smoke test of the built app (`electron-vite build`, run by `npm test`'s pretest): the main
// bundle's imports resolve in plain Node with `electron` resolved to the fake and the app wires
// up on a simulated fleet; the preload bundle is one CommonJS file that needs only `electron`
// (all a sandboxed preload may require) and exposes the API.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { FakeBrowserWindow, electron } from '../helpers/electron-fake';
import { startTrayAppOnSimFleet } from '../helpers/tray-app-scenario';

vi.mock('electron', async () => (await import('../helpers/electron-fake')).electronModule());

const out = path.resolve(import.meta.dirname, '../../out');
const mainBundle = path.join(out, 'main/index.js');
const preloadBundle = path.join(out, 'preload/index.cjs');

beforeAll(() => {
  for (const file of [mainBundle, preloadBundle, path.join(out, 'renderer/index.html')]) {
    if (!fs.existsSync(file))
      throw new Error(`${file} is missing: run \`npx electron-vite build\` (npm test does it)`);
  }
});

beforeEach(() => {
  electron.reset();
  vi.resetModules();
});

describe('built bundles', () => {
  test('the main bundle starts the tray app: tray, IPC handlers, a best server, the built window', async () => {
    const app = await startTrayAppOnSimFleet(() => import(/* @vite-ignore */ mainBundle));
    try {
      electron.app.emit('second-instance');
      const [window] = FakeBrowserWindow.instances;
      expect(window.loadedUrl).toBe(
        `${new URL(`file://${path.join(out, 'renderer/index.html')}`).href}#status`,
      );
      expect(window.options.webPreferences).toMatchObject({ preload: preloadBundle, sandbox: true });
      expect(app.tray.image.isEmpty()).toBe(false);
    } finally {
      await app.quit();
    }
  });

  test('the preload bundle needs nothing but electron and exposes window.comfywatch', () => {
    const required: string[] = [];
    const sandbox = {
      require: (name: string) => {
        required.push(name);
        if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
        return { contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer };
      },
      module: { exports: {} },
      exports: {},
    };
    vm.runInNewContext(fs.readFileSync(preloadBundle, 'utf8'), sandbox, { filename: preloadBundle });
    expect(required).toEqual(['electron']);
    expect([...electron.contextBridge.exposed.keys()]).toEqual(['comfywatch']);
    expect(
      typeof (electron.contextBridge.exposed.get('comfywatch') as { getSnapshot: unknown }).getSnapshot,
    ).toBe('function');
  });
});
