// Where the app keeps its settings: Electron's userData folder for the app name "ComfyWatch".
// The CLI computes the same place without Electron so both read one file.
import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'ComfyWatch';
export const SETTINGS_FILE_NAME = 'config.json';

export function userDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string {
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  // An empty variable counts as unset, as Electron (and login-item.ts) read it.
  if (platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), APP_NAME);
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), APP_NAME);
}

export function defaultSettingsPath(): string {
  return path.join(userDataDir(), SETTINGS_FILE_NAME);
}
