// Tokens in SecretStorage and the clients built from them. Nothing here runs in an
// untrusted workspace: no client is handed out, so nothing talks to the network.
import * as vscode from 'vscode';
import type { IncidentPlatform } from '../../core/platform';
import { Disposable } from '../disposable';
import { createPlatform, PLATFORM_KINDS, type PlatformKind } from './platformSettings';

const secretKey = (kind: PlatformKind) => `incidentLens.token.${kind}`;

export class PlatformConnections extends Disposable {
  private readonly clients = new Map<PlatformKind, IncidentPlatform>();
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage, private readonly log: vscode.LogOutputChannel) {
    super();
    this._register(secrets.onDidChange((event) => {
      if (event.key.startsWith('incidentLens.token.')) void this.reload();
    }));
    this._register(vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('incidentLens.platforms')) void this.reload();
    }));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.reload()));
  }

  /** Builds a client for every platform with a stored token. */
  async reload(): Promise<void> {
    this.clients.clear();
    if (vscode.workspace.isTrusted) {
      for (const kind of PLATFORM_KINDS) {
        const token = await this.secrets.get(secretKey(kind));
        if (!token) continue;
        try {
          this.clients.set(kind, createPlatform(kind, token, { warn: (message) => this.log.warn(message) }));
        } catch (error) {
          this.log.error(`${kind}: ${(error as Error).message}`);
        }
      }
    }
    this.changed.fire();
  }

  async connect(kind: PlatformKind, token: string): Promise<void> {
    await this.secrets.store(secretKey(kind), token);
    await this.reload();
  }

  async disconnect(kind: PlatformKind): Promise<void> {
    await this.secrets.delete(secretKey(kind));
    await this.reload();
  }

  connected(): PlatformKind[] {
    return [...this.clients.keys()];
  }

  client(kind: PlatformKind): IncidentPlatform | undefined {
    return this.clients.get(kind);
  }
}

/** The platform a local incident's `source.provider` names. */
export function kindOfProvider(provider: string): PlatformKind {
  if (provider === 'pagerduty') return 'pagerduty';
  if (provider === 'incident.io' || provider === 'incident-io' || provider === 'incidentio') return 'incident-io';
  if (provider === 'rootly' || provider === 'firehydrant') return provider;
  return 'custom';
}
