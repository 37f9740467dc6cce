// Renaming or moving a linked file (or folder) inside the editor rewrites the link
// paths and note code references that point at it, formatting preserved. Moves made
// outside the editor are found again by the anchor chain or shown as stale.
import * as vscode from 'vscode';
import type { IncidentStore } from '../adapters/incidentStore';
import type { IncidentWriter } from '../adapters/incidentWriter';
import type { Incident } from '../core/model';
import { Disposable } from './disposable';
import { locate } from './workspaceFolders';

export class RenameFollower extends Disposable {
  constructor(private readonly store: IncidentStore, private readonly writer: IncidentWriter) {
    super();
    this._register(vscode.workspace.onDidRenameFiles((event) => void this.follow(event.files)));
  }

  private async follow(files: readonly { oldUri: vscode.Uri; newUri: vscode.Uri }[]): Promise<void> {
    if (!vscode.workspace.isTrusted) return;
    for (const { oldUri, newUri } of files) {
      const from = locate(oldUri);
      const to = locate(newUri);
      // A move across workspace folders cannot be expressed as a relative path: leave it to the anchors.
      if (!from || !to || from.folder.id !== to.folder.id || from.path.startsWith('.incidents/')) continue;
      const affected = this.store.index.entries().filter((e) => e.folder === from.folder.id && mentions(e.incident, from.path));
      for (const entry of affected) {
        try {
          await this.writer.edit(entry.source, 'replaceLinkPaths', from.path, to.path);
          await this.store.refreshFile(entry.source, from.folder);
        } catch (error) {
          void vscode.window.showErrorMessage(vscode.l10n.t('Could not update {0} after renaming {1}: {2}', entry.incident.id, from.path, (error as Error).message));
        }
      }
    }
  }
}

function mentions(incident: Incident, path: string): boolean {
  const under = (p: string | undefined) => p !== undefined && (p === path || p.startsWith(`${path}/`));
  return incident.links.some((l) => under(l.path)) || incident.notes.some((n) => under(n.code?.path));
}
