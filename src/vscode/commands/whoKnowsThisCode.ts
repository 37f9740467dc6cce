// "Who Knows This Code?": the people to ask about the selection (or the line under the
// cursor), each with their reasons; picking one offers to copy the name or write a mail.
// In an untrusted workspace only links and CODEOWNERS count (no git process runs).
import * as vscode from 'vscode';
import type { Expert } from '../../services/experts';
import type { CurrentLinks } from '../anchors/currentLinks';
import type { ExpertsSource } from '../experts/expertsSource';
import { selectedLines } from '../linking/linkTarget';
import { locate } from '../workspaceFolders';
import type { Command } from './command';

interface ExpertItem extends vscode.QuickPickItem {
  expert: Expert;
}

export class WhoKnowsThisCodeCommand implements Command {
  readonly id = 'incidentLens.whoKnowsThisCode';

  constructor(private readonly experts: ExpertsSource, private readonly current: CurrentLinks) {}

  /** Resolves to the experts listed (what the quick pick shows), once the list is on screen. */
  async execute(): Promise<Expert[]> {
    const editor = vscode.window.activeTextEditor;
    const where = editor && locate(editor.document.uri);
    if (!editor || !where) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a file of the workspace and put the cursor on the code you want to ask about.'));
      return [];
    }
    const lines = selectedLines(editor.selection);
    const linked = (await this.current.forDocument(editor.document)).links
      .filter(({ link }) => !link.lines || (link.lines.start <= lines.end && lines.start <= link.lines.end));
    const experts = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Finding who knows this code') }, () => this.experts.full(where.folder.id, where.path, lines, linked));
    const range = lines.start === lines.end ? vscode.l10n.t('line {0}', lines.start) : vscode.l10n.t('lines {0}–{1}', lines.start, lines.end);
    if (experts.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Nobody found for {0} {1}: no linked incidents, fixes, recent changes or CODEOWNERS rule.', where.path, range));
      return [];
    }
    const pick = vscode.window.createQuickPick<ExpertItem>();
    pick.title = vscode.l10n.t('Who knows {0} {1}?', where.path, range);
    pick.placeholder = vscode.l10n.t('Pick a person to copy their name or write to them');
    pick.matchOnDetail = true;
    pick.items = experts.map((expert) => ({
      expert,
      label: expert.name,
      description: [expert.email, vscode.l10n.t('score {0}', expert.score)].filter(Boolean).join(' · '),
      detail: expert.reasons.map((r) => r.detail).join(' · '),
    }));
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0]?.expert;
      pick.hide();
      if (chosen) void this.contact(chosen);
    });
    pick.onDidHide(() => pick.dispose());
    pick.show();
    return experts;
  }

  private async contact(expert: Expert): Promise<void> {
    const copy = vscode.l10n.t('Copy "{0}"', expert.name);
    const mail = expert.email ? vscode.l10n.t('Write to {0}', expert.email) : undefined;
    const choice = await vscode.window.showQuickPick([copy, ...(mail ? [mail] : [])], { title: expert.name });
    if (choice === copy) {
      await vscode.env.clipboard.writeText(expert.name);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', expert.name), 3000);
    } else if (choice && mail && expert.email) {
      await vscode.env.openExternal(vscode.Uri.from({ scheme: 'mailto', path: expert.email }));
    }
  }
}
