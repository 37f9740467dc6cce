// The Source Control view's "Incident Risk" section: before a commit, the linked code that
// the staged changes (or, with nothing staged, the working changes) touch, each place with
// its risk and the incidents behind it. The answers come from src/services/changeRisk.ts;
// this file only follows the Git extension's repositories and presents them. It runs git,
// so it stays off in an untrusted workspace, and it never blocks or alters a commit.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import type { TouchedCode } from '../../core/changeRisk';
import type { IncidentConfig } from '../../core/config';
import type { Clock } from '../../core/ports';
import type { IncidentRisk, RiskLevel } from '../../core/risk';
import { checkChange, type ChangeCheck } from '../../services/changeRisk';
import { Disposable } from '../disposable';
import { severityColor } from '../tree/incidentNodes';
import { fileFolders } from '../workspaceFolders';
import { gitApi, type GitAPI, type GitRepository } from './gitApi';

export const CHANGE_RISK_VIEW = 'incidentLens.changeRisk';
/** Context key: something staged (or changed) touches linked code; shows the view. */
const TOUCHED_CONTEXT = 'incidentLens.changeRiskTouched';
/** A burst of repository events (a stage of many files) is checked once. */
const DEBOUNCE_MS = 400;

export interface FolderCheck {
  folder: { id: string; root: string };
  repository: GitRepository;
  staged: boolean;
  check: ChangeCheck;
}

export type ChangeRiskNode =
  | { kind: 'place'; result: FolderCheck; touched: TouchedCode }
  | { kind: 'incident'; touched: TouchedCode; risk: IncidentRisk };

const LEVEL_ICONS: Record<RiskLevel, [string, string]> = {
  high: ['flame', 'charts.red'],
  medium: ['warning', 'charts.orange'],
  low: ['info', 'charts.blue'],
  none: ['circle-outline', 'disabledForeground'],
};
const LEVEL_ORDER: readonly RiskLevel[] = ['none', 'low', 'medium', 'high'];

