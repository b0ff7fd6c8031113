// The window's actions. Open and copy may be refused by the main process (no usable server):
// its message is shown, never swallowed.
import { useState } from 'react';
import type { ActionResult } from '../../../shared/ipc';
import { useApi } from '../api-context';

interface Props {
  paused: boolean;
}

interface Message {
  text: string;
  refused: boolean;
}

export function Toolbar({ paused }: Props) {
  const api = useApi();
  const [message, setMessage] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<Message | null>) => {
    setBusy(true);
    try {
      setMessage(await action());
    } catch (error) {
      setMessage({ text: error instanceof Error ? error.message : String(error), refused: true });
    } finally {
      setBusy(false);
    }
  };
  const fromResult = (result: ActionResult, done: string): Message =>
    result.ok ? { text: `${done} ${result.url}`, refused: false } : { text: result.message, refused: true };

  return (
    <div className="toolbar" role="toolbar" aria-label="Actions">
      <button
        type="button"
        className="primary"
        onClick={() => run(async () => fromResult(await api.openBest(), 'Opened'))}
      >
        Open best
      </button>
      <button type="button" onClick={() => run(async () => fromResult(await api.copyBest(), 'Copied'))}>
        Copy best URL
      </button>
      {/* The main process ignores a refresh while paused (the tray menu greys it out too). */}
      <button
        type="button"
        disabled={paused}
        title={paused ? 'Monitoring is paused: resume it first to check the servers' : undefined}
        onClick={() =>
          run(async () => {
            await api.refresh();
            return { text: 'Checking every server now', refused: false };
          })
        }
      >
        Refresh now
      </button>
      <button
        type="button"
        disabled={busy}
        onClick={() =>
          run(async () => {
            await api.setPaused(!paused);
            return { text: paused ? 'Monitoring resumed' : 'Monitoring paused', refused: false };
          })
        }
      >
        {paused ? 'Resume' : 'Pause'}
      </button>
      <p className={`toolbar-message${message?.refused ? ' refused' : ''}`} role="status">
        {message?.text}
      </p>
    </div>
  );
}
