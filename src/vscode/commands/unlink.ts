// "Unlink…": pick one of the links into this file and remove it from its incident.
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import type { IncidentWriter } from '../../adapters/incidentWriter';
import { LINK_GONE } from '../../core/fileEdits';
import type { IndexedLink } from '../../core/incidentIndex';
import { fileTarget } from '../linking/linkTarget';
import type { Command } from './command';

export class UnlinkCommand implements Command {
  readonly id = 'incidentLens.unlink';
  readonly requiresTrust = true;

  constructor(private readonly store: IncidentStore, private readonly writer: IncidentWriter) {}

  async execute(uri?: unknown): Promise<void> {
    const where = fileTarget(uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri);
    if (!where) return;
    const links = this.store.index.linksForFile(where.folder.id, where.path);
    if (links.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No incident links into {0}.', where.path));
      return;
    }
    const picked = await vscode.window.showQuickPick(links.map((item) => ({
      item,
      label: `${item.incident.id}: ${item.incident.title}`,
      description: [item.link.symbol, item.link.lines ? vscode.l10n.t('lines {0}–{1}', item.link.lines.start, item.link.lines.end) : vscode.l10n.t('whole file'), item.link.role].filter(Boolean).join(' · '),
      detail: item.link.note,
    })), { title: vscode.l10n.t('Unlink {0}', where.path), placeHolder: vscode.l10n.t('Which link to remove?') });
    if (!picked) return;
    await this.remove(picked.item, where.folder);
  }

  private async remove({ incident, link }: IndexedLink, folder: { id: string; root: string }): Promise<void> {
    const source = this.store.index.sourcesOf(incident.id).find((s) => this.store.index.incidentAt(s) === incident);
    if (!source) return;
    try {
      await this.writer.edit(source, 'removeLinkOf', link);
    } catch (error) {
      const gone = (error as NodeJS.ErrnoException).code === LINK_GONE;
      const reason = gone ? vscode.l10n.t('the link is no longer in the file (changed elsewhere?)') : (error as Error).message;
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not unlink from {0}: {1}', incident.id, reason));
      return;
    }
    await this.store.refreshFile(source, folder);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Unlinked {0} from {1}', link.path, incident.id), 5000);
  }
}
