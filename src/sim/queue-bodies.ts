// `/queue` and `/prompt` bodies for a queue of N jobs, spliced from the recorded busy queue's raw
// items so every byte (Python's separators, `7.0` floats) stays as ComfyUI writes it.
import { fixture } from './fixtures';

/** The raw text of each element of the JSON array that follows `"key": ` in `json`. */
function rawArrayItems(json: string, key: string): string[] {
  const start = json.indexOf(`"${key}": [`);
  if (start < 0) throw new Error(`fixture has no "${key}" array`);
  const items: string[] = [];
  let depth = 0;
  let itemStart = start + key.length + 5;
  for (let i = itemStart; i < json.length; i++) {
    const char = json[i];
    if (char === '"') {
      // Skip the string, escapes included.
      for (i++; json[i] !== '"'; i++) if (json[i] === '\\') i++;
    } else if (char === '[' || char === '{') {
      depth++;
    } else if (char === ']' || char === '}') {
      if (depth === 0) {
        const last = json.slice(itemStart, i).trim();
        if (last !== '') items.push(last);
        return items;
      }
      depth--;
    } else if (char === ',' && depth === 0) {
      items.push(json.slice(itemStart, i).trim());
      itemStart = i + 1;
    }
  }
  throw new Error(`fixture's "${key}" array is not closed`);
}

interface QueueItems {
  running: string;
  pending: string[];
}

let recorded: QueueItems | null = null;

function recordedItems(): QueueItems {
  if (!recorded) {
    const json = fixture('queue-busy.json').toString('utf8');
    recorded = {
      running: rawArrayItems(json, 'queue_running')[0],
      pending: rawArrayItems(json, 'queue_pending'),
    };
  }
  return recorded;
}

const ITEM_HEAD = /^\[\d+, "[^"]*"/;

/** The recorded pending item `index` as is; past the recording, copies with a new number and id. */
function pendingItem(index: number): string {
  const { pending } = recordedItems();
  const template = pending[index % pending.length];
  if (index < pending.length) return template;
  const id = `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
  return template.replace(ITEM_HEAD, `[${41 + index + 1}, "${id}"`);
}

/** `GET /queue` for `jobs` jobs (1 running, the rest pending); `queue-busy.json` itself for 4. */
export function queueBody(jobs: number): Buffer {
  if (jobs === 0) return fixture('queue-idle.json');
  const pending = Array.from({ length: jobs - 1 }, (_, i) => pendingItem(i));
  return Buffer.from(
    `{"queue_running": [${recordedItems().running}], "queue_pending": [${pending.join(', ')}]}\n`,
    'utf8',
  );
}

/** `GET /prompt` for `jobs` jobs: `queue_remaining` is running + pending. */
export function promptBody(jobs: number): Buffer {
  return Buffer.from(`{"exec_info": {"queue_remaining": ${jobs}}}\n`, 'utf8');
}
