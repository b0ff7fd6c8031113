// What the preload exposes to the window (absent when the page is opened outside the app).
import type { ComfyWatchApi } from '../../shared/ipc';

declare global {
  interface Window {
    comfywatch?: ComfyWatchApi;
  }
}
