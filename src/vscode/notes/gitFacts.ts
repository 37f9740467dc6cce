// What the notes take from git, asked only in a trusted workspace: a repository can configure
// git to run programs (core.fsmonitor, hooks), so an untrusted one gets no git process at all.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { gitHead, gitRemoteUrl, gitUserName } from '../../adapters/git';
import { parseRemote, type PermalinkBase } from '../../core/permalinks';

const MAX_AUTHOR = 100;

/** `incidentLens.author`, else git's user.name (trusted workspaces only), else the OS user name. */
export async function noteAuthor(folderRoot: string | undefined): Promise<string> {
  const setting = vscode.workspace.getConfiguration('incidentLens').get<unknown>('author');
  if (typeof setting === 'string' && setting.trim()) return clean(setting);
  if (vscode.workspace.isTrusted && folderRoot) {
    const name = await gitUserName(folderRoot);
    if (name) return clean(name);
  }
  return clean(osUserName());
}

/** HEAD of the folder's repository, to pin a code reference; undefined when untrusted or not in git. */
export function headCommit(folderRoot: string): Promise<string | undefined> {
  return vscode.workspace.isTrusted ? gitHead(folderRoot) : Promise.resolve(undefined);
}

/** Where an export's code references point: the origin's host at HEAD, or relative paths. */
export async function permalinkBase(folderRoot: string, relativePrefix: string): Promise<PermalinkBase> {
  if (!vscode.workspace.isTrusted) return { relativePrefix };
  const [remoteUrl, head] = await Promise.all([gitRemoteUrl(folderRoot), gitHead(folderRoot)]);
  const remote = remoteUrl ? parseRemote(remoteUrl) : undefined;
  return { relativePrefix, ...(remote ? { remote } : {}), ...(head ? { head } : {}) };
}

function osUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    // No passwd entry (some containers): the environment is all there is.
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

/** One line, a sensible length: it is written into a shared file. */
function clean(name: string): string {
  return name.replace(/\s+/g, ' ').trim().slice(0, MAX_AUTHOR) || 'unknown';
}
