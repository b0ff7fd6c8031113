// The settings window: servers, checking, notifications and the app, with inline validation
// as the user types. Nothing is saved while any field is wrong; the main process checks again
// and its refusals are shown at the fields they name.
import { useEffect, useId, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { FieldError, SettingsView } from '../../../shared/ipc';
import type { NotifySettings } from '../../../shared/settings';
import { SETTING_BOUNDS } from '../../../shared/settings';
import type { Policy } from '../../../shared/types';
import { useApi } from '../api-context';
import type { CountKey, DurationKey, ServerDraft, SettingsDraft } from '../settings-model';
import {
  checkDraft,
  COUNT_KEYS,
  draftFromView,
  DURATION_KEYS,
  emptyServerDraft,
  keepValidEntries,
  msToSeconds,
} from '../settings-model';
import { LegacyImport } from './LegacyImport';
import type { LegacyValues } from './LegacyImport';
import { ListIssues } from './ListIssues';
import { ServerOptions } from './ServerOptions';

const DURATION_LABELS: Record<DurationKey, string> = {
  intervalMs: 'Check every',
  timeoutMs: 'Timeout',
  recheckMs: 'Re-check while changing',
  downMaxMs: 'Longest wait while down',
  slowMs: 'Slow above',
};

const COUNT_LABELS: Record<CountKey, string> = {
  fall: 'Failures before down',
  rise: 'Successes before up',
};

const NOTIFY_LABELS: Record<keyof NotifySettings, string> = {
  failover: 'Failover: the best server went down and another took over',
  allDown: 'All servers are down',
  recovery: 'A server is usable again after all were down',
  rebalance: 'Rebalance: a less busy server took over',
  network: 'This computer’s network went down or came back',
};

const POLICY_LABELS: Record<Policy, [string, string]> = {
  'least-busy': ['Least busy', 'The usable server with the fewest queued jobs'],
  'prefer-primary': ['Prefer primary', 'The primary while it is usable, then the backups in order'],
};

/** Fields that show the main process's errors beside them; others are listed by the Save button. */
const FIELDS_WITH_ERRORS = new Set<string>(['primary', 'backups', ...DURATION_KEYS, ...COUNT_KEYS]);

type Status = { tone: 'ok' | 'error'; text: string; notices: string[] };

interface FieldProps {
  id: string;
  label: string;
  error: string | undefined;
  hint?: ReactNode;
  children: (aria: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode;
}

/** A label tied to its input, with its hint and error read out with it. */
function Field({ id, label, error, hint, children }: FieldProps) {
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': described || undefined })}
      {hint && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}

export function SettingsForm() {
  const api = useApi();
  const [view, setView] = useState<SettingsView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let active = true;
    api.getSettings().then(
      (settings) => active && setView(settings),
      (error: unknown) => active && setLoadError(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      active = false;
    };
  }, [api]);

  if (loadError) return <p className="load-error">Could not load the settings: {loadError}</p>;
  if (!view) return <p className="empty">Loading settings…</p>;
  return <SettingsEditor view={view} onSaved={setView} />;
}

interface EditorProps {
  view: SettingsView;
  onSaved(view: SettingsView): void;
}

function SettingsEditor({ view, onSaved }: EditorProps) {
  const api = useApi();
  const id = useId();
  const [draft, setDraft] = useState<SettingsDraft>(() => draftFromView(view));
  const [saveErrors, setSaveErrors] = useState<FieldError[]>([]);
  const [status, setStatus] = useState<Status | null>(null);
  const [saving, setSaving] = useState(false);
  const check = useMemo(() => checkDraft(draft), [draft]);
  // Open at first only when some server has options set; most fleets need none.
  const [optionsOpen] = useState(() =>
    view.servers.some((server) => server.trustSelfSigned || server.headers.length > 0),
  );

  // The form's own errors first; the main process's refusals stay until the next edit.
  const errorOf = (field: string) =>
    check.errors[field] ?? saveErrors.find((error) => error.field === field)?.message;
  const otherSaveErrors = saveErrors.filter(
    (error) => !FIELDS_WITH_ERRORS.has(error.field) && !error.field.startsWith('servers['),
  );

  const update = (change: Partial<SettingsDraft>) => {
    setDraft((current) => ({ ...current, ...change }));
    setSaveErrors([]);
  };
  const setNumber = (key: keyof SettingsDraft['numbers'], text: string) =>
    update({ numbers: { ...draft.numbers, [key]: text } });
  const setServer = (server: ServerDraft) => update({ servers: { ...draft.servers, [server.url]: server } });
  const importLegacy = (values: LegacyValues) =>
    update({
      primary: values.primary ?? draft.primary,
      backups: values.backups.length > 0 ? values.backups.join('\n') : draft.backups,
    });

  const save = async () => {
    if (!check.input) {
      setStatus({ tone: 'error', text: 'Nothing was saved: fix the fields marked in red.', notices: [] });
      return;
    }
    setSaving(true);
    try {
      const result = await api.saveSettings(check.input);
      if (result.ok) {
        setDraft(draftFromView(result.settings));
        setSaveErrors([]);
        setStatus({ tone: 'ok', text: 'Saved.', notices: result.notices });
        onSaved(result.settings);
      } else {
        setSaveErrors(result.errors);
        setStatus({ tone: 'error', text: 'Nothing was saved: fix the fields marked in red.', notices: [] });
      }
    } catch (error) {
      setStatus({
        tone: 'error',
        text: `Could not save: ${error instanceof Error ? error.message : String(error)}`,
        notices: [],
      });
    } finally {
      setSaving(false);
    }
  };

  const serverFieldErrors = (index: number) => {
    const prefix = `servers[${index}]`;
    const fromMain = saveErrors.filter(
      (error) => error.field === prefix || error.field.startsWith(`${prefix}.`),
    );
    return fromMain.map((error) => error.message);
  };

  return (
    <form
      className="settings"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      {view.notices.length > 0 && (
        <div className="notice-box" role="alert">
          {view.notices.map((notice) => (
            <p key={notice}>{notice}</p>
          ))}
        </div>
      )}

      <fieldset>
        <legend>Servers</legend>
        <Field
          id={`${id}-primary`}
          label="Primary server"
          error={errorOf('primary')}
          hint={check.primary.notices.map((notice) => notice.message).join(' ') || undefined}
        >
          {(aria) => (
            <input
              {...aria}
              className="mono"
              value={draft.primary}
              placeholder="http://127.0.0.1:8188"
              spellCheck={false}
              autoComplete="off"
              onChange={(event) => update({ primary: event.target.value })}
            />
          )}
        </Field>
        <div className={`field${errorOf('backups') ? ' has-error' : ''}`}>
          <label htmlFor={`${id}-backups`}>Backup servers</label>
          <textarea
            id={`${id}-backups`}
            className="mono"
            rows={4}
            spellCheck={false}
            value={draft.backups}
            placeholder={'http://gpu-2:8188\nhttps://comfy.example.com'}
            aria-invalid={errorOf('backups') ? true : undefined}
            aria-describedby={`${id}-backups-hint ${id}-backups-issues`}
            onChange={(event) => update({ backups: event.target.value })}
          />
          <span className="hint" id={`${id}-backups-hint`}>
            In order of preference; one a line, or separated by commas, spaces or semicolons.
          </span>
          <ListIssues
            id={`${id}-backups-issues`}
            errors={check.backups.errors}
            notices={check.backups.notices}
          />
          {errorOf('backups') && (
            <div className="field-error">
              {errorOf('backups')}
              {check.backups.errors.length > 0 && check.backups.servers.length > 0 && (
                <button
                  type="button"
                  className="link"
                  onClick={() => update({ backups: keepValidEntries(draft.backups) })}
                >
                  Keep only the valid entries
                </button>
              )}
            </div>
          )}
        </div>
      </fieldset>

      {check.serverUrls.length > 0 && (
        <details className="box" open={optionsOpen}>
          <summary>Per-server options: extra headers, self-signed certificates</summary>
          {check.serverUrls.map((url, index) => (
            <div key={url}>
              <ServerOptions
                index={index}
                server={draft.servers[url] ?? emptyServerDraft(url)}
                secretsAvailable={view.secretsAvailable}
                errors={check.errors}
                onChange={setServer}
              />
              {serverFieldErrors(index).map((message) => (
                <p key={message} className="field-error">
                  {message}
                </p>
              ))}
            </div>
          ))}
        </details>
      )}

      <fieldset>
        <legend>Checking</legend>
        <div className="grid">
          {DURATION_KEYS.map((key) => (
            <Field key={key} id={`${id}-${key}`} label={`${DURATION_LABELS[key]} (s)`} error={errorOf(key)}>
              {(aria) => (
                <input
                  {...aria}
                  type="number"
                  inputMode="decimal"
                  min={msToSeconds(SETTING_BOUNDS[key].min)}
                  max={msToSeconds(SETTING_BOUNDS[key].max)}
                  step="any"
                  value={draft.numbers[key]}
                  onChange={(event) => setNumber(key, event.target.value)}
                />
              )}
            </Field>
          ))}
          {COUNT_KEYS.map((key) => (
            <Field key={key} id={`${id}-${key}`} label={COUNT_LABELS[key]} error={errorOf(key)}>
              {(aria) => (
                <input
                  {...aria}
                  type="number"
                  min={SETTING_BOUNDS[key].min}
                  max={SETTING_BOUNDS[key].max}
                  step={1}
                  value={draft.numbers[key]}
                  onChange={(event) => setNumber(key, event.target.value)}
                />
              )}
            </Field>
          ))}
        </div>
        <fieldset className="radio-group">
          <legend>Best server</legend>
          {(Object.keys(POLICY_LABELS) as Policy[]).map((policy) => (
            <label key={policy} className="check">
              <input
                type="radio"
                name={`${id}-policy`}
                value={policy}
                checked={draft.policy === policy}
                onChange={() => update({ policy })}
              />
              <span>
                {POLICY_LABELS[policy][0]}
                <span className="hint"> — {POLICY_LABELS[policy][1]}</span>
              </span>
            </label>
          ))}
        </fieldset>
      </fieldset>

      <fieldset>
        <legend>Notifications</legend>
        {(Object.keys(NOTIFY_LABELS) as (keyof NotifySettings)[]).map((kind) => (
          <label key={kind} className="check">
            <input
              type="checkbox"
              checked={draft.notify[kind]}
              onChange={(event) => update({ notify: { ...draft.notify, [kind]: event.target.checked } })}
            />
            {NOTIFY_LABELS[kind]}
          </label>
        ))}
      </fieldset>

      <fieldset>
        <legend>App</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.launchAtLogin}
            onChange={(event) => update({ launchAtLogin: event.target.checked })}
          />
          Launch at login
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.startMinimised}
            onChange={(event) => update({ startMinimised: event.target.checked })}
          />
          Start minimised to the tray
        </label>
      </fieldset>

      <LegacyImport onImport={importLegacy} />

      <div className="form-footer">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button
          type="button"
          onClick={() => {
            setDraft(draftFromView(view));
            setSaveErrors([]);
            setStatus(null);
          }}
        >
          Revert
        </button>
        <div className={`save-status tone-${status?.tone ?? 'none'}`} role="status">
          {status && <p>{status.text}</p>}
          {status?.notices.map((notice) => (
            <p key={notice}>{notice}</p>
          ))}
          {otherSaveErrors.map((error) => (
            <p key={`${error.field}:${error.message}`}>
              {error.field}: {error.message}
            </p>
          ))}
        </div>
        <p className="settings-path">
          Stored in <span className="mono">{view.path}</span>
        </p>
      </div>
    </form>
  );
}
