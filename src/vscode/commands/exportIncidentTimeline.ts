// "Export Incident Timeline": the incident as a Markdown post-incident draft, opened as a new
// document whose save goes next to the incident file (.incidents/<id>.review.md). Code
// references become permalinks at their commit when origin is on GitHub, GitLab or Bitbucket
// (trusted workspaces only: that takes git), relative paths otherwise. In Restricted Mode nothing
// is written into the workspace: the draft is an untitled document, saved only where the user
// picks, outside the workspace folders.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import type { Clock } from '../../core/ports';
import { isInside, realRoot } from '../../adapters/workspaceFiles';
import { exportTimeline } from '../../core/timelineExport';
import type { CurrentIncident } from '../notes/currentIncident';
import { permalinkBase } from '../notes/gitFacts';
import { entryFromArg, pickIncident } from '../notes/incidentPick';
import type { Command } from './command';

export interface ExportResult {
  /** The export as opened: untitled until saved. */
  document: vscode.TextDocument;
  /** Where the export is saved, when it was. */
  savedTo?: vscode.Uri;
}

export class ExportIncidentTimelineCommand implements Command {
  readonly id = 'incidentLens.exportIncidentTimeline';

  constructor(private readonly store: IncidentStore, private readonly clock: Clock, private readonly current: CurrentIncident) {}

  /** `{ incident, save: true }` saves without asking (an existing export is overwritten). */
  async execute(arg?: unknown): Promise<ExportResult | undefined> {
    const target = (arg as { incident?: unknown } | undefined)?.incident ?? arg;
    const entry = entryFromArg(this.store, target) ?? await pickIncident(this.store, this.current, this.clock, { title: vscode.l10n.t('Export Incident Timeline') });
    if (!entry) return undefined;
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(entry.source));
    const root = folder?.uri.fsPath ?? path.dirname(path.dirname(entry.source));
    // The export is saved beside the incident file, so relative links climb out of .incidents/.
    const relativePrefix = `${path.relative(path.dirname(entry.source), root).split(path.sep).join('/')}/`.replace(/^\/$/, '');
    const markdown = exportTimeline(entry.incident, {
      permalinks: await permalinkBase(root, relativePrefix),
      sourcePath: path.relative(root, entry.source).split(path.sep).join('/'),
      now: this.clock.now(),
    });

    const file = vscode.Uri.file(path.join(path.dirname(entry.source), `${entry.incident.id}.review.md`));
    if (!vscode.workspace.isTrusted) return { document: await openOutsideWorkspace(entry.incident.id, markdown) };
    const document = await openUntitledAt(file, markdown);
    await vscode.window.showTextDocument(document, { preview: false });
    if ((arg as { save?: unknown } | undefined)?.save === true) return { document, savedTo: await save(document, file) };

    const saveIt = vscode.l10n.t('Save as {0}', path.basename(file.fsPath));
    void vscode.window.showInformationMessage(vscode.l10n.t('The {0} post-incident draft is open. Save it next to the incident file?', entry.incident.id), saveIt).then(async (choice) => {
      if (choice !== saveIt) return;
      if (await exists(file)) {
        const overwrite = vscode.l10n.t('Overwrite');
        const answer = await vscode.window.showWarningMessage(vscode.l10n.t('{0} exists. Overwrite it with this draft?', vscode.workspace.asRelativePath(file)), { modal: true }, overwrite);
        if (answer !== overwrite) return;
      }
      await save(document, file);
    });
    return { document };
  }
}

/**
 * Restricted Mode: the draft as a plain untitled document, and an offer to save it outside the
 * workspace; a place inside a workspace folder is refused.
 */
async function openOutsideWorkspace(id: string, markdown: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  await vscode.window.showTextDocument(document, { preview: false });
  const saveElsewhere = vscode.l10n.t('Save Outside the Workspace…');
  void vscode.window.showInformationMessage(
    vscode.l10n.t('This workspace is in Restricted Mode: the {0} draft is open unsaved, and nothing is written into the workspace.', id),
    saveElsewhere,
  ).then(async (choice) => {
    if (choice !== saveElsewhere) return;
    const target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(path.join(os.homedir(), `${id}.review.md`)), filters: { Markdown: ['md'] }, title: vscode.l10n.t('Save the Post-Incident Draft') });
    if (!target) return;
    if (insideWorkspace(target)) {
      void vscode.window.showWarningMessage(vscode.l10n.t('In Restricted Mode the draft is not saved inside the workspace. Choose a place outside it, or trust the workspace.'));
      return;
    }
    await vscode.workspace.fs.writeFile(target, Buffer.from(document.getText(), 'utf8'));
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Saved {0}', target.fsPath), 4000);
  });
  return document;
}

/** Whether `uri` lands in a workspace folder, also through a link. */
function insideWorkspace(uri: vscode.Uri): boolean {
  const where = realRoot(path.dirname(uri.fsPath));
  return (vscode.workspace.workspaceFolders ?? []).some((folder) => (isInside(folder.uri.fsPath, uri.fsPath) || isInside(realRoot(folder.uri.fsPath), where)));
}

/**
 * An untitled document that knows its file: Save writes it there without a dialog. Opening the
 * same export again reuses the document and replaces its text.
 */
async function openUntitledAt(file: vscode.Uri, text: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(file.with({ scheme: 'untitled' }));
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), text);
  await vscode.workspace.applyEdit(edit);
  return document;
}

async function save(document: vscode.TextDocument, file: vscode.Uri): Promise<vscode.Uri | undefined> {
  if (document.isClosed) {
    void vscode.window.showWarningMessage(vscode.l10n.t('The draft was closed before it was saved.'));
    return undefined;
  }
  // The user may have edited the draft: what is saved is the document as it is now.
  await vscode.workspace.fs.writeFile(file, Buffer.from(document.getText(), 'utf8'));
  // The untitled copy is now on disk: close it without the "save changes?" question and show the file.
  const shown = vscode.window.visibleTextEditors.find((e) => e.document === document);
  if (shown) {
    await vscode.window.showTextDocument(document, { viewColumn: shown.viewColumn, preserveFocus: false });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.window.showTextDocument(file, { preview: false });
  vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Saved {0}', vscode.workspace.asRelativePath(file)), 4000);
  return file;
}

async function exists(file: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(file);
    return true;
  } catch {
    return false;
  }
}
