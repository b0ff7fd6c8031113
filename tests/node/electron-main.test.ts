// The entry's lifecycle on the electron fake: single instance, start-up on a simulated fleet,
// a second launch, sleep and wake, quit, and a start that fails.
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { FakeBrowserWindow, FakeTray, electron } from '../helpers/electron-fake';
import { startTrayAppOnSimFleet } from '../helpers/tray-app-scenario';

vi.mock('electron', async () => (await import('../helpers/electron-fake')).electronModule());

const importEntry = () => import('../../src/main/index');

beforeEach(() => {
  electron.reset();
  vi.resetModules();
});

describe('tray app lifecycle', () => {
  test('a second instance leaves at once and starts nothing', async () => {
    electron.app.gotLock = false;
    await importEntry();
    await new Promise((resolve) => setImmediate(resolve));
    expect(electron.app.quitCalls).toBe(1);
    expect(FakeTray.instances).toHaveLength(0);
    expect(electron.ipcMain.handlers.size).toBe(0);
  });

  test('starts on a simulated fleet, shows the window for a second launch, sleeps, wakes and quits', async () => {
    const app = await startTrayAppOnSimFleet(importEntry);
    try {
      expect(electron.app.getPath('userData')).toBe(app.userData);
      expect(electron.app.name).toBe('ComfyWatch');
      expect(app.tray.item('Open best server').enabled).toBe(true);
      expect(app.tray.item(`server:${app.primary}`).label).toMatch(/^✕ /);

      // Another launch: this instance shows its window.
      expect(FakeBrowserWindow.instances).toHaveLength(0);
      electron.app.emit('second-instance');
      expect(FakeBrowserWindow.instances).toHaveLength(1);
      // Seen from src/main here; the bundle smoke test checks the built layout (out/).
      expect(FakeBrowserWindow.instances[0].loadedUrl).toMatch(/^file:.*\/renderer\/index\.html#status$/);

      // Closing the window keeps the app in the tray.
      expect(electron.app.listenerCount('window-all-closed')).toBe(1);

      // Sleep pauses, waking probes at once.
      electron.powerMonitor.emit('suspend');
      expect(app.tray.tooltip).toMatch(/^ComfyWatch \(paused\)/);
      const before = app.fleet.servers[1].requestCount();
      electron.powerMonitor.emit('resume');
      await vi.waitFor(() => expect(app.fleet.servers[1].requestCount()).toBeGreaterThan(before));
      await vi.waitFor(() => expect(app.tray.tooltip).toMatch(/^ComfyWatch: best:/));
    } finally {
      await app.quit();
    }
    // Quitting saved the history with the best, and let go of IPC.
    const saved = JSON.parse(fs.readFileSync(path.join(app.userData, 'history.json'), 'utf8'));
    expect(saved.best).toBe(app.backup);
    expect(electron.ipcMain.handlers.size).toBe(0);
  });

  test('a start that fails is reported in a dialog and the app exits', async () => {
    // The settings folder cannot be created: a file stands where it should be.
    fs.mkdirSync(electron.app.getPath('appData'), { recursive: true });
    fs.writeFileSync(path.join(electron.app.getPath('appData'), 'ComfyWatch'), 'not a folder');
    await importEntry();
    await vi.waitFor(() => expect(electron.app.exitCode).toBe(1));
    expect(electron.dialog.errors).toEqual([['ComfyWatch could not start', expect.any(String)]]);
    expect(FakeTray.instances).toHaveLength(0);
  });
});
