// Hotspots grouped by component (src/services/investment.ts): for each service or folder the
// incidents of the last 90 days hit, worst first, with their worst severity, the review's lessons
// by practice, the open follow-ups and (on demand) the experts of its linked code. Each row opens
// what is behind it: an incident its file, a linked path its code.
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import type { ComponentRollup } from '../../core/components';
import type { IncidentConfig } from '../../core/config';
import type { Incident } from '../../core/model';
import type { Expert } from '../../services/experts';
import { DEFAULT_SINCE, whereToInvest } from '../../services/investment';
import { severityColor } from './incidentNodes';

export type ComponentNode =
  | { kind: 'component'; folder: string; rollup: ComponentRollup; practices: string[] }
  | { kind: 'componentIncident'; folder: string; incident: Incident; source: string | undefined }
  | { kind: 'componentPath'; folder: string; path: string }
  | { kind: 'componentExperts'; folder: string; rollup: ComponentRollup }
  | { kind: 'componentExpert'; folder: string; rollup: ComponentRollup; expert: Expert };

/** The experts of a component's linked code (ExpertsSource.forComponent). */
export type ComponentExpertsOf = (folder: string, rollup: ComponentRollup) => Promise<Expert[]>;

/** Every folder's components, worst first within each folder. */
export function componentRoots(store: IncidentStore, configOf: (folder: string) => IncidentConfig, now: Date): ComponentNode[] {
  const byFolder = new Map<string, Incident[]>();
  for (const { folder, incident } of store.index.entries()) byFolder.set(folder, [...(byFolder.get(folder) ?? []), incident]);
  return [...byFolder].flatMap(([folder, incidents]) => {
    const investment = whereToInvest(incidents, configOf(folder), { since: DEFAULT_SINCE, now });
    return investment.components.map((rollup): ComponentNode => ({ kind: 'component', folder, rollup, practices: investment.practices }));
  });
}

/** A component's incidents, then its linked paths, then an Experts row (when experts can be asked). */
export function componentChildren(node: ComponentNode, store: IncidentStore, expertsOf?: ComponentExpertsOf): ComponentNode[] | Promise<ComponentNode[]> {
  if (node.kind === 'componentExperts') {
    return (expertsOf?.(node.folder, node.rollup) ?? Promise.resolve([])).then((experts) => experts.map((expert): ComponentNode => ({ kind: 'componentExpert', folder: node.folder, rollup: node.rollup, expert })));
  }
  if (node.kind !== 'component') return [];
  const incidents = node.rollup.incidentIds.flatMap((id): ComponentNode[] => {
    const entry = store.index.entries().find((e) => e.folder === node.folder && e.incident.id === id);
    return entry ? [{ kind: 'componentIncident', folder: node.folder, incident: entry.incident, source: entry.source }] : [];
  });
  const experts: ComponentNode[] = expertsOf && node.rollup.paths.length > 0 ? [{ kind: 'componentExperts', folder: node.folder, rollup: node.rollup }] : [];
  return [...incidents, ...node.rollup.paths.map((path): ComponentNode => ({ kind: 'componentPath', folder: node.folder, path })), ...experts];
}

/** `3 incidents · SEV1 · 2 open follow-ups` */
export function describeComponent(rollup: ComponentRollup): string {
  const count = rollup.incidentIds.length === 1 ? vscode.l10n.t('1 incident') : vscode.l10n.t('{0} incidents', rollup.incidentIds.length);
  const open = rollup.openFollowUps === 1 ? vscode.l10n.t('1 open follow-up') : vscode.l10n.t('{0} open follow-ups', rollup.openFollowUps);
  return [count, rollup.worst, rollup.openFollowUps > 0 ? open : ''].filter(Boolean).join(' · ');
}

export function componentItem(node: ComponentNode): vscode.TreeItem {
  if (node.kind === 'component') {
    const { rollup } = node;
    const item = new vscode.TreeItem(rollup.kind === 'folder' ? `${rollup.name}/` : rollup.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `component:${node.folder}:${rollup.kind}:${rollup.name}`;
    item.description = describeComponent(rollup);
    item.iconPath = new vscode.ThemeIcon(rollup.kind === 'service' ? 'server-process' : 'folder', severityColor(rollup.worst));
    const lessons = node.practices.map((p) => `${p}: ${rollup.lessons[p] ?? 0}`).join(', ');
    item.tooltip = new vscode.MarkdownString().appendText(`${rollup.kind === 'service' ? vscode.l10n.t('Service {0}', rollup.name) : vscode.l10n.t('Folder {0}', rollup.name)}\n${vscode.l10n.t('{0} in the last 90 days', describeComponent(rollup))}\n${vscode.l10n.t('Lessons by practice: {0}', lessons)}`);
    item.contextValue = 'hotspotComponent';
    return item;
  }
  if (node.kind === 'componentIncident') {
    const { incident } = node;
    const open = incident.review?.followUps.filter((f) => f.status === 'open').length ?? 0;
    const item = new vscode.TreeItem(`${incident.id}: ${incident.title}`, vscode.TreeItemCollapsibleState.None);
    item.id = `component:${node.folder}:incident:${incident.id}:${node.source ?? ''}`;
    item.description = [incident.severity, vscode.l10n.t('{0} lessons', incident.review?.lessons.length ?? 0), open > 0 ? vscode.l10n.t('{0} open follow-ups', open) : ''].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon('issues', severityColor(incident.severity));
    if (node.source) item.command = { command: 'incidentLens.openIncidentFile', title: vscode.l10n.t('Open Incident'), arguments: [node.source] };
    return item;
  }
  if (node.kind === 'componentExperts') {
    const item = new vscode.TreeItem(vscode.l10n.t('Experts'), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `component:${node.folder}:${node.rollup.kind}:${node.rollup.name}:experts`;
    item.iconPath = new vscode.ThemeIcon('organization');
    item.tooltip = vscode.l10n.t('Who knows this component: responders of its incidents, authors of fixes to its linked code, CODEOWNERS');
    return item;
  }
  if (node.kind === 'componentExpert') {
    const { expert } = node;
    const item = new vscode.TreeItem(expert.name, vscode.TreeItemCollapsibleState.None);
    item.id = `component:${node.folder}:${node.rollup.kind}:${node.rollup.name}:expert:${expert.email ?? expert.name}`;
    item.description = expert.reasons.map((r) => r.detail).join(' · ');
    item.iconPath = new vscode.ThemeIcon('person');
    item.tooltip = new vscode.MarkdownString().appendText(`${expert.name}${expert.email ? ` <${expert.email}>` : ''}\n\n${expert.reasons.map((r) => `- ${r.kind}: ${r.detail}`).join('\n')}`);
    return item;
  }
  const uri = vscode.Uri.joinPath(vscode.Uri.parse(node.folder), node.path);
  const item = new vscode.TreeItem(node.path, vscode.TreeItemCollapsibleState.None);
  item.resourceUri = uri;
  item.command = { command: 'vscode.open', title: vscode.l10n.t('Open File'), arguments: [uri] };
  return item;
}

export function isComponentNode(node: { kind: string }): node is ComponentNode {
  return ['component', 'componentIncident', 'componentPath', 'componentExperts', 'componentExpert'].includes(node.kind);
}
