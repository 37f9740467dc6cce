import * as path from 'node:path';
import * as vscode from 'vscode';
import type { IncidentFolder } from '../adapters/incidentStore';

export function toIncidentFolder(folder: vscode.WorkspaceFolder): IncidentFolder {
  return { id: folder.uri.toString(), root: folder.uri.fsPath };
}

/** The workspace folder of `uri` and the path inside it as links store it. */
export function locate(uri: vscode.Uri): { folder: IncidentFolder; path: string } | undefined {
  if (uri.scheme !== 'file') return undefined;
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return undefined;
  const relative = path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/');
  return { folder: toIncidentFolder(folder), path: relative };
}

export function fileFolders(): IncidentFolder[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map(toIncidentFolder);
}

/** The only folder, or the one the user picks when there are several. */
export async function chooseFolder(placeHolder = vscode.l10n.t('Which folder does the incident belong to?')): Promise<IncidentFolder | undefined> {
  const folders = fileFolders();
  if (folders.length <= 1) return folders[0];
  const folder = await vscode.window.showWorkspaceFolderPick({ placeHolder });
  return folder ? toIncidentFolder(folder) : undefined;
}
