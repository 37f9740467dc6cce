// Opening the code a note references. The path arrives from the webview, so it is checked
// like any input from outside: relative, no `..`, inside the incident's workspace folder,
// and one that the incident itself references.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Incident, LineRange } from '../../core/model';
import { normalizePath, unsafePathReason } from '../../core/paths';

/** The file `relativePath` names inside `folder`, or why it may not be opened. */
export function resolveCodeTarget(folder: vscode.Uri, relativePath: string): vscode.Uri | string {
  const unsafe = unsafePathReason(relativePath);
  if (unsafe) return vscode.l10n.t('The path "{0}" {1}.', relativePath, unsafe);
  const clean = normalizePath(relativePath);
  if (clean === '') return vscode.l10n.t('The reference names no file.');
  const target = vscode.Uri.joinPath(folder, clean);
  const inside = path.relative(folder.fsPath, target.fsPath);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) return vscode.l10n.t('The path "{0}" is outside the workspace folder.', relativePath);
  return target;
}

/** True when a note or link of the incident points at `relativePath`: the panel opens nothing else. */
export function incidentReferences(incident: Incident, relativePath: string): boolean {
  const wanted = normalizePath(relativePath);
  return incident.notes.some((note) => note.code && normalizePath(note.code.path) === wanted)
    || incident.links.some((link) => normalizePath(link.path) === wanted);
}

/** Opens `target` with `lines` selected, beside the panel rather than over it. */
export async function openCodeAt(target: vscode.Uri, lines: LineRange | undefined, panelColumn: vscode.ViewColumn | undefined): Promise<void> {
  try {
    await vscode.workspace.fs.stat(target);
  } catch {
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} no longer exists; the note points at code that was moved or deleted.', vscode.workspace.asRelativePath(target)));
    return;
  }
  const document = await vscode.workspace.openTextDocument(target);
  const last = Math.max(0, document.lineCount - 1);
  const start = Math.min((lines?.start ?? 1) - 1, last);
  const end = Math.min((lines?.end ?? lines?.start ?? 1) - 1, last);
  const range = new vscode.Range(start, 0, end, document.lineAt(end).text.length);
  const viewColumn = panelColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
  const editor = await vscode.window.showTextDocument(document, { viewColumn, preview: true });
  // The lines selected, the cursor on the first of them: where reading starts.
  editor.selection = new vscode.Selection(range.end, range.start);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
