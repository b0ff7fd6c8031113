// The main side of the IPC contract (src/shared/ipc.ts). Every call is checked twice before
// it reaches the controller: the sender must be our own window showing our own page, and the
// arguments must have the contract's shape. Anything else is refused (the invoke rejects).
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { INVOKE_CHANNELS } from '../shared/ipc';
import type { InvokeChannel, IpcInvokeMap } from '../shared/ipc';
import type { AppController } from './app-controller';

export type IpcHandlers = {
  [C in InvokeChannel]: (...args: IpcInvokeMap[C][0]) => IpcInvokeMap[C][1] | Promise<IpcInvokeMap[C][1]>;
};

/** What a handler needs to know of the sender. */
export type IpcSender = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

export interface TrustedRenderer {
  /** The id of our window's webContents; null while there is no window. */
  webContentsId(): number | null;
  /** Where our page is loaded from: the built index.html (file:) or the dev server. */
  url: string;
}

/** Our window, showing our page in its top frame (not a navigated-away page, not an iframe). */
export function isTrustedSender(event: IpcSender, renderer: TrustedRenderer): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null || event.sender.id !== renderer.webContentsId()) return false;
  let from: URL;
  let ours: URL;
  try {
    from = new URL(frame.url);
    ours = new URL(renderer.url);
  } catch {
    return false;
  }
  if (ours.protocol === 'file:') return from.protocol === 'file:' && from.pathname === ours.pathname;
  return from.origin === ours.origin;
}

// ---- argument checks: a message naming the first problem, or null

type Check = (value: unknown, at: string) => string | null;

const MAX_TEXT = 64 * 1024;
const MAX_SERVERS = 100;
const MAX_HEADERS = 50;

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const text: Check = (value, at) =>
  typeof value !== 'string' ? `${at} must be a text` : value.length > MAX_TEXT ? `${at} is too long` : null;
const bool: Check = (value, at) => (typeof value === 'boolean' ? null : `${at} must be true or false`);
const num: Check = (value, at) =>
  typeof value === 'number' && Number.isFinite(value) ? null : `${at} must be a number`;
const oneOf =
  (...values: string[]): Check =>
  (value, at) =>
    typeof value === 'string' && values.includes(value) ? null : `${at} must be one of ${values.join(', ')}`;

function object(fields: Record<string, Check>): Check {
  return (value, at) => {
    if (!isObject(value)) return `${at} must be an object`;
    for (const [key, check] of Object.entries(fields)) {
      const problem = check(value[key], `${at}.${key}`);
      if (problem) return problem;
    }
    return null;
  };
}

/** An object with these fields and no others. */
function exactObject(fields: Record<string, Check>): Check {
  const shape = object(fields);
  return (value, at) => {
    const problem = shape(value, at);
    if (problem) return problem;
    const extra = Object.keys(value as object).find((key) => !Object.hasOwn(fields, key));
    return extra === undefined ? null : `${at}.${extra} is not a known key`;
  };
}

function list(item: Check, max: number): Check {
  return (value, at) => {
    if (!Array.isArray(value)) return `${at} must be a list`;
    if (value.length > max) return `${at} has more than ${max} items`;
    for (const [index, entry] of value.entries()) {
      const problem = item(entry, `${at}[${index}]`);
      if (problem) return problem;
    }
    return null;
  };
}

const settingsInput = object({
  primary: text,
  backups: text,
  servers: list(
    object({
      url: text,
      headers: list(object({ name: text, value: text, secret: bool, hasStoredValue: bool }), MAX_HEADERS),
      trustSelfSigned: bool,
    }),
    MAX_SERVERS,
  ),
  intervalMs: num,
  timeoutMs: num,
  fall: num,
  rise: num,
  recheckMs: num,
  downMaxMs: num,
  slowMs: num,
  policy: oneOf('least-busy', 'prefer-primary'),
  // Stored as a whole in the settings file: nothing else may ride along.
  notify: exactObject({ failover: bool, allDown: bool, recovery: bool, rebalance: bool, network: bool }),
  launchAtLogin: bool,
  startMinimised: bool,
});

function args(...checks: Check[]): (values: unknown[]) => string | null {
  return (values) => {
    if (values.length !== checks.length) return `expected ${checks.length} argument(s), got ${values.length}`;
    for (const [index, check] of checks.entries()) {
      const problem = check(values[index], `argument ${index + 1}`);
      if (problem) return problem;
    }
    return null;
  };
}

export const ARGUMENT_CHECKS: Record<InvokeChannel, (values: unknown[]) => string | null> = {
  'snapshot:get': args(),
  'history:get': args(),
  'settings:get': args(),
  'settings:save': args(settingsInput),
  'best:open': args(),
  'best:copy': args(),
  'monitor:refresh': args(),
  'monitor:set-paused': args(bool),
};

export function controllerHandlers(controller: AppController): IpcHandlers {
  return {
    'snapshot:get': () => controller.getSnapshot(),
    'history:get': () => controller.getHistory(),
    'settings:get': () => controller.getSettings(),
    'settings:save': (input) => controller.saveSettings(input),
    'best:open': () => controller.openBest(),
    'best:copy': () => controller.copyBest(),
    'monitor:refresh': () => {
      controller.refresh();
      return null;
    },
    'monitor:set-paused': (paused) => {
      controller.setPaused(paused);
      return null;
    },
  };
}

/** Registers every channel of the contract; returns a function that removes them. */
export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: IpcHandlers,
  renderer: TrustedRenderer,
  log: (message: string) => void,
): () => void {
  const register = (channel: InvokeChannel) => {
    const handler = handlers[channel] as (...values: unknown[]) => unknown;
    ipcMain.handle(channel, (event, ...values: unknown[]) => {
      if (!isTrustedSender(event, renderer)) {
        log(`refused ${channel} from a foreign sender (${event.senderFrame?.url ?? 'no frame'})`);
        throw new Error(`Refused: ${channel} is only answered to the ComfyWatch window`);
      }
      const problem = ARGUMENT_CHECKS[channel](values);
      if (problem) throw new Error(`Refused: ${channel}: ${problem}`);
      return handler(...values);
    });
  };
  INVOKE_CHANNELS.forEach(register);
  return () => INVOKE_CHANNELS.forEach((channel) => ipcMain.removeHandler(channel));
}
