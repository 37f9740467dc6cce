// Notes logged on an incident that came from a platform go to that platform's timeline
// through the durable outbox; the notes panel shows each note's delivery state. A posted note
// carries the code's web permalink and a deep link back into the reader's editor.
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { Outbox, type OutboxEntry } from '../../adapters/outbox';
import { deepLink } from '../../core/deepLinks';
import type { Incident, Note } from '../../core/model';
import { codeRefUrl } from '../../core/permalinks';
import { platformNoteText } from '../../core/platformNote';
import { permalinkBase } from '../notes/gitFacts';
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

  private constructor(private readonly outbox: Outbox, private readonly connections: PlatformConnections, private readonly deepLinkBase?: string) {
    super();
    this._register(outbox.onDidChange(() => this.changed.fire()));
    this._register(connections.onDidChange(() => void this.resumeAfterConnect()));
    this._register({ dispose: () => outbox.stop() });
    this.startIfAllowed();
  }

  /** `deepLinkBase`: this editor's (src/vscode/deepLinks.ts), so a posted note links back to itself. */
  static async open(dir: vscode.Uri, connections: PlatformConnections, log: vscode.LogOutputChannel, deepLinkBase?: string): Promise<NoteDelivery> {
    const outbox = await Outbox.open({
      dir: dir.fsPath,
      platform: (kind) => connections.client(kindOfProvider(kind)),
      logger: { warn: (message: string) => log.warn(message) },
    });
    return new NoteDelivery(outbox, connections, deepLinkBase);
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
      text: platformNoteText(note, await this.linksOf(incident, note, incidentFile)),
      createdAt: note.at,
    });
  }

  /** The note's deep link (by its place in the incident's notes) and its code's web permalink. */
  private async linksOf(incident: Incident, note: Note, incidentFile: string): Promise<{ editorUrl?: string; codeUrl?: string }> {
    let index = -1;
    incident.notes.forEach((n, i) => { if (n.at === note.at && n.kind === note.kind && n.text === note.text) index = i; });
    const editorUrl = this.deepLinkBase && index >= 0 ? deepLink(this.deepLinkBase, { incident: incident.id, note: index }) : undefined;
    const folder = note.code && vscode.workspace.getWorkspaceFolder(vscode.Uri.file(incidentFile));
    const base = folder ? await permalinkBase(folder.uri.fsPath, '') : undefined;
    const codeUrl = note.code && base?.remote ? codeRefUrl(note.code, base) : undefined;
    return { ...(editorUrl ? { editorUrl } : {}), ...(codeUrl ? { codeUrl } : {}) };
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
