// Read-only documents of a file at a commit (`incident-lens-git:` URIs), for the diffs the
// "Fixed in" rows open. Git runs only in a trusted workspace; elsewhere, or for a file that
// did not exist at that commit, the document is empty.
import * as vscode from 'vscode';
import { runGit } from '../../adapters/git';
import { fileFolders } from '../workspaceFolders';

export const GIT_CONTENT_SCHEME = 'incident-lens-git';
const OUTPUT = 16 * 1024 * 1024;

interface Query {
  folder: string;
  /** A full hash, optionally followed by ^ (its first parent). */
  rev: string;
  path: string;
}

/** The document of `path` (folder-relative) at `rev` in workspace folder `folder`. */
export function gitContentUri(folder: string, rev: string, path: string): vscode.Uri {
  const query: Query = { folder, rev, path };
  return vscode.Uri.from({ scheme: GIT_CONTENT_SCHEME, path: `/${path}`, query: JSON.stringify(query) });
}

export class GitContentProvider implements vscode.TextDocumentContentProvider {
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    let query: Query;
    try {
      query = JSON.parse(uri.query) as Query;
    } catch {
      return '';
    }
    const root = fileFolders().find((f) => f.id === query.folder)?.root;
    if (!root || !vscode.workspace.isTrusted) return '';
    if (!/^[0-9a-f]{40,64}\^?$/.test(query.rev) || typeof query.path !== 'string' || query.path.startsWith('-')) return '';
    return (await runGit(root, ['show', `${query.rev}:${query.path}`], 10_000, OUTPUT)) ?? '';
  }
}
