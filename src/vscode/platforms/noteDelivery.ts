// Notes logged on an incident that came from a platform go to that platform's timeline
// through the durable outbox; the notes panel shows each note's delivery state.
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { Outbox, type OutboxEntry } from '../../adapters/outbox';
import type { Incident, Note } from '../../core/model';
import { Disposable } from '../disposable';
import { kindOfProvider, type PlatformConnections } from './platformConnections';
import { PLATFORM_NAMES } from './platformSettings';

export interface Delivery {
  key: string;
  state: OutboxEntry['state'];
  platform: string;
  error?: string;
}

export class NoteDelivery extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  private constructor(private readonly outbox: Outbox, private readonly connections: PlatformConnections) {
    super();
    this._register(outbox.onDidChange(() => this.changed.fire()));
    this._register(connections.onDidChange(() => void this.resumeAfterConnect()));
    this._register({ dispose: () => outbox.stop() });
    this.startIfAllowed();
  }

  static async open(dir: vscode.Uri, connections: PlatformConnections, log: vscode.LogOutputChannel): Promise<NoteDelivery> {
    const outbox = await Outbox.open({
      dir: dir.fsPath,
      platform: (kind) => connections.client(kindOfProvider(kind)),
      logger: { warn: (message: string) => log.warn(message) },
    });
    return new NoteDelivery(outbox, connections);
  }

  /** Queues a just-logged note when its incident has a platform source. */
  async deliver(incident: Incident, note: Note, incidentFile: string): Promise<void> {
    if (!incident.source || !vscode.workspace.isTrusted) return;
    await this.outbox.enqueue({
      key: deliveryKey(incident, note),
      incidentId: incident.id,
      incidentFile,
      platform: kindOfProvider(incident.source.provider),
      remoteIncidentId: incident.source.id,
      text: platformText(note),
      createdAt: note.at,
    });
  }

  /** The delivery of a note, when it was queued for a platform. */
  of(incident: Incident, note: Note): Delivery | undefined {
    const entry = incident.source ? this.outbox.get(deliveryKey(incident, note)) : undefined;
    if (!entry) return undefined;
    const kind = kindOfProvider(entry.platform);
    return { key: entry.key, state: entry.state, platform: PLATFORM_NAMES[kind] ?? entry.platform, ...(entry.lastError ? { error: entry.lastError } : {}) };
  }

  async retry(key: string): Promise<void> {
    await this.outbox.retry(key);
  }

  /** Notes that failed only because their platform was not connected go out once it is. */
  private async resumeAfterConnect(): Promise<void> {
    this.startIfAllowed();
    for (const entry of this.outbox.list()) {
      if (entry.state === 'failed' && this.connections.client(kindOfProvider(entry.platform)) && entry.lastError?.endsWith('is not configured')) await this.outbox.retry(entry.key);
    }
  }

  /** No network in an untrusted workspace: the queue waits, on disk, until trust is granted. */
  private startIfAllowed(): void {
    if (vscode.workspace.isTrusted) this.outbox.start();
  }
}

/** Stable for one note of one incident, so a retry or a restart never posts it twice. */
export function deliveryKey(incident: Incident, note: Note): string {
  return createHash('sha256').update(`${incident.source?.provider}\n${incident.source?.id}\n${note.at}\n${note.kind}\n${note.text}`).digest('hex').slice(0, 32);
}

function platformText(note: Note): string {
  const code = note.code ? `\n${note.code.path}${note.code.lines ? `:${note.code.lines.start}-${note.code.lines.end}` : ''}${note.code.commit ? ` @ ${note.code.commit.slice(0, 12)}` : ''}` : '';
  const author = note.author ? ` (${note.author})` : '';
  return `[${note.kind}]${author} ${note.text}${code}`;
}
