// The preload's API reaches components through context, so tests can inject their own.
import { createContext, useContext } from 'react';
import type { ComfyWatchApi } from '../../shared/ipc';

export const ApiContext = createContext<ComfyWatchApi | null>(null);

export function useApi(): ComfyWatchApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi needs an <ApiContext.Provider> above it');
  return api;
}
