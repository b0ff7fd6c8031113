// Spies for every tray action, typed like TrayActions.
import { vi } from 'vitest';
import type { Mock } from 'vitest';
import type { TrayActions } from '../../src/main/tray-menu';

export function trayActionSpies(): { [K in keyof TrayActions]: Mock<TrayActions[K]> } {
  return {
    openBest: vi.fn(),
    copyBest: vi.fn(),
    openServer: vi.fn(),
    refresh: vi.fn(),
    setPaused: vi.fn(),
    showStatus: vi.fn(),
    showSettings: vi.fn(),
    quit: vi.fn(),
  };
}
