// Subscribes to the main process's pushes first, then loads what it already has, so nothing
// published in between is lost; the reducer keeps the newer of the two.
import { useEffect, useReducer, useState } from 'react';
import { useApi } from './api-context';
import { fleetReducer, INITIAL_FLEET_STATE } from './fleet-state';
import type { FleetState } from './fleet-state';

export interface Fleet extends FleetState {
  /** Why the initial load failed, if it did. */
  loadError: string | null;
}

export function useFleet(): Fleet {
  const api = useApi();
  const [state, dispatch] = useReducer(fleetReducer, INITIAL_FLEET_STATE);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let active = true;
    const offSnapshot = api.onSnapshot((snapshot) => dispatch({ type: 'snapshot-pushed', snapshot }));
    const offEvent = api.onEvent((event) => dispatch({ type: 'event-pushed', event }));
    const failed = (error: unknown) => {
      if (active) setLoadError(error instanceof Error ? error.message : String(error));
    };
    api.getSnapshot().then((snapshot) => {
      if (active) dispatch({ type: 'snapshot-loaded', snapshot });
    }, failed);
    api.getHistory().then((history) => {
      if (active) dispatch({ type: 'history-loaded', history });
    }, failed);
    return () => {
      active = false;
      offSnapshot();
      offEvent();
    };
  }, [api]);

  return { ...state, loadError };
}
