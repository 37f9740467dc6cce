// The Hotspots tree: linked files and their symbols ranked by risk, each expanding
// to the incidents behind its score.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import type { IncidentConfig } from '../../core/config';
import type { ChurnOf, FileHotspot, IncidentRisk, Risk, RiskLevel } from '../../core/risk';
import type { LensAnchor } from '../../core/lensSummary';
import type { Clock } from '../../core/ports';
import { rankHotspots } from '../../services/hotspots';
import type { Expert } from '../../services/experts';
import { Disposable } from '../disposable';
import type { ExpertsSource } from '../experts/expertsSource';
import { componentChildren, componentItem, componentRoots, isComponentNode, type ComponentNode } from './componentHotspots';
import { severityColor } from './incidentNodes';

/** Enough to act on; a ranking past this is noise and costs rendering time. */
const MAX_FILES = 100;

export type HotspotNode =
  | { kind: 'file'; hotspot: FileHotspot }
  | { kind: 'part'; hotspot: FileHotspot; anchor: LensAnchor; risk: Risk }
  | { kind: 'incident'; risk: IncidentRisk }
  | { kind: 'experts'; hotspot: FileHotspot }
  | { kind: 'expert'; hotspot: FileHotspot; expert: Expert }
  | ComponentNode;

const LEVEL_ICONS: Record<RiskLevel, [string, string]> = {
  high: ['flame', 'charts.red'],
  medium: ['warning', 'charts.orange'],
  low: ['info', 'charts.blue'],
  none: ['circle-outline', 'disabledForeground'],
};

