// "Link Selection to Incident…": the selected lines (or the cursor's line).
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import type { IncidentWriter } from '../../adapters/incidentWriter';
import { fileTarget, linkTo, selectedLines, writeLink } from '../linking/linkTarget';
import type { NewIncidentFlow } from '../linking/newIncidentFlow';
import { pickIncident, pickRoleAndNote } from '../linking/pickIncident';
import { entryOf } from '../tree/treeArgs';
import type { Command } from './command';

export class LinkSelectionCommand implements Command {
  readonly id = 'incidentLens.linkSelection';
  readonly requiresTrust = true;

  constructor(private readonly store: IncidentStore, private readonly writer: IncidentWriter, private readonly newIncident: NewIncidentFlow) {}

  /** From an incident row in the tree, the selection goes to that incident without asking. */
  async execute(arg?: unknown): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const where = fileTarget(editor?.document.uri);
    if (!editor || !where) return;
    const lines = selectedLines(editor.selection);
    const title = vscode.l10n.t('Link {0}:{1}-{2}', where.path, lines.start, lines.end);
    const fromTree = entryOf(arg);
    if (fromTree && fromTree.folder !== where.folder.id) {
      void vscode.window.showWarningMessage(vscode.l10n.t('{0} belongs to another workspace folder than {1}.', fromTree.incident.id, where.path));
      return;
    }
    const entry = fromTree ?? await pickIncident(this.store, this.newIncident, where.folder, title);
    if (!entry) return;
    const details = await pickRoleAndNote(title);
    if (!details) return;
    await writeLink(this.store, this.writer, entry, { ...await linkTo(editor.document, where.path, where.folder.root, lines), ...details }, where.folder);
  }
}
