// The tray app's entry: lifecycle only (single instance, ready, sleep and wake, quit).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, powerMonitor } from 'electron';
import { APP_NAME } from '../shared/settings-path';
import { appLocations, startTrayApp } from './bootstrap';
import type { TrayApp } from './bootstrap';

// Settings live in <appData>/ComfyWatch whatever the package is called: the CLI looks there.
app.setName(APP_NAME);
app.setPath('userData', path.join(app.getPath('appData'), APP_NAME));
if (process.platform === 'win32') app.setAppUserModelId('com.comfywatch.app');

if (!app.requestSingleInstanceLock()) {
  // Another ComfyWatch runs: it shows its window (second-instance) and this one leaves.
  app.quit();
} else {
  let running: TrayApp | null = null;

  app.on('second-instance', () => running?.controller.showWindow('status'));
  // The app lives in the tray: closing the window must not quit it.
  app.on('window-all-closed', () => undefined);
  app.on('will-quit', () => {
    void running?.dispose();
    running = null;
  });

  app
    .whenReady()
    .then(async () => {
      if (process.platform === 'darwin') app.dock?.hide();
      running = await startTrayApp(appLocations(path.dirname(fileURLToPath(import.meta.url))));
      powerMonitor.on('suspend', () => running?.controller.suspend());
      powerMonitor.on('resume', () => running?.controller.resumeFromSleep());
    })
    .catch((error: unknown) => {
      dialog.showErrorBox(
        'ComfyWatch could not start',
        error instanceof Error ? error.message : String(error),
      );
      app.exit(1);
    });
}
