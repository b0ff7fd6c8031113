// Launch at login: Electron's login items on macOS and Windows; on Linux (which Electron does
// not cover) an XDG autostart entry, ~/.config/autostart/comfywatch.desktop.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { App } from 'electron';

export const AUTOSTART_FILE_NAME = 'comfywatch.desktop';

export interface LoginItemContext {
  platform: NodeJS.Platform;
  app: Pick<App, 'setLoginItemSettings'>;
  /** The command line that starts the app (see launchCommand). */
  command: string[];
  /** $XDG_CONFIG_HOME/autostart */
  autostartDir: string;
}

export function autostartDir(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string {
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'autostart');
}

/**
 * The packaged app is its own executable (an AppImage runs from $APPIMAGE, not from its
 * temporary mount); an unpackaged one is Electron plus the app's folder.
 */
export function launchCommand(options: {
  execPath: string;
  isPackaged: boolean;
  appPath: string;
  appImage?: string;
}): string[] {
  if (options.appImage) return [options.appImage];
  return options.isPackaged ? [options.execPath] : [options.execPath, options.appPath];
}

/** Quotes one argument of an Exec line (Desktop Entry spec: reserved characters, `%`). */
function execArgument(argument: string): string {
  const escaped = argument.replace(/%/g, '%%');
  if (!/[\s"'\\><~|&;$*?#()`]/.test(escaped)) return escaped;
  return `"${escaped.replace(/(["`$\\])/g, '\\$1')}"`;
}

export function desktopEntry(command: string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=ComfyWatch',
    'Comment=Watches ComfyUI servers and picks the best one',
    `Exec=${command.map(execArgument).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export async function applyLaunchAtLogin(enabled: boolean, context: LoginItemContext): Promise<void> {
  if (context.platform === 'darwin' || context.platform === 'win32') {
    context.app.setLoginItemSettings({ openAtLogin: enabled });
    return;
  }
  const file = path.join(context.autostartDir, AUTOSTART_FILE_NAME);
  if (enabled) {
    await fs.mkdir(context.autostartDir, { recursive: true });
    await fs.writeFile(file, desktopEntry(context.command));
  } else {
    await fs.rm(file, { force: true });
  }
}
