// What a linking command links: the file, lines, fingerprint and commit under the editor, and
// how the link is written into the chosen incident.
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import type { IncidentWriter } from '../../adapters/incidentWriter';
import { createLink, splitLines } from '../../core/anchors';
import type { LineRange, Link } from '../../core/model';
import type { IncidentEntry } from '../tree/incidentNodes';
import { headCommit } from '../notes/gitFacts';
import { locate } from '../workspaceFolders';

/**
 * What a link command stores for `lines` of the document (`createLink`): path, lines,
 * fingerprint, the symbol path when given, and HEAD as the commit, so resolution can
 * later ask git where the lines went. No commit outside git or in an untrusted workspace.
 */
export async function linkTo(document: vscode.TextDocument, path: string, folderRoot: string, lines: LineRange, symbol?: string): Promise<Omit<Link, 'role' | 'note'>> {
  const commit = await headCommit(folderRoot);
  return createLink({ path, lines: splitLines(document.getText()) }, lines, { ...(symbol ? { symbol } : {}), ...(commit ? { commit } : {}) });
}

/** A whole-file link: the path, and HEAD when linked (renames since are followed from it). */
export async function fileLinkTo(path: string, folderRoot: string): Promise<Pick<Link, 'path' | 'commit'>> {
  const commit = await headCommit(folderRoot);
  return { path, ...(commit ? { commit } : {}) };
}

/** The selection as 1-based lines; a selection ending at column 0 does not take that line. */
export function selectedLines(selection: vscode.Selection): LineRange {
  const end = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line - 1 : selection.end.line;
  return { start: selection.start.line + 1, end: end + 1 };
}

export function fileTarget(uri: vscode.Uri | undefined): ReturnType<typeof locate> {
  if (!uri) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open a file in the workspace to link it to an incident.'));
    return undefined;
  }
  const where = locate(uri);
  if (!where) void vscode.window.showWarningMessage(vscode.l10n.t('Only files inside a workspace folder can be linked to an incident.'));
  return where;
}

export async function writeLink(store: IncidentStore, writer: IncidentWriter, entry: IncidentEntry, link: Link, folder: { id: string; root: string }): Promise<void> {
  try {
    await writer.edit(entry.source, 'addLink', link);
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not link to {0}: {1}', entry.incident.id, (error as Error).message));
    return;
  }
  await store.refreshFile(entry.source, folder);
  const where = link.symbol ?? (link.lines ? `${link.path}:${link.lines.start}-${link.lines.end}` : link.path);
  vscode.window.setStatusBarMessage(vscode.l10n.t('$(link) Linked {0} to {1}', where, entry.incident.id), 5000);
}
