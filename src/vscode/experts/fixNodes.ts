// "Fixed in" under an incident in the Incidents tree: the commits whose message names it,
// each expanding to the files it changed, each file opening the commit's diff.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Fix, FixFile } from '../../core/gitMining';
import type { IncidentEntry } from '../tree/incidentNodes';
import { gitContentUri } from './gitContent';

export function fixesItem(entry: IncidentEntry, fixes: readonly Fix[]): vscode.TreeItem {
  const item = new vscode.TreeItem(vscode.l10n.t('Fixed in'), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `fixes:${entry.source}`;
  item.description = fixes.length === 1 ? vscode.l10n.t('1 commit') : vscode.l10n.t('{0} commits', fixes.length);
  item.iconPath = new vscode.ThemeIcon('git-commit');
  item.tooltip = vscode.l10n.t('Commits whose message names this incident (Fixes, Refs, Incident: ...)');
  return item;
}

export function fixItem(entry: IncidentEntry, fix: Fix): vscode.TreeItem {
  const item = new vscode.TreeItem(fix.subject || fix.commit.slice(0, 7), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `fix:${entry.source}:${fix.commit}`;
  item.description = `${fix.commit.slice(0, 7)} · ${fix.author.name} · ${fix.date.slice(0, 10)}`;
  item.iconPath = new vscode.ThemeIcon(fix.merge ? 'git-merge' : 'git-commit');
  item.tooltip = new vscode.MarkdownString().appendText(`${fix.commit}\n${fix.author.name} <${fix.author.email}>, ${fix.date}\n\n${fix.subject}\n\n${vscode.l10n.t('{0} file(s) changed', fix.files.length)}`);
  item.contextValue = 'fix';
  return item;
}

export function fixFileItem(entry: IncidentEntry, fix: Fix, file: FixFile): vscode.TreeItem {
  const item = new vscode.TreeItem(path.posix.basename(file.path), vscode.TreeItemCollapsibleState.None);
  item.id = `fixfile:${entry.source}:${fix.commit}:${file.path}`;
  const lines = file.lines.length > 0 ? vscode.l10n.t('lines {0}', file.lines.map((l) => (l.start === l.end ? `${l.start}` : `${l.start}–${l.end}`)).join(', ')) : undefined;
  item.description = [path.posix.dirname(file.path), file.deleted ? vscode.l10n.t('deleted') : lines].filter(Boolean).join(' · ');
  item.iconPath = vscode.ThemeIcon.File;
  item.resourceUri = vscode.Uri.joinPath(vscode.Uri.parse(entry.folder), file.path);
  const before = gitContentUri(entry.folder, `${fix.commit}^`, file.oldPath ?? file.path);
  const after = gitContentUri(entry.folder, fix.commit, file.path);
  item.command = { command: 'vscode.diff', title: vscode.l10n.t('Open Changes'), arguments: [before, after, `${path.posix.basename(file.path)} (${fix.commit.slice(0, 7)})`] };
  item.contextValue = file.deleted ? 'fixFile deleted' : 'fixFile';
  return item;
}
