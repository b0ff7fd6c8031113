// Per-server options: extra request headers (a token, say) and "trust self-signed".
// A stored secret's value never reaches the window: it shows as a placeholder until replaced.
import type { ServerDraft } from '../settings-model';
import { headerDraft } from '../settings-model';

interface Props {
  index: number;
  server: ServerDraft;
  secretsAvailable: boolean;
  errors: Record<string, string>;
  onChange(server: ServerDraft): void;
}

export function ServerOptions({ index, server, secretsAvailable, errors, onChange }: Props) {
  const base = `server-${index}`;
  const field = `servers[${index}]`;
  const setHeader = (id: number, change: Partial<ServerDraft['headers'][number]>) =>
    onChange({
      ...server,
      headers: server.headers.map((header) => (header.id === id ? { ...header, ...change } : header)),
    });

  return (
    <fieldset className="server-options">
      <legend>
        <span className="mono">{server.url}</span>{' '}
        <span className="server-role">{index === 0 ? 'Primary' : `Backup ${index}`}</span>
      </legend>
      <div className="row">
        <label className="check">
          <input
            type="checkbox"
            checked={server.trustSelfSigned}
            onChange={(event) => onChange({ ...server, trustSelfSigned: event.target.checked })}
          />
          Trust a self-signed certificate
        </label>
        <button
          type="button"
          className="link push-right"
          aria-label={`Add header for ${server.url}`}
          onClick={() => onChange({ ...server, headers: [...server.headers, headerDraft()] })}
        >
          Add header
        </button>
      </div>
      {server.headers.length > 0 && (
        <table className="headers">
          <thead>
            <tr>
              <th scope="col">Header</th>
              <th scope="col">Value</th>
              <th scope="col">Secret</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {server.headers.map((header, row) => {
              const at = `${field}.headers[${row}]`;
              const nameError = errors[`${at}.name`];
              const valueError = errors[`${at}.value`];
              const ids = { name: `${base}-h${header.id}-name`, value: `${base}-h${header.id}-value` };
              return (
                <tr key={header.id}>
                  <td>
                    <input
                      id={ids.name}
                      aria-label={`Header ${row + 1} name for ${server.url}`}
                      value={header.name}
                      placeholder="Authorization"
                      spellCheck={false}
                      aria-invalid={nameError ? true : undefined}
                      aria-describedby={nameError ? `${ids.name}-error` : undefined}
                      onChange={(event) => setHeader(header.id, { name: event.target.value })}
                    />
                    {nameError && (
                      <span className="field-error" id={`${ids.name}-error`}>
                        {nameError}
                      </span>
                    )}
                  </td>
                  <td>
                    <input
                      id={ids.value}
                      aria-label={`Header ${row + 1} value for ${server.url}`}
                      type={header.secret ? 'password' : 'text'}
                      autoComplete="off"
                      spellCheck={false}
                      value={header.value}
                      placeholder={
                        header.secret && header.hasStoredValue ? '•••••••• stored: type to replace' : ''
                      }
                      aria-invalid={valueError ? true : undefined}
                      aria-describedby={valueError ? `${ids.value}-error` : undefined}
                      onChange={(event) => setHeader(header.id, { value: event.target.value })}
                    />
                    {valueError && (
                      <span className="field-error" id={`${ids.value}-error`}>
                        {valueError}
                      </span>
                    )}
                  </td>
                  <td className="center">
                    <input
                      type="checkbox"
                      aria-label={`Header ${row + 1} is secret`}
                      checked={header.secret}
                      // Without safeStorage a new secret could only be stored in plain text.
                      disabled={!secretsAvailable && !header.secret}
                      onChange={(event) => setHeader(header.id, { secret: event.target.checked })}
                    />
                  </td>
                  <td>
                    <button
                      type="button"
                      className="icon"
                      aria-label={`Remove header ${row + 1} of ${server.url}`}
                      onClick={() =>
                        onChange({ ...server, headers: server.headers.filter((h) => h.id !== header.id) })
                      }
                    >
                      ×
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {!secretsAvailable && (
        <p className="hint">
          Secrets cannot be encrypted on this computer: new headers are stored as plain text.
        </p>
      )}
    </fieldset>
  );
}
