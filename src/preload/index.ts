// The window's only door to the main process: window.comfywatch, implementing ComfyWatchApi
// over the channels of src/shared/ipc.ts and nothing else (no ipcRenderer, no Node).
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import type { ComfyWatchApi, InvokeChannel, IpcInvokeMap, IpcPushMap, PushChannel } from '../shared/ipc';

function invoke<C extends InvokeChannel>(
  channel: C,
  ...args: IpcInvokeMap[C][0]
): Promise<IpcInvokeMap[C][1]> {
  return ipcRenderer.invoke(channel, ...args) as Promise<IpcInvokeMap[C][1]>;
}

function subscribe<C extends PushChannel>(
  channel: C,
  listener: (payload: IpcPushMap[C]) => void,
): () => void {
  // The page gets the payload only, never the event (it would hand out ipcRenderer).
  const forward = (_event: IpcRendererEvent, payload: IpcPushMap[C]) => listener(payload);
  ipcRenderer.on(channel, forward);
  return () => {
    ipcRenderer.removeListener(channel, forward);
  };
}

const api: ComfyWatchApi = {
  getSnapshot: () => invoke('snapshot:get'),
  getHistory: () => invoke('history:get'),
  getSettings: () => invoke('settings:get'),
  saveSettings: (input) => invoke('settings:save', input),
  openBest: () => invoke('best:open'),
  copyBest: () => invoke('best:copy'),
  refresh: () => invoke('monitor:refresh'),
  setPaused: (paused) => invoke('monitor:set-paused', paused),
  onSnapshot: (listener) => subscribe('snapshot:changed', listener),
  onEvent: (listener) => subscribe('monitor:event', listener),
  onShowView: (listener) => subscribe('window:show-view', listener),
};

contextBridge.exposeInMainWorld('comfywatch', api);
