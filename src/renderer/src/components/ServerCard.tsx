// One server of the report: its state and role, the queue, how it answered, its machine,
// its latency history and, when it is not usable, why.
import { HISTORY_MAX_SAMPLES } from '../../../shared/ipc';
import type { ServerHistory } from '../../../shared/ipc';
import type { ServerReport } from '../../../shared/types';
import {
  deviceName,
  formatMs,
  formatQueue,
  formatTime,
  formatUptime,
  formatVram,
  STATE_LABELS,
} from '../format';
import { Sparkline } from './Sparkline';

const UPTIME_SPAN = `Share of the probes in the kept history (the last 24 h, at most ${HISTORY_MAX_SAMPLES.toLocaleString('en')}) that found the server usable`;

interface Props {
  server: ServerReport;
  best: boolean;
  history: ServerHistory | undefined;
}

export function ServerCard({ server, best, history }: Props) {
  const role = server.role === 'primary' ? 'Primary' : `Backup ${server.priority - 1}`;
  const version = server.system?.comfyuiVersion ?? null;
  const devices = server.system?.devices ?? [];
  const titleId = `server-${server.priority}-title`;

  return (
    <li
      className={`server-card state-${server.state}${best ? ' is-best' : ''}${server.stale ? ' is-stale' : ''}`}
      aria-labelledby={titleId}
      data-url={server.url}
    >
      <div className="server-head">
        <span className={`state-badge state-${server.state}`}>
          <span className="state-dot" aria-hidden="true" />
          {STATE_LABELS[server.state]}
        </span>
        <h3 className="server-url" id={titleId}>
          {server.url}
        </h3>
        {best && <span className="best-badge">Best</span>}
        {server.stale && <span className="stale-badge">Last known</span>}
        <span className="server-role">{role}</span>
      </div>

      <div className="server-body">
        <dl className="facts">
          <div className="wide">
            <dt>Queue</dt>
            <dd>{formatQueue(server.queue)}</dd>
          </div>
          <div>
            <dt>Response</dt>
            <dd>{formatMs(server.responseTimeMs)}</dd>
          </div>
          <div>
            <dt>Priority</dt>
            <dd>{server.priority}</dd>
          </div>
          <div>
            <dt>Rank</dt>
            <dd>{server.rank ?? '—'}</dd>
          </div>
          <div>
            <dt>Endpoint</dt>
            <dd className="mono">{server.endpoint ?? '—'}</dd>
          </div>
          <div title={UPTIME_SPAN}>
            <dt>Uptime</dt>
            <dd>{formatUptime(history?.uptime)}</dd>
          </div>
          {version && (
            <div>
              <dt>Version</dt>
              <dd>{version}</dd>
            </div>
          )}
          {devices.map((device, index) => (
            <div key={`${index}-${device.name}`} className="wide">
              <dt>{devices.length > 1 ? `GPU ${index + 1}` : 'GPU'}</dt>
              <dd>
                {deviceName(device)}
                {formatVram(device) && <span className="vram"> · {formatVram(device)}</span>}
              </dd>
            </div>
          ))}
          <div>
            <dt>Checked</dt>
            <dd>{server.lastCheckedAt ? formatTime(server.lastCheckedAt) : 'not yet'}</dd>
          </div>
        </dl>
        <Sparkline points={history?.points ?? []} />
      </div>

      {server.error && (
        <p className="server-error">
          {server.errorKind && <span className="error-kind">{server.errorKind}</span>}
          {server.error}
        </p>
      )}
      {!server.error && server.note && <p className="server-note">{server.note}</p>}
    </li>
  );
}
