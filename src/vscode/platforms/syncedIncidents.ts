// Incidents synced from platforms, cached outside the repository (the extension's
// workspace storage) so the Synced section survives a reload without a network call.
import * as vscode from 'vscode';
import { byRecency } from '../../core/incidentQuery';
import type { Incident } from '../../core/model';
import type { PlatformIncident } from '../../core/platform';
import { kindOfProvider } from './platformConnections';
import { Disposable } from '../disposable';
import type { PlatformKind } from './platformSettings';

interface Cache {
  version: 1;
  platforms: Partial<Record<PlatformKind, { syncedAt: string; incidents: PlatformIncident[] }>>;
}

export interface SyncedIncident {
  kind: PlatformKind;
  incident: PlatformIncident;
}

export class SyncedIncidents extends Disposable {
  private cache: Cache = { version: 1, platforms: {} };
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly file: vscode.Uri | undefined) {
    super();
  }

  async load(): Promise<void> {
    if (!this.file) return;
    try {
      const parsed = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(this.file)).toString('utf8')) as Cache;
      if (parsed.version === 1 && typeof parsed.platforms === 'object') this.cache = parsed;
    } catch {
      // No cache yet, or an unreadable one: start empty, the next sync rebuilds it.
    }
    this.changed.fire();
  }

  all(): SyncedIncident[] {
    return Object.entries(this.cache.platforms).flatMap(([kind, synced]) => (synced?.incidents ?? []).map((incident) => ({ kind: kind as PlatformKind, incident })));
  }

  /** Synced incidents not in the repository yet (matched by source), newest first. */
  unlinked(local: readonly Pick<Incident, 'source'>[]): SyncedIncident[] {
    const known = new Set(local.flatMap((i) => (i.source ? [`${kindOfProvider(i.source.provider)}\n${i.source.id}`] : [])));
    return this.all().filter((s) => !known.has(`${s.kind}\n${s.incident.source.id}`)).sort((a, b) => byRecency(a.incident, b.incident));
  }

  syncedAt(kind: PlatformKind): string | undefined {
    return this.cache.platforms[kind]?.syncedAt;
  }

  async replace(kind: PlatformKind, incidents: PlatformIncident[], at: Date): Promise<void> {
    this.cache.platforms[kind] = { syncedAt: at.toISOString(), incidents };
    await this.save();
  }

  async forget(kind: PlatformKind): Promise<void> {
    delete this.cache.platforms[kind];
    await this.save();
  }

  private async save(): Promise<void> {
    if (this.file) {
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(this.file, '..'));
      await vscode.workspace.fs.writeFile(this.file, Buffer.from(JSON.stringify(this.cache)));
    }
    this.changed.fire();
  }
}