export class HotspotsTreeProvider extends Disposable implements vscode.TreeDataProvider<HotspotNode> {
  private readonly changed = this._register(new vscode.EventEmitter<undefined>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly store: IncidentStore,
    private readonly clock: Clock,
    private readonly configOf: (folder: string) => IncidentConfig,
    private readonly churnOf?: ChurnOf,
    private readonly experts?: ExpertsSource,
  ) {
    super();
    this._register(store.onDidChange(() => this.changed.fire(undefined)));
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  /** Files ranked by risk (the default), or components worst first (Group Hotspots by Component). */
  groupByComponent = false;

  getChildren(node?: HotspotNode): HotspotNode[] | Promise<HotspotNode[]> {
    if (!node && this.groupByComponent) return componentRoots(this.store, this.configOf, this.clock.now());
    if (node && isComponentNode(node)) return componentChildren(node, this.store, this.experts && ((folder, rollup) => this.experts?.forComponent(folder, rollup) ?? Promise.resolve([])));
    if (!node) return this.ranked().map((hotspot) => ({ kind: 'file', hotspot }));
    if (node.kind === 'file') {
      const parts: HotspotNode[] = node.hotspot.parts.map((p) => ({ kind: 'part', hotspot: node.hotspot, anchor: p.anchor, risk: p.risk }));
      const experts: HotspotNode[] = this.experts ? [{ kind: 'experts', hotspot: node.hotspot }] : [];
      return [...parts, ...node.hotspot.risk.incidents.map((risk): HotspotNode => ({ kind: 'incident', risk })), ...experts];
    }
    if (node.kind === 'experts') {
      const { hotspot } = node;
      return (this.experts?.full(hotspot.folder, hotspot.path) ?? Promise.resolve([])).then((experts) => experts.map((expert): HotspotNode => ({ kind: 'expert', hotspot, expert })));
    }
    if (node.kind === 'part') return node.risk.incidents.map((risk) => ({ kind: 'incident', risk }));
    return [];
  }

  getTreeItem(node: HotspotNode): vscode.TreeItem {
    if (isComponentNode(node)) return componentItem(node);
    if (node.kind === 'incident') return incidentRow(node.risk, this.store);
    if (node.kind === 'experts') return expertsRow(node.hotspot);
    if (node.kind === 'expert') return expertRow(node.hotspot, node.expert);
    const { hotspot } = node;
    const uri = vscode.Uri.joinPath(vscode.Uri.parse(hotspot.folder), hotspot.path);
    if (node.kind === 'file') {
      const item = new vscode.TreeItem(path.posix.basename(hotspot.path), vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `hotspot:${hotspot.folder}:${hotspot.path}`;
      item.resourceUri = uri;
      item.description = `${describeRisk(hotspot.risk)} · ${path.posix.dirname(hotspot.path)}`;
      item.iconPath = levelIcon(hotspot.risk.level);
      item.tooltip = riskTooltip(hotspot.path, hotspot.risk);
      item.command = { command: 'vscode.open', title: vscode.l10n.t('Open File'), arguments: [uri] };
      item.contextValue = 'hotspot';
      return item;
    }
    const label = node.anchor.kind === 'symbol' ? node.anchor.symbol : node.anchor.kind === 'lines' ? vscode.l10n.t('lines {0}–{1}', node.anchor.lines.start, node.anchor.lines.end) : vscode.l10n.t('whole file');
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `hotspot:${hotspot.folder}:${hotspot.path}:${label}`;
    item.description = describeRisk(node.risk);
    item.iconPath = levelIcon(node.risk.level);
    item.tooltip = riskTooltip(`${hotspot.path} ${label}`, node.risk);
    const line = node.anchor.kind === 'lines' ? node.anchor.lines.start - 1 : 0;
    item.command = { command: 'vscode.open', title: vscode.l10n.t('Open Code'), arguments: [uri, { selection: new vscode.Range(line, 0, line, 0) }] };
    return item;
  }

  private ranked(): FileHotspot[] {
    return rankHotspots(this.store.index, this.clock.now(), this.configOf, this.churnOf, MAX_FILES, this.experts && ((folder) => this.experts?.fixLinks(folder) ?? new Map()));
  }
}

/** `3 incidents · SEV1` */
export function describeRisk(risk: Risk): string {
  const count = risk.incidents.length === 1 ? vscode.l10n.t('1 incident') : vscode.l10n.t('{0} incidents', risk.incidents.length);
  const worst = risk.incidents[0]?.incident.severity;
  return worst ? `${count} · ${worst}` : count;
}

function incidentRow(risk: IncidentRisk, store: IncidentStore): vscode.TreeItem {
  const { incident } = risk;
  const item = new vscode.TreeItem(`${incident.id}: ${incident.title}`, vscode.TreeItemCollapsibleState.None);
  item.description = `${incident.severity} · ${risk.role}`;
  item.iconPath = new vscode.ThemeIcon('issues', severityColor(incident.severity));
  const source = store.index.sourcesOf(incident.id)[0];
  if (source) item.command = { command: 'incidentLens.openIncidentFile', title: vscode.l10n.t('Open Incident'), arguments: [source] };
  return item;
}

function expertsRow(hotspot: FileHotspot): vscode.TreeItem {
  const item = new vscode.TreeItem(vscode.l10n.t('Experts'), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `hotspot-experts:${hotspot.folder}:${hotspot.path}`;
  item.iconPath = new vscode.ThemeIcon('organization');
  item.tooltip = vscode.l10n.t('Who knows this code: responders, fix authors, recent authors (git blame) and CODEOWNERS');
  return item;
}

function expertRow(hotspot: FileHotspot, expert: Expert): vscode.TreeItem {
  const item = new vscode.TreeItem(expert.name, vscode.TreeItemCollapsibleState.None);
  item.id = `hotspot-expert:${hotspot.folder}:${hotspot.path}:${expert.name}`;
  item.description = expert.reasons.map((r) => r.detail).join(' · ');
  item.iconPath = new vscode.ThemeIcon('person');
  item.tooltip = new vscode.MarkdownString().appendText(`${expert.name}${expert.email ? ` <${expert.email}>` : ''}, ${vscode.l10n.t('score {0}', expert.score)}\n\n${expert.reasons.map((r) => `- ${r.kind}: ${r.detail}`).join('\n')}`);
  return item;
}

function levelIcon(level: RiskLevel): vscode.ThemeIcon {
  const [icon, color] = LEVEL_ICONS[level];
  return new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
}

function riskTooltip(what: string, risk: Risk): vscode.MarkdownString {
  const lines = [`${what}`, risk.churnFactor !== 1 ? vscode.l10n.t('Risk {0} (score {1}, churn x{2})', risk.level, risk.score.toFixed(1), risk.churnFactor.toFixed(2)) : vscode.l10n.t('Risk {0} (score {1})', risk.level, risk.score.toFixed(1))];
  for (const r of risk.incidents) lines.push(`${r.incident.id} ${r.incident.severity} ${r.role}: ${r.incident.title}`);
  return new vscode.MarkdownString().appendText(lines.join('\n'));
}
