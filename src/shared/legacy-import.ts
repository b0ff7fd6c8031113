// Reads the configuration of the tool ComfyWatch replaces: a JSON object, or `KEY=value` lines
// (dotenv or INI style), holding `comfyui.base_url` or `BASE_URL` (the primary) and
// `comfyui.backup_servers` (comma- or newline-separated). Entries are returned as written:
// the settings form runs them through the server-list parser, which names any bad one.
import { findJsonSyntaxError } from './json-syntax';

export interface LegacyImport {
  primary: string | null;
  backups: string[];
  errors: string[];
}

const PRIMARY_KEYS = ['comfyui.base_url', 'BASE_URL'] as const;
const BACKUPS_KEY = 'comfyui.backup_servers';

type Values = Map<string, unknown>;

function splitEntries(text: string): string[] {
  return text
    .split(/[,\r\n]+/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** Flattens nested objects to dotted keys, so `{"comfyui": {"base_url": …}}` reads like `comfyui.base_url`. */
function flatten(object: Record<string, unknown>, prefix: string, into: Values): Values {
  for (const [key, value] of Object.entries(object)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      flatten(value as Record<string, unknown>, name, into);
    } else {
      into.set(name, value);
    }
  }
  return into;
}

function fromJson(text: string, errors: string[]): Values | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const where = findJsonSyntaxError(text);
    errors.push(
      where
        ? `Not valid JSON: line ${where.line}, column ${where.column}: ${where.message}`
        : 'Not valid JSON',
    );
    return null;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    errors.push('The JSON must be an object holding comfyui.base_url or BASE_URL');
    return null;
  }
  return flatten(parsed as Record<string, unknown>, '', new Map());
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t' };

function unescapeDoubleQuoted(text: string): string {
  return text.replace(/\\([nrt"\\])/g, (_, char: string) => ESCAPES[char] ?? char);
}

/** Index of the quote that closes a value, skipping `\"` inside double quotes; -1 when absent. */
function closingQuote(body: string, quote: string): number {
  for (let i = 0; i < body.length; i++) {
    if (quote === '"' && body[i] === '\\') i++;
    else if (body[i] === quote) return i;
  }
  return -1;
}

function fromLines(text: string, errors: string[]): Values {
  const values: Values = new Map();
  const lines = text.split(/\r?\n/);
  let section = '';
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index].trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      section = header[1].trim();
      continue;
    }
    const match = /^(?:export\s+)?([^=\s]+)\s*=\s*(.*)$/.exec(line);
    if (!match) {
      errors.push(`Line ${index + 1}: expected KEY=value`);
      continue;
    }
    const key = section ? `${section}.${match[1]}` : match[1];
    let value = match[2];
    const quote = value[0];
    if (quote === '"' || quote === "'") {
      // A quoted value may span lines (a newline-separated backup list).
      let body = value.slice(1);
      while (closingQuote(body, quote) < 0 && index + 1 < lines.length) body += `\n${lines[++index]}`;
      const end = closingQuote(body, quote);
      if (end < 0) {
        errors.push(`${key}: the closing ${quote} is missing`);
        continue;
      }
      body = body.slice(0, end);
      value = quote === '"' ? unescapeDoubleQuoted(body) : body;
    } else {
      value = value.replace(/\s+#.*$/, '').trim();
    }
    values.set(key, value);
  }
  return values;
}

function stringValue(values: Values, key: string, errors: string[]): string | null {
  const value = values.get(key);
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    errors.push(`${key} must be a text, not ${Array.isArray(value) ? 'a list' : typeof value}`);
    return null;
  }
  return value.trim();
}

function backupsOf(values: Values, errors: string[]): string[] {
  const value = values.get(BACKUPS_KEY);
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) {
    const texts = value.filter((entry): entry is string => typeof entry === 'string');
    if (texts.length !== value.length) errors.push(`${BACKUPS_KEY}: only texts are allowed in the list`);
    return texts.flatMap(splitEntries);
  }
  const text = stringValue(values, BACKUPS_KEY, errors);
  return text === null ? [] : splitEntries(text);
}

export function parseLegacyConfig(text: string): LegacyImport {
  const errors: string[] = [];
  const trimmed = text.trim();
  if (trimmed === '') return { primary: null, backups: [], errors: ['Nothing to import: the text is empty'] };
  const values = trimmed.startsWith('{') ? fromJson(trimmed, errors) : fromLines(trimmed, errors);
  if (!values) return { primary: null, backups: [], errors };

  const found = PRIMARY_KEYS.map((key) => ({ key, value: stringValue(values, key, errors) })).filter(
    (entry): entry is { key: (typeof PRIMARY_KEYS)[number]; value: string } => !!entry.value,
  );
  const primary = found[0]?.value ?? null;
  if (found.length > 1 && found[0].value !== found[1].value) {
    errors.push(`Both ${found[0].key} and ${found[1].key} are set: using ${found[0].key}`);
  }
  if (primary === null) errors.push(`No primary server: set ${PRIMARY_KEYS.join(' or ')}`);
  return { primary, backups: backupsOf(values, errors), errors };
}
