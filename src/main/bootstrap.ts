// Builds the tray app from its parts with the real Electron modules, after `ready`.
import dns from 'node:dns/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, clipboard, ipcMain, net, safeStorage, shell } from 'electron';
import { AppController } from './app-controller';
import { createConnectivityCheck } from './connectivity';
import { HistoryFile } from './history-file';
import { controllerHandlers, registerIpcHandlers } from './ipc-handlers';
import { applyLaunchAtLogin, autostartDir, launchCommand } from './login-item';
import { Monitor, createProber, realClock } from './monitor';
import { createNotifier } from './notifier';
import { SecretBox } from './secrets';
import { SettingsStore } from './settings-store';
import { TrayView } from './tray';
import { StatusWindow } from './windows';

export interface AppLocations {
  preloadPath: string;
  rendererUrl: string;
  resourcesDir: string;
}

/** Where the built parts are, seen from the built main bundle (out/main). */
export function appLocations(mainDir: string): AppLocations {
  return {
    preloadPath: path.join(mainDir, '../preload/index.cjs'),
    // electron-vite dev serves the renderer and says where; preview and packaged apps load the file.
    rendererUrl:
      process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(path.join(mainDir, '../renderer/index.html')).href,
    // Plain files (not bundled assets), so macOS finds the @2x and Template siblings.
    resourcesDir: path.join(app.getAppPath(), 'resources'),
  };
}

export interface TrayApp {
  controller: AppController;
  /** Stops probing, saves the history, closes the window and the connections. */
  dispose(): Promise<void>;
}

const log = (message: string) => console.warn(`[comfywatch] ${message}`);

export async function startTrayApp(locations: AppLocations): Promise<TrayApp> {
  const userData = app.getPath('userData');
  const iconPath = path.join(locations.resourcesDir, 'icon.png');
  const secrets = new SecretBox(safeStorage);
  const settings = await SettingsStore.open({ cwd: userData, secrets });
  const prober = createProber();
  const window = new StatusWindow({
    preloadPath: locations.preloadPath,
    rendererUrl: locations.rendererUrl,
    iconPath,
    log,
  });
  const checkConnectivity = createConnectivityCheck({
    isOnline: () => net.isOnline(),
    lookup: (hostname) => dns.lookup(hostname),
    urls: () => settings.get().servers.map((server) => server.url),
  });

  const controller = new AppController({
    settings,
    secrets,
    createMonitor: (monitorSettings) =>
      new Monitor({ ...monitorSettings, probe: prober.probe, clock: realClock, checkConnectivity }),
    createTray: (actions) =>
      new TrayView({ resourcesDir: locations.resourcesDir, platform: process.platform, actions }),
    window,
    historyFile: new HistoryFile(userData),
    notify: createNotifier(iconPath, log).show,
    writeClipboard: (text) => clipboard.writeText(text),
    openExternal: (url) => shell.openExternal(url),
    applyLaunchAtLogin: (enabled) =>
      applyLaunchAtLogin(enabled, {
        platform: process.platform,
        app,
        autostartDir: autostartDir(),
        command: launchCommand({
          execPath: process.execPath,
          isPackaged: app.isPackaged,
          appPath: app.getAppPath(),
          appImage: process.env.APPIMAGE,
        }),
      }),
    quit: () => app.quit(),
    clock: realClock,
    log,
  });
  const unregister = registerIpcHandlers(ipcMain, controllerHandlers(controller), window, log);
  await controller.start();

  return {
    controller,
    async dispose() {
      controller.stop();
      unregister();
      window.close();
      await prober.close();
    },
  };
}
