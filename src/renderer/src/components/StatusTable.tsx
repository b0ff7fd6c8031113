// The fleet at a glance: which server is best and why, then every server in configured order.
import type { ServerHistory } from '../../../shared/ipc';
import type { FleetSnapshot } from '../../../shared/types';
import { formatTime } from '../format';
import { ServerCard } from './ServerCard';

interface Props {
  snapshot: FleetSnapshot;
  history: Record<string, ServerHistory>;
}

function Summary({ snapshot }: { snapshot: FleetSnapshot }) {
  const usable = snapshot.servers.filter((server) => server.healthy).length;
  let headline: string;
  let tone: string;
  if (snapshot.checking) {
    [headline, tone] = ['Checking servers…', 'checking'];
  } else if (snapshot.networkDown) {
    [headline, tone] = ['This computer is offline: showing the last known state', 'down'];
  } else if (snapshot.best) {
    [headline, tone] = [`Best: ${snapshot.best}`, usable === snapshot.servers.length ? 'up' : 'partial'];
  } else {
    [headline, tone] = ['No usable server', 'down'];
  }

  return (
    <div className={`summary tone-${tone}`}>
      {/* Only the headline is announced: the details change every round. */}
      <p className="summary-headline" aria-live="polite">
        {headline}
      </p>
      <p className="summary-detail">
        {!snapshot.checking && snapshot.best && snapshot.bestReason && (
          <span className="best-reason">{snapshot.bestReason}</span>
        )}
        {snapshot.checking && snapshot.rememberedBest && (
          <span className="best-reason">Last best: {snapshot.rememberedBest} (not confirmed yet)</span>
        )}
        <span className="summary-counts">
          {usable} of {snapshot.servers.length} usable
          {snapshot.paused ? ' · monitoring paused' : ''} · checked {formatTime(snapshot.checkedAt)}
        </span>
      </p>
    </div>
  );
}

export function StatusTable({ snapshot, history }: Props) {
  return (
    <section className="status" aria-label="Servers">
      <Summary snapshot={snapshot} />
      <ul className="server-list">
        {snapshot.servers.map((server) => (
          <ServerCard
            key={server.url}
            server={server}
            best={!snapshot.checking && server.url === snapshot.best}
            history={history[server.url]}
          />
        ))}
      </ul>
    </section>
  );
}
