// The Incidents tree: Live, In this repository, Synced. Rows come from the index;
// a store change refreshes only the sections whose incidents changed.
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import { byRecency, groupIncidents, isFilterActive, matchesFilter, NO_FILTER, describeFilter, type IncidentFilter } from '../../core/incidentQuery';
import { isLive } from '../../core/model';
import type { Clock } from '../../core/ports';
import { readSettings } from '../config';
import type { GitHistory } from '../anchors/gitHistory';
import { checkLinks, workspaceSource } from '../anchors/linkHealth';
import { Disposable } from '../disposable';
import type { FixHistory } from '../experts/fixHistory';
import { fixesItem, fixFileItem, fixItem } from '../experts/fixNodes';
import type { SyncedIncident, SyncedIncidents } from '../platforms/syncedIncidents';
import { groupItem, syncedItem, incidentItem, linkItem, noteItem, notesItem, respondersItem, sectionItem, type IncidentEntry, type IncidentTreeNode, type Section } from './incidentNodes';

/** Past this many rows in one level, a section groups itself by month. */
const MAX_ROWS_PER_LEVEL = 100;
/** Synced incidents are a to-do list, not an archive: the newest are enough (filter to find others). */
const MAX_SYNCED_ROWS = 200;
const FILTER_KEY = 'incidentLens.incidents.filter';

export class IncidentsTreeProvider extends Disposable implements vscode.TreeDataProvider<IncidentTreeNode> {
  private readonly changed = this._register(new vscode.EventEmitter<IncidentTreeNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private readonly sections: Record<Section, IncidentTreeNode> = {
    live: { kind: 'section', section: 'live' },
    repo: { kind: 'section', section: 'repo' },
    synced: { kind: 'section', section: 'synced' },
  };
  private filter: IncidentFilter;
  private readonly sectionBySource = new Map<string, Section>();
  private wasEmpty = true;
  private syncedCount = 0;

  constructor(private readonly store: IncidentStore, private readonly clock: Clock, private readonly state: vscode.Memento, private readonly synced: SyncedIncidents, private readonly history?: GitHistory, private readonly fixes?: FixHistory) {
    super();
    if (fixes) this._register(fixes.onDidChange(() => this.refresh()));
    this._register(synced.onDidChange(() => {
      this.syncedCount = this.unlinkedSynced().length;
      this.refresh();
    }));
    this.filter = { ...NO_FILTER, ...state.get<IncidentFilter>(FILTER_KEY) };
    this._register(store.onDidChange((files) => this.refreshFor(files)));
  }

  get currentFilter(): IncidentFilter {
    return this.filter;
  }

  async setFilter(filter: IncidentFilter): Promise<void> {
    this.filter = filter;
    await this.state.update(FILTER_KEY, filter);
    await vscode.commands.executeCommand('setContext', 'incidentLens.filterActive', isFilterActive(filter));
    this.refresh();
  }

  filterDescription(): string | undefined {
    return isFilterActive(this.filter) ? vscode.l10n.t('Filtered: {0}', describeFilter(this.filter)) : undefined;
  }

  refresh(): void {
    // The root changes too: a section appears or disappears with its first or last incident.
    this.changed.fire(undefined);
  }

  getTreeItem(node: IncidentTreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'section': return sectionItem(node.section, node.section === 'synced' ? this.unlinkedSynced().length : this.entriesIn(node.section).length);
      case 'synced': return syncedItem(node, this.clock.now());
      case 'group': return groupItem(node);
      case 'incident': return incidentItem(node.entry, this.clock.now());
      case 'link': return linkItem(node);
      case 'notes': return notesItem(node.entry);
      case 'note': return noteItem(node);
      case 'responders': return respondersItem(node.entry);
      case 'fixes': return fixesItem(node.entry, node.fixes);
      case 'fix': return fixItem(node.entry, node.fix);
      case 'fixFile': return fixFileItem(node.entry, node.fix, node.file);
    }
  }

