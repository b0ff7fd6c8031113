// The persisted history (history.json in userData): loaded at start so the window shows
// latency and events at once, with the best server of the last run (shown as unconfirmed only).
import fs from 'node:fs';
import path from 'node:path';
import type { SerializedHistory } from './monitor';

export const HISTORY_FILE_NAME = 'history.json';

export interface PersistedHistory {
  /** The last confirmed best of the previous run. */
  best: string | null;
  /** As History.toJSON wrote it; History.fromJSON checks it. */
  history: unknown;
}

interface FileShape {
  version: 1;
  savedAt: string;
  best: string | null;
  history: SerializedHistory;
}

export class HistoryFile {
  readonly path: string;

  constructor(directory: string) {
    this.path = path.join(directory, HISTORY_FILE_NAME);
  }

  /** Never throws: a missing or damaged file is an empty history (it is only a cache). */
  load(): PersistedHistory {
    try {
      const raw: unknown = JSON.parse(fs.readFileSync(this.path, 'utf8'));
      if (raw === null || typeof raw !== 'object') return { best: null, history: null };
      const { best, history } = raw as Partial<FileShape>;
      return { best: typeof best === 'string' ? best : null, history: history ?? null };
    } catch {
      return { best: null, history: null };
    }
  }

  /** Written to a temporary file, then renamed: a crash never leaves half a file. */
  save(best: string | null, history: SerializedHistory, now: Date): void {
    const data: FileShape = { version: 1, savedAt: now.toISOString(), best, history };
    fs.mkdirSync(path.dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(data));
    fs.renameSync(temporary, this.path);
  }
}
