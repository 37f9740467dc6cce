// Fixes mined from each workspace folder's git history, kept in memory for the tree, the
// hover and the experts, and remembered in the extension's storage so that after a pull only
// the new commits are read. Trusted workspaces only (a repository can make git run programs).
// A first run over a long history shows progress; queries never wait for git: they get what
// is known now and a change event when more arrives.
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { ConfigStore } from '../../adapters/configStore';
import { loadCodeowners } from '../../adapters/codeowners';
import type { Codeowners } from '../../core/codeowners';
import type { Fix } from '../../core/gitMining';
import { Disposable } from '../disposable';
import { fileFolders } from '../workspaceFolders';

/** A query older than this starts a background check for new commits (cheap when there are none). */
const FRESH_MS = 30_000;
/** A run still going after this long shows a progress notification. */
const PROGRESS_AFTER_MS = 1_500;

interface FolderFixes {
  fixes: Fix[];
  byIncident: Map<string, Fix[]>;
  codeowners: { file: string; codeowners: Codeowners } | undefined;
  readAt: number;
}

export class FixHistory extends Disposable {
  private readonly byFolder = new Map<string, FolderFixes>();
  private readonly pending = new Map<string, Promise<FolderFixes | undefined>>();
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly storage: vscode.Uri | undefined, private readonly configs: ConfigStore, private readonly log?: vscode.LogOutputChannel) {
    super();
  }

  /** The fixes known now for `incidentId` in `folder`, newest first; starts a refresh when stale. */
  fixesOf(folder: string, incidentId: string): readonly Fix[] {
    return this.known(folder)?.byIncident.get(incidentId) ?? [];
  }

  /** Every fix known now in `folder`. */
  allFixes(folder: string): readonly Fix[] {
    return this.known(folder)?.fixes ?? [];
  }

  /** The folder's CODEOWNERS as read at the last refresh. */
  codeownersOf(folder: string): FolderFixes['codeowners'] {
    return this.known(folder)?.codeowners;
  }

  /**
   * Waits for the folder's fixes, checking for new commits first (cheap when there are none):
   * for commands the user runs on purpose.
   */
  async current(folder: string): Promise<readonly Fix[]> {
    return (await this.read(folder))?.fixes ?? this.byFolder.get(folder)?.fixes ?? [];
  }

  private known(folder: string): FolderFixes | undefined {
    const known = this.byFolder.get(folder);
    if (!known || Date.now() - known.readAt > FRESH_MS) void this.read(folder);
    return known;
  }

  private read(folder: string): Promise<FolderFixes | undefined> {
    const root = fileFolders().find((f) => f.id === folder)?.root;
    if (!root || !vscode.workspace.isTrusted) return Promise.resolve(undefined);
    let reading = this.pending.get(folder);
    if (!reading) {
      reading = this.mine(folder, root).finally(() => this.pending.delete(folder));
      this.pending.set(folder, reading);
    }
    return reading;
  }

  private async mine(folder: string, root: string): Promise<FolderFixes | undefined> {
    const cacheFile = this.storage && vscode.Uri.joinPath(this.storage, 'git-fixes', `${createHash('sha256').update(folder).digest('hex').slice(0, 16)}.json`).fsPath;
    let read = 0;
    let report: ((commits: number) => void) | undefined;
    const started = Date.now();
    // The miner is its own chunk (scripts/bundleBudget.mjs), loaded with the first folder mined.
    const mining = import('../../adapters/gitMining').then(({ mineFixes }) => mineFixes(root, { references: this.configs.configOf(folder).references, cacheFile, onProgress: (n) => { read = n; report?.(n); } }));
    // Progress only for a run that takes a while (a first run over a long history).
    const timer = setTimeout(() => {
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Incident Lens: reading git history for fixes') }, (progress) => {
        report = (n) => progress.report({ message: vscode.l10n.t('{0} commits', n.toLocaleString()) });
        report(read);
        return mining.catch(() => undefined);
      });
    }, PROGRESS_AFTER_MS);
    try {
      const [mined, codeowners] = await Promise.all([mining, loadCodeowners(root)]);
      const byIncident = new Map<string, Fix[]>();
      for (const fix of mined.fixes) for (const id of fix.incidents) byIncident.set(id, [...(byIncident.get(id) ?? []), fix]);
      const entry: FolderFixes = { fixes: mined.fixes, byIncident, codeowners, readAt: Date.now() };
      const before = this.byFolder.get(folder);
      this.byFolder.set(folder, entry);
      if (mined.mode !== 'cached' || !before) {
        this.log?.info(`git fixes: ${mined.mode} run over ${mined.commitsRead} candidate commits in ${Date.now() - started} ms, ${mined.fixes.length} fixes`);
        this.changed.fire();
      }
      return entry;
    } catch (error) {
      this.log?.warn(`git fixes: could not read the history of ${root}: ${(error as Error).message}`);
      const entry: FolderFixes = { fixes: [], byIncident: new Map(), codeowners: undefined, ...this.byFolder.get(folder), readAt: Date.now() };
      this.byFolder.set(folder, entry);
      return entry;
    } finally {
      clearTimeout(timer);
    }
  }
}