export class ChangeRiskView extends Disposable implements vscode.TreeDataProvider<ChangeRiskNode> {
  private readonly changed = this._register(new vscode.EventEmitter<undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private results: FolderCheck[] = [];
  private api: GitAPI | undefined;
  private readonly watched = new Map<GitRepository, vscode.Disposable>();
  private timer: NodeJS.Timeout | undefined;
  private queued: Promise<void> | undefined;
  private tail: Promise<void> = Promise.resolve();
  private view: vscode.TreeView<ChangeRiskNode> | undefined;

  constructor(
    private readonly store: IncidentStore,
    private readonly configOf: (folder: string) => IncidentConfig,
    private readonly clock: Clock,
  ) {
    super();
    this._register(store.onDidChange(() => this.schedule()));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.start()));
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.schedule()));
    this._register({ dispose: () => clearTimeout(this.timer) });
    this._register({ dispose: () => this.watched.forEach((listener) => listener.dispose()) });
  }

  /** Shows the results in `view` (its description is the change's overall risk). */
  attach(view: vscode.TreeView<ChangeRiskNode>): void {
    this.view = view;
  }

  /** Starts following the Git extension's repositories; nothing happens in an untrusted workspace. */
  async start(): Promise<void> {
    if (!vscode.workspace.isTrusted || this.api) return;
    const api = await gitApi();
    if (!api || this.api) return;
    this.api = api;
    this._register(api.onDidOpenRepository((repository) => this.watch(repository)));
    this._register(api.onDidCloseRepository((repository) => {
      this.watched.get(repository)?.dispose();
      this.watched.delete(repository);
      this.schedule();
    }));
    this._register(api.onDidChangeState(() => this.schedule()));
    api.repositories.forEach((repository) => this.watch(repository));
    this.schedule();
  }

  /** The latest checks, one per workspace folder with changes; for the trailer command. */
  current(): readonly FolderCheck[] {
    return this.results;
  }

  /** Checks again (after a check already running) and resolves when the view shows the result. */
  refresh(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    // Calls while a check waits to start share it; a call during a check queues one more.
    if (!this.queued) {
      const next = this.tail.then(() => {
        this.queued = undefined;
        return this.checkAll();
      });
      this.queued = next;
      this.tail = next.catch(() => undefined);
    }
    return this.queued;
  }

  getChildren(node?: ChangeRiskNode): ChangeRiskNode[] {
    if (!node) return this.results.flatMap((result) => result.check.touched.map((touched): ChangeRiskNode => ({ kind: 'place', result, touched })));
    if (node.kind === 'place') return node.touched.risk.incidents.map((risk) => ({ kind: 'incident', touched: node.touched, risk }));
    return [];
  }

  getTreeItem(node: ChangeRiskNode): vscode.TreeItem {
    if (node.kind === 'incident') return this.incidentItem(node.risk);
    const { touched, result } = node;
    const lines = touched.lines ? `:${touched.lines.start}-${touched.lines.end}` : '';
    const item = new vscode.TreeItem(`${path.posix.basename(touched.path)}${lines}`, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `change-risk:${result.folder.id}:${touched.basePath}:${touched.baseLines ? `${touched.baseLines.start}-${touched.baseLines.end}` : 'file'}`;
    const ids = touched.risk.incidents.map((r) => r.incident.id);
    item.description = `${touched.risk.level} · ${how(touched)} · ${ids.join(', ')}`;
    const [icon, color] = LEVEL_ICONS[touched.risk.level];
    item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
    item.tooltip = new vscode.MarkdownString().appendText([
      `${touched.path}${lines} (${how(touched)}, ${result.staged ? vscode.l10n.t('staged') : vscode.l10n.t('not staged')})`,
      vscode.l10n.t('Risk {0} (score {1})', touched.risk.level, touched.risk.score.toFixed(1)),
      ...touched.risk.incidents.map((r) => `${r.incident.id} ${r.incident.severity} ${r.role}: ${r.incident.title}`),
    ].join('\n'));
    if (touched.how !== 'deleted') {
      const uri = vscode.Uri.joinPath(vscode.Uri.file(result.folder.root), touched.path);
      const line = (touched.lines?.start ?? 1) - 1;
      item.resourceUri = uri;
      item.command = { command: 'vscode.open', title: vscode.l10n.t('Open Code'), arguments: [uri, { selection: new vscode.Range(line, 0, line, 0) }] };
    }
    item.contextValue = 'changeRiskPlace';
    return item;
  }

  private incidentItem(risk: IncidentRisk): vscode.TreeItem {
    const { incident } = risk;
    const item = new vscode.TreeItem(`${incident.id}: ${incident.title}`, vscode.TreeItemCollapsibleState.None);
    item.description = `${incident.severity} · ${risk.role}`;
    item.iconPath = new vscode.ThemeIcon('issues', severityColor(incident.severity));
    const source = this.store.index.sourcesOf(incident.id)[0];
    if (source) item.command = { command: 'incidentLens.openIncidentFile', title: vscode.l10n.t('Open Incident'), arguments: [source] };
    item.contextValue = 'changeRiskIncident';
    return item;
  }

  private watch(repository: GitRepository): void {
    if (this.watched.has(repository)) return;
    this.watched.set(repository, repository.state.onDidChange(() => this.schedule()));
    this.schedule();
  }

  private schedule(): void {
    if (!this.api) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), DEBOUNCE_MS);
  }

  private async checkAll(): Promise<void> {
    const api = this.api;
    const results: FolderCheck[] = [];
    if (api && vscode.workspace.isTrusted) {
      for (const folder of fileFolders()) {
        const repository = api.getRepository(vscode.Uri.file(folder.root));
        if (!repository) continue;
        const staged = repository.state.indexChanges.length > 0;
        if (!staged && repository.state.workingTreeChanges.length === 0) continue;
        try {
          const check = await checkChange({ root: folder.root, folder, index: this.store.index, config: this.configOf(folder.id) }, { kind: staged ? 'staged' : 'working' }, { now: this.clock.now() });
          if (check.touched.length > 0) results.push({ folder, repository, staged, check });
        } catch {
          // Git could not answer (a repository mid-rebase, a missing HEAD): nothing to show for this folder.
        }
      }
    }
    this.results = results;
    this.changed.fire(undefined);
    const worst = results.reduce<RiskLevel>((level, r) => (LEVEL_ORDER.indexOf(r.check.risk.level) > LEVEL_ORDER.indexOf(level) ? r.check.risk.level : level), 'none');
    if (this.view) this.view.description = results.length > 0 ? (results.some((r) => r.staged) ? vscode.l10n.t('{0} risk · staged changes', worst) : vscode.l10n.t('{0} risk · working changes', worst)) : undefined;
    await vscode.commands.executeCommand('setContext', TOUCHED_CONTEXT, results.length > 0);
  }
}

function how(touched: TouchedCode): string {
  const whole = touched.baseLines ? '' : `${vscode.l10n.t('file')} `;
  if (touched.how === 'renamed') return `${whole}${vscode.l10n.t('renamed from {0}', touched.basePath)}`;
  if (touched.how === 'binary') return `${whole}${vscode.l10n.t('binary change')}`;
  return `${whole}${touched.how}`;
}
