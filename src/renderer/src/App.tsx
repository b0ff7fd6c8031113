// The status window: the fleet and its events on one tab, the settings on the other. Both tabs
// stay mounted so live updates and unsaved edits survive switching.
import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { ComfyWatchApi, WindowView } from '../../shared/ipc';
import { ApiContext, useApi } from './api-context';
import { EventLog } from './components/EventLog';
import { SettingsForm } from './components/SettingsForm';
import { StatusTable } from './components/StatusTable';
import { Toolbar } from './components/Toolbar';
import { useFleet } from './use-fleet';

const TABS: readonly { id: WindowView; label: string }[] = [
  { id: 'status', label: 'Status' },
  { id: 'settings', label: 'Settings' },
];

interface Props {
  api: ComfyWatchApi;
  initialTab?: WindowView;
}

export function App({ api, initialTab = 'status' }: Props) {
  return (
    <ApiContext.Provider value={api}>
      <Window initialTab={initialTab} />
    </ApiContext.Provider>
  );
}

function StatusPanel() {
  const fleet = useFleet();
  if (fleet.loadError && !fleet.snapshot) {
    return <p className="load-error">Could not load the status: {fleet.loadError}</p>;
  }
  if (!fleet.snapshot) return <p className="empty">Loading…</p>;
  return (
    <>
      <Toolbar paused={fleet.snapshot.paused} />
      <StatusTable snapshot={fleet.snapshot} history={fleet.history} />
      <EventLog events={fleet.events} />
    </>
  );
}

function Window({ initialTab }: { initialTab: WindowView }) {
  const api = useApi();
  const [tab, setTab] = useState<WindowView>(initialTab);
  // The tray's "Status window…" and "Settings…" reuse an open window.
  useEffect(() => api.onShowView?.(setTab), [api]);
  const buttons = useRef<Record<WindowView, HTMLButtonElement | null>>({ status: null, settings: null });

  // Arrow keys move between tabs, as in a native tab bar.
  const onKeyDown = (event: KeyboardEvent) => {
    const index = TABS.findIndex((t) => t.id === tab);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    const next = TABS[(index + step + TABS.length) % TABS.length].id;
    setTab(next);
    buttons.current[next]?.focus();
  };

  return (
    <div className="app">
      <header className="app-header">
        <h1>ComfyWatch</h1>
        <div className="tabs" role="tablist" aria-label="Views" onKeyDown={onKeyDown}>
          {TABS.map((t) => (
            <button
              key={t.id}
              ref={(element) => {
                buttons.current[t.id] = element;
              }}
              type="button"
              role="tab"
              id={`tab-${t.id}`}
              aria-selected={tab === t.id}
              aria-controls={`panel-${t.id}`}
              tabIndex={tab === t.id ? 0 : -1}
              onClick={() => setTab(t.id)}
            >
              {t.label}
            </button>
          ))}
        </div>
      </header>
      <main className="content">
        {TABS.map((t) => (
          <section
            key={t.id}
            className={`panel panel-${t.id}`}
            role="tabpanel"
            id={`panel-${t.id}`}
            aria-labelledby={`tab-${t.id}`}
            hidden={tab !== t.id}
          >
            {t.id === 'status' ? <StatusPanel /> : <SettingsForm />}
          </section>
        ))}
      </main>
    </div>
  );
}
