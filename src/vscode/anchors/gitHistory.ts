// Recent git history per workspace folder: churn for the risk score and renames for the
// anchors, and files as they were at a link's commit. Read in the background at most every few minutes, only in a trusted
// workspace (a repository can make git run programs), and never on a hot path: callers
// get what is known now and a change event when more arrives.
import * as vscode from 'vscode';
import { gitChangedPaths, gitFileAt, gitRenames } from '../../adapters/git';
import { GIT_CONCURRENCY, limiter } from '../../core/anchors/cachedSource';
import { parseChurn, parseRenames } from '../../core/gitLog';
import { Disposable } from '../disposable';
import { fileFolders } from '../workspaceFolders';

/** Churn counts commits of the last 90 days; renames look back a year. */
const CHURN_DAYS = 90;
const RENAME_DAYS = 365;
const REFRESH_MS = 5 * 60_000;
/** Files at a commit kept in memory: enough for the links of a few open files and one tree expansion. */
const TEXTS_KEPT = 200;

interface FolderHistory {
  churn: Map<string, number>;
  renames: Map<string, string>;
  readAt: number;
}

export class GitHistory extends Disposable {
  private readonly byFolder = new Map<string, FolderHistory>();
  private readonly pending = new Map<string, Promise<FolderHistory | undefined>>();
  /** Least recently used first. */
  private readonly texts = new Map<string, Promise<string | undefined>>();
  private readonly limit = limiter(GIT_CONCURRENCY);
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Churn or renames changed (risk levels and resolutions may differ). */
  readonly onDidChange = this.changed.event;
  private readonly renamesChanged = this._register(new vscode.EventEmitter<void>());
  /**
   * Renames changed since a resolution could have used them: not on the first read, which
   * every resolution that asks for renames awaits (renamesOf), so links followed through the
   * user's edits stay followed when the first read lands after the first lens.
   */
  readonly onDidChangeRenames = this.renamesChanged.event;

  /** Commits touching `path` in the last 90 days; undefined until known (risk then ignores churn). */
  churnOf(folder: string, path: string): number | undefined {
    return this.history(folder)?.churn.get(path) ?? (this.byFolder.has(folder) ? 0 : undefined);
  }

  /** Renames git knows of, read first when they are not known yet. */
  async renamesOf(folder: string): Promise<ReadonlyMap<string, string>> {
    return (this.history(folder) ?? (await this.read(folder)))?.renames ?? new Map();
  }

  /** Reads the folder's history again now: for commands the user runs on purpose. */
  async refresh(folder: string): Promise<void> {
    this.byFolder.delete(folder);
    await this.read(folder);
  }

  /**
   * The text of `path` at `commit` (`git show`), the evidence a link's commit gives; undefined
   * when untrusted, not in git, or unknown. Remembered (a commit's file never changes), and
   * at most GIT_CONCURRENCY processes run at once however many links ask.
   */
  textAt(folder: string, commit: string, path: string): Promise<string | undefined> {
    const root = fileFolders().find((f) => f.id === folder)?.root;
    if (!root || !vscode.workspace.isTrusted) return Promise.resolve(undefined);
    const key = `${folder}\0${commit}\0${path}`;
    let text = this.texts.get(key);
    if (text) this.texts.delete(key);
    else text = this.limit(() => gitFileAt(root, commit, path));
    this.texts.set(key, text);
    if (this.texts.size > TEXTS_KEPT) this.texts.delete(this.texts.keys().next().value as string);
    return text;
  }

  private history(folder: string): FolderHistory | undefined {
    const known = this.byFolder.get(folder);
    if (!known || Date.now() - known.readAt > REFRESH_MS) void this.read(folder);
    return known;
  }

  private read(folder: string): Promise<FolderHistory | undefined> {
    const root = fileFolders().find((f) => f.id === folder)?.root;
    if (!root || !vscode.workspace.isTrusted) return Promise.resolve(undefined);
    let reading = this.pending.get(folder);
    if (!reading) {
      reading = (async () => {
        const [changed, renamed] = await Promise.all([gitChangedPaths(root, CHURN_DAYS), gitRenames(root, RENAME_DAYS)]);
        const history = { churn: parseChurn(changed ?? ''), renames: parseRenames(renamed ?? ''), readAt: Date.now() };
        const before = this.byFolder.get(folder);
        this.byFolder.set(folder, history);
        // A periodic re-read that finds what was known changes nothing on screen: no event, no lens refresh.
        const renames = before !== undefined && !sameEntries(before.renames, history.renames);
        if (!before || renames || !sameEntries(before.churn, history.churn)) this.changed.fire();
        if (renames) this.renamesChanged.fire();
        return history;
      })().finally(() => this.pending.delete(folder));
      this.pending.set(folder, reading);
    }
    return reading;
  }
}

function sameEntries<V>(a: ReadonlyMap<string, V>, b: ReadonlyMap<string, V>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (b.get(key) !== value) return false;
  return true;
}
