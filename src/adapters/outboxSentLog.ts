// The outbox's record of delivered notes: one JSON line per note, appended before the note's
// queue file is removed, so a crash between the two leaves a note that is known to be sent. Only
// the newest `cap` records are kept (what the notes panel needs to show "sent"): when the log
// reaches twice that, it is rewritten with the newest `cap`, atomically. Opening reads at most
// 2 x cap lines, however many notes were ever sent. Callers hold the outbox's log claim while
// appending or compacting, so no process appends to a file another is replacing.
import { open, readFile, stat } from 'node:fs/promises';
import { writeFileAtomic } from './atomicWrite';

export interface SentRecord {
  key: string;
  seq: number;
  incidentId: string;
  platform: string;
  remoteIncidentId: string;
  createdAt: string;
  sentAt: string;
  attempts: number;
  remoteId?: string;
}

export class SentLog {
  private cached: { mtimeMs: number; size: number; records: Map<string, SentRecord> } | undefined;

  constructor(private readonly file: string, private readonly cap = 1000) {}

  /** The records on disk now, by key (re-read only when the file changed). */
  async read(): Promise<Map<string, SentRecord>> {
    const info = await stat(this.file).catch(() => undefined);
    if (!info) return new Map();
    if (this.cached && this.cached.mtimeMs === info.mtimeMs && this.cached.size === info.size) return this.cached.records;
    const text = await readFile(this.file, 'utf8').catch(() => '');
    const records = new Map<string, SentRecord>();
    for (const line of text.split('\n')) {
      const record = parseRecord(line);
      if (record) records.set(record.key, record);
    }
    this.cached = { mtimeMs: info.mtimeMs, size: info.size, records };
    return records;
  }

  /** Appends `records` in one write (and compacts past 2 x cap). Call with the log claim held. */
  async append(...records: SentRecord[]): Promise<void> {
    const handle = await open(this.file, 'a');
    try {
      await handle.writeFile(records.map((r) => `${JSON.stringify(r)}\n`).join(''), 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    const all = await this.read();
    if (all.size >= 2 * this.cap) {
      const newest = [...all.values()].sort((a, b) => a.seq - b.seq).slice(-this.cap);
      await writeFileAtomic(this.file, newest.map((r) => `${JSON.stringify(r)}\n`).join(''));
      this.cached = undefined;
    }
  }
}

function parseRecord(line: string): SentRecord | undefined {
  if (!line.trim()) return undefined;
  try {
    const r = JSON.parse(line) as SentRecord;
    return typeof r?.key === 'string' && typeof r.seq === 'number' && typeof r.platform === 'string' ? r : undefined;
  } catch {
    return undefined; // a line cut by a crash mid-append: the note's queue file is still there
  }
}
