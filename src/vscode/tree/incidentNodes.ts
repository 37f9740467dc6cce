// The rows of the Incidents tree and how each one looks.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Resolution } from '../../core/anchors';
import type { Fix, FixFile } from '../../core/gitMining';
import type { SyncedIncident } from '../platforms/syncedIncidents';
import { PLATFORM_NAMES } from '../platforms/platformSettings';
import { isLive, type Incident, type Link, type Note } from '../../core/model';
import { formatAge, timeOf } from '../../core/time';

export type Section = 'live' | 'repo' | 'synced';

export interface IncidentEntry {
  source: string;
  folder: string;
  incident: Incident;
}

export type IncidentTreeNode =
  | { kind: 'section'; section: Section }
  | { kind: 'group'; section: Section; key: string; label: string; entries: IncidentEntry[] }
  | { kind: 'incident'; entry: IncidentEntry }
  | { kind: 'link'; entry: IncidentEntry; link: Link; index: number; resolution?: Resolution }
  | { kind: 'notes'; entry: IncidentEntry }
  | { kind: 'note'; entry: IncidentEntry; note: Note; index: number }
  | { kind: 'responders'; entry: IncidentEntry }
  | { kind: 'fixes'; entry: IncidentEntry; fixes: readonly Fix[] }
  | { kind: 'fix'; entry: IncidentEntry; fix: Fix }
  | { kind: 'fixFile'; entry: IncidentEntry; fix: Fix; file: FixFile }
  | { kind: 'synced'; synced: SyncedIncident };

// Getters: each label is translated when read, once the extension's l10n bundle is loaded.
const SECTION_LABELS: Record<Section, string> = {
  get live() { return vscode.l10n.t('Live'); },
  get repo() { return vscode.l10n.t('In this repository'); },
  get synced() { return vscode.l10n.t('Synced'); },
};

const SEVERITY_COLORS: Record<string, string> = {
  SEV1: 'charts.red',
  SEV2: 'charts.orange',
  SEV3: 'charts.yellow',
  SEV4: 'charts.blue',
};

export function severityColor(severity: string): vscode.ThemeColor {
  return new vscode.ThemeColor(SEVERITY_COLORS[severity] ?? 'foreground');
}

export function sectionItem(section: Section, count: number): vscode.TreeItem {
  const item = new vscode.TreeItem(SECTION_LABELS[section], section === 'synced' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
  item.id = `section:${section}`;
  item.description = String(count);
  item.contextValue = `section-${section}`;
  return item;
}

export function groupItem(node: Extract<IncidentTreeNode, { kind: 'group' }>): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `group:${node.section}:${node.key}`;
  item.description = String(node.entries.length);
  item.contextValue = 'group';
  return item;
}

