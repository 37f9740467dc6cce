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
