// Import of the legacy configuration (JSON or KEY=value lines), pasted or read from a file.
// It only fills the form: nothing is saved until the user presses Save.
import { useId, useState } from 'react';
import type { ChangeEvent } from 'react';
import { parseLegacyConfig } from '../../../shared/legacy-import';

export interface LegacyValues {
  primary: string | null;
  backups: string[];
}

interface Props {
  onImport(values: LegacyValues): void;
}

export function LegacyImport({ onImport }: Props) {
  const id = useId();
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [result, setResult] = useState<string | null>(null);

  const importText = (source: string) => {
    const parsed = parseLegacyConfig(source);
    setErrors(parsed.errors);
    if (parsed.primary === null && parsed.backups.length === 0) {
      setResult(null);
      return;
    }
    onImport({ primary: parsed.primary, backups: parsed.backups });
    const found = [
      parsed.primary ? 'the primary' : null,
      parsed.backups.length > 0
        ? `${parsed.backups.length} backup${parsed.backups.length === 1 ? '' : 's'}`
        : null,
    ].filter(Boolean);
    setResult(`Imported ${found.join(' and ')}. Check the servers above, then Save.`);
  };

  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    const content = await file.text();
    setText(content);
    importText(content);
    event.target.value = '';
  };

  return (
    <fieldset className="legacy-import">
      <legend>Import a legacy configuration</legend>
      <p className="hint">
        A JSON object or <code>KEY=value</code> lines with <code>comfyui.base_url</code> or{' '}
        <code>BASE_URL</code> (the primary) and <code>comfyui.backup_servers</code>.
      </p>
      <label htmlFor={`${id}-text`}>Configuration text</label>
      <textarea
        id={`${id}-text`}
        rows={4}
        spellCheck={false}
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      <div className="row">
        <button type="button" onClick={() => importText(text)} disabled={text.trim() === ''}>
          Import text
        </button>
        <label className="file-button">
          Choose file…
          <input
            type="file"
            accept=".json,.env,.txt,.conf,.cfg,text/plain,application/json"
            onChange={readFile}
          />
        </label>
      </div>
      <div role="status" className="import-result">
        {result && <p className="ok">{result}</p>}
        {errors.length > 0 && (
          <ul className="list-issues">
            {errors.map((error) => (
              <li key={error} className="issue-error">
                {error}
              </li>
            ))}
          </ul>
        )}
      </div>
    </fieldset>
  );
}