export function incidentItem({ incident, source }: IncidentEntry, now: Date): vscode.TreeItem {
  const item = new vscode.TreeItem(`${incident.id}: ${incident.title}`, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `incident:${source}`;
  const started = timeOf(incident.startedAt);
  item.description = [incident.severity, incident.status, started !== undefined ? formatAge(started, now) : undefined].filter(Boolean).join(' · ');
  item.iconPath = new vscode.ThemeIcon(statusIcon(incident), severityColor(incident.severity));
  item.tooltip = incidentTooltip(incident);
  item.resourceUri = vscode.Uri.file(source);
  item.contextValue = ['incident', incident.url ? 'hasUrl' : '', isLive(incident) ? 'live' : ''].filter(Boolean).join(' ');
  return item;
}

export function linkItem(node: Extract<IncidentTreeNode, { kind: 'link' }>): vscode.TreeItem {
  const { link, resolution } = node;
  // Where the code stands now when the anchors found it, else where it was linked.
  const current = resolution?.kind === 'resolved' ? resolution : undefined;
  const lines = current && current.how !== 'file' ? current.lines : link.lines;
  const filePath = current?.path ?? link.path;
  const where = lines ? `${filePath}:${lines.start}` : filePath;
  const item = new vscode.TreeItem(link.symbol ?? path.posix.basename(filePath), vscode.TreeItemCollapsibleState.None);
  item.id = `link:${node.entry.source}:${node.index}`;
  const stale = resolution?.kind === 'stale' ? resolution.reason : undefined;
  item.description = [stale ? vscode.l10n.t('stale') : undefined, link.symbol ? where : lines ? vscode.l10n.t('lines {0}–{1}', lines.start, lines.end) : vscode.l10n.t('whole file'), link.role].filter(Boolean).join(' · ');
  item.iconPath = stale ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')) : new vscode.ThemeIcon(link.symbol ? 'symbol-method' : 'file-code');
  item.tooltip = new vscode.MarkdownString().appendText(`${where} (${link.role})${link.note ? `\n\n${link.note}` : ''}${stale ? `\n\n${vscode.l10n.t('Stale: {0}. "Repair Stale Links" cannot fix this one; link the code again.', stale)}` : ''}`);
  const target = vscode.Uri.joinPath(vscode.Uri.parse(node.entry.folder), filePath);
  const line = (lines?.start ?? 1) - 1;
  item.command = { command: 'vscode.open', title: vscode.l10n.t('Open Linked Code'), arguments: [target, { selection: new vscode.Range(line, 0, line, 0) }] };
  item.contextValue = stale ? 'link stale' : 'link';
  return item;
}

export function notesItem(entry: IncidentEntry): vscode.TreeItem {
  const item = new vscode.TreeItem(vscode.l10n.t('Notes'), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `notes:${entry.source}`;
  item.description = String(entry.incident.notes.length);
  item.iconPath = new vscode.ThemeIcon('notebook');
  return item;
}

export function noteItem(node: Extract<IncidentTreeNode, { kind: 'note' }>): vscode.TreeItem {
  const { note } = node;
  const item = new vscode.TreeItem(note.text, vscode.TreeItemCollapsibleState.None);
  item.id = `note:${node.entry.source}:${node.index}`;
  item.description = [note.kind, note.author, note.at.replace('T', ' ').replace(/:\d{2}(\.\d+)?Z$/, ' UTC')].filter(Boolean).join(' · ');
  item.iconPath = new vscode.ThemeIcon(NOTE_ICONS[note.kind] ?? 'comment');
  item.tooltip = new vscode.MarkdownString().appendText(`${vscode.l10n.t('{0} by {1} at {2}', note.kind, note.author ?? vscode.l10n.t('unknown'), note.at)}\n\n${note.text}`);
  item.command = { command: 'incidentLens.openIncidentNotes', title: vscode.l10n.t('Open Incident Notes'), arguments: [node.entry.source] };
  item.contextValue = 'note';
  return item;
}

export function syncedItem({ synced }: Extract<IncidentTreeNode, { kind: 'synced' }>, now: Date): vscode.TreeItem {
  const { incident, kind } = synced;
  const item = new vscode.TreeItem(`${incident.id}: ${incident.title}`, vscode.TreeItemCollapsibleState.None);
  item.id = `synced:${kind}:${incident.source.id}`;
  const started = timeOf(incident.startedAt);
  item.description = [incident.severity, incident.status, started !== undefined ? formatAge(started, now) : undefined, PLATFORM_NAMES[kind]].filter(Boolean).join(' · ');
  item.iconPath = new vscode.ThemeIcon('cloud', severityColor(incident.severity));
  const tooltip = incidentTooltip(incident);
  tooltip.appendMarkdown('\n\n').appendText(vscode.l10n.t('From {0}, not in this repository yet: "Add to Repository" writes it to .incidents/.', PLATFORM_NAMES[kind]));
  item.tooltip = tooltip;
  item.contextValue = ['synced', incident.url ? 'hasUrl' : ''].filter(Boolean).join(' ');
  return item;
}

export function respondersItem(entry: IncidentEntry): vscode.TreeItem {
  const item = new vscode.TreeItem(vscode.l10n.t('Responders'), vscode.TreeItemCollapsibleState.None);
  item.id = `responders:${entry.source}`;
  item.description = entry.incident.responders.join(', ');
  item.iconPath = new vscode.ThemeIcon('person');
  return item;
}

const NOTE_ICONS: Record<string, string> = {
  observation: 'eye',
  hypothesis: 'lightbulb',
  action: 'run',
  decision: 'law',
  resolution: 'pass',
};

function statusIcon(incident: Incident): string {
  if (incident.status === 'closed') return 'circle-slash';
  if (incident.status === 'resolved') return 'pass';
  if (incident.status === 'monitoring') return 'eye';
  return 'flame';
}

/** Incident text is the repository's, not ours: appended as text, never as trusted Markdown. */
export function incidentTooltip(incident: Pick<Incident, 'id' | 'title' | 'severity' | 'status' | 'services' | 'summary'>): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString();
  tooltip.appendMarkdown('**').appendText(`${incident.id}: ${incident.title}`).appendMarkdown('**\n\n');
  tooltip.appendText(`${incident.severity} · ${incident.status}${incident.services.length ? ` · ${incident.services.join(', ')}` : ''}`);
  if (incident.summary) tooltip.appendMarkdown('\n\n').appendText(incident.summary);
  return tooltip;
}