  getChildren(node?: IncidentTreeNode): IncidentTreeNode[] | Promise<IncidentTreeNode[]> {
    // An empty tree lets the welcome view explain how to start.
    const synced = this.unlinkedSynced();
    if (!node && this.store.index.size === 0 && synced.length === 0) return [];
    if (!node) return (['live', 'repo', 'synced'] as const).filter((s) => s !== 'synced' || synced.length > 0).map((s) => this.sections[s]);
    switch (node.kind) {
      case 'section':
        if (node.section === 'synced') return synced.slice(0, MAX_SYNCED_ROWS).map((item) => ({ kind: 'synced', synced: item }));
        return this.levelOf(node.section, this.entriesIn(node.section));
      case 'group': return node.entries.map((entry) => ({ kind: 'incident', entry }));
      case 'incident': return this.detailsOf(node.entry);
      case 'notes': return node.entry.incident.notes.map((note, index) => ({ kind: 'note', entry: node.entry, note, index }));
      case 'fixes': return node.fixes.map((fix) => ({ kind: 'fix', entry: node.entry, fix }));
      case 'fix': return node.fix.files.map((file) => ({ kind: 'fixFile', entry: node.entry, fix: node.fix, file }));
      default: return [];
    }
  }

  private levelOf(section: Section, entries: IncidentEntry[]): IncidentTreeNode[] {
    const { groupBy } = readSettings();
    const by = groupBy !== 'none' ? groupBy : entries.length > MAX_ROWS_PER_LEVEL ? 'month' : undefined;
    if (!by) return entries.map((entry) => ({ kind: 'incident', entry }));
    return groupIncidents(entries, (e) => e.incident, by).map((g) => ({ kind: 'group', section, key: g.key, label: g.label, entries: g.items }));
  }

  /** Links checked against the code as it is now, so a stale one is marked. */
  private async detailsOf(entry: IncidentEntry): Promise<IncidentTreeNode[]> {
    // One source per expansion: each file read once, each commit's file fetched once, git a few processes at a time.
    const links = entry.incident.links;
    const source = workspaceSource(vscode.Uri.parse(entry.folder), this.history, links.some((link) => link.symbol));
    const checks = await checkLinks(links, source);
    const nodes: IncidentTreeNode[] = entry.incident.links.map((link, index) => ({ kind: 'link', entry, link, index, resolution: checks[index]?.resolution }));
    if (entry.incident.notes.length > 0) nodes.push({ kind: 'notes', entry });
    if (entry.incident.responders.length > 0) nodes.push({ kind: 'responders', entry });
    const fixes = this.fixes?.fixesOf(entry.folder, entry.incident.id) ?? [];
    if (fixes.length > 0) nodes.push({ kind: 'fixes', entry, fixes });
    return nodes;
  }

  /** Synced from a platform and not yet in .incidents/ (matched by the incident's source), newest first. */
  private unlinkedSynced(): SyncedIncident[] {
    return this.synced.unlinked(this.store.index.incidents()).filter((s) => matchesFilter(s.incident, this.filter));
  }

  /** Live: not resolved. In this repository: every other incident in .incidents/. */
  private entriesIn(section: Section): IncidentEntry[] {
    if (section === 'synced') return [];
    return this.store.index.entries()
      .filter((entry) => isLive(entry.incident) === (section === 'live') && matchesFilter(entry.incident, this.filter))
      .sort((a, b) => byRecency(a.incident, b.incident));
  }

  /** Refreshes only the sections a changed file's incident left or entered. */
  private refreshFor(files: readonly string[]): void {
    const touched = new Set<Section>();
    for (const file of files) {
      const before = this.sectionBySource.get(file);
      const incident = this.store.index.incidentAt(file);
      const after: Section | undefined = incident ? (isLive(incident) ? 'live' : 'repo') : undefined;
      if (before) touched.add(before);
      if (after) touched.add(after);
      if (after) this.sectionBySource.set(file, after);
      else this.sectionBySource.delete(file);
    }
    // A new local incident can be one of the synced ones: that section shrinks, or goes.
    const syncedCount = this.unlinkedSynced().length;
    const empty = this.store.index.size === 0;
    if (empty !== this.wasEmpty || (syncedCount === 0) !== (this.syncedCount === 0)) this.changed.fire(undefined);
    else {
      touched.forEach((section) => this.changed.fire(this.sections[section]));
      if (syncedCount !== this.syncedCount) this.changed.fire(this.sections.synced);
    }
    this.wasEmpty = empty;
    this.syncedCount = syncedCount;
  }
}
