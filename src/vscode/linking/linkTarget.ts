// What a linking command links: the file, lines and fingerprint under the editor, and
// how the link is written into the chosen incident.
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import type { IncidentWriter } from '../../adapters/incidentWriter';
import { fingerprint } from '../../core/fingerprint';
import { addLink } from '../../core/incidentEdits';
import type { LineRange, Link } from '../../core/model';
import type { IncidentEntry } from '../tree/incidentNodes';
import { locate } from '../workspaceFolders';

export function linesLink(document: vscode.TextDocument, lines: LineRange): Pick<Link, 'lines' | 'fingerprint'> {
  const text: string[] = [];
  for (let line = lines.start; line <= lines.end; line++) text.push(document.lineAt(line - 1).text);
  return { lines, fingerprint: fingerprint(text) };
}

/** The selection as 1-based lines; a selection ending at column 0 does not take that line. */
export function selectedLines(selection: vscode.Selection): LineRange {
  const end = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line - 1 : selection.end.line;
  return { start: selection.start.line + 1, end: end + 1 };
}

export function fileTarget(uri: vscode.Uri | undefined): ReturnType<typeof locate> {
  if (!uri) {
    void vscode.window.showWarningMessage('Open a file in the workspace to link it to an incident.');
    return undefined;
  }
  const where = locate(uri);
  if (!where) void vscode.window.showWarningMessage('Only files inside a workspace folder can be linked to an incident.');
  return where;
}

export async function writeLink(store: IncidentStore, writer: IncidentWriter, entry: IncidentEntry, link: Link, folder: { id: string; root: string }): Promise<void> {
  try {
    await writer.update(entry.source, (text) => addLink(text, link));
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not link to ${entry.incident.id}: ${(error as Error).message}`);
    return;
  }
  await store.refreshFile(entry.source, folder);
  const where = link.symbol ?? (link.lines ? `${link.path}:${link.lines.start}-${link.lines.end}` : link.path);
  vscode.window.setStatusBarMessage(`$(link) Linked ${where} to ${entry.incident.id}`, 5000);
}
