// Starts the whole tray app (an entry module: the source or the built bundle) on the electron
// fake, watching a simulated fleet on loopback: a refusing primary and an idle backup.
import fs from 'node:fs';
import path from 'node:path';
import { expect, vi } from 'vitest';
import { INVOKE_CHANNELS } from '../../src/shared/ipc';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { startSimFleet } from '../../src/sim';
import type { SimFleet } from '../../src/sim';
import { FakeTray, electron } from './electron-fake';

export interface RunningTrayApp {
  fleet: SimFleet;
  primary: string;
  backup: string;
  userData: string;
  tray: FakeTray;
  /** Quits like the OS would and waits until the app has let go of everything. */
  quit(): Promise<void>;
}

export async function startTrayAppOnSimFleet(importEntry: () => Promise<unknown>): Promise<RunningTrayApp> {
  const fleet = await startSimFleet([{ name: 'refuse' }, { name: 'idle' }]);
  const [primary, backup] = fleet.servers.map((server) => server.url);
  const userData = path.join(electron.app.getPath('appData'), 'ComfyWatch');
  fs.mkdirSync(userData, { recursive: true });
  fs.writeFileSync(
    path.join(userData, 'config.json'),
    JSON.stringify({ ...DEFAULT_SETTINGS, servers: [{ url: primary }, { url: backup }] }),
  );
  try {
    await importEntry();
    await vi.waitFor(() => expect(FakeTray.instances).toHaveLength(1), { timeout: 10_000 });
    const [tray] = FakeTray.instances;
    // Every channel of the contract is answered.
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    // The first probes find the primary down and the backup idle: the backup is the best.
    await vi.waitFor(() => expect(tray.tooltip).toBe(`ComfyWatch: best: ${backup}\n1 of 2 usable, 1 down`), {
      timeout: 10_000,
    });
    return {
      fleet,
      primary,
      backup,
      userData,
      tray,
      async quit() {
        electron.app.emit('will-quit');
        await vi.waitFor(() => expect(tray.destroyed).toBe(true));
        await fleet.close();
      },
    };
  } catch (error) {
    electron.app.emit('will-quit');
    await fleet.close();
    throw error;
  }
}
