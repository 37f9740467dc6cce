// Every loaded incident, and the links that point into each workspace file.
// A lens, hover or tree query is a lookup here, never a read or a parse.
import type { Incident, Link } from './model';

export interface IndexedLink {
  incident: Incident;
  link: Link;
}

interface Entry {
  folder: string;
  incident: Incident;
}

export class IncidentIndex {
  private readonly bySource = new Map<string, Entry>();
  /** Folder, then folder-relative path: two lookups cost less than building a joined key for each of 50,000 links. */
  private readonly linksByPath = new Map<string, Map<string, IndexedLink[]>>();
  /** One source, or a Set of them for a duplicate id: a Set per incident would cost 10,000 of them for none. */
  private readonly sourcesById = new Map<string, string | Set<string>>();

  /** Replaces what the incident file `source` contributed; undefined removes it. */
  set(source: string, folder: string, incident: Incident | undefined): void {
    this.remove(source);
    if (!incident) return;
    this.bySource.set(source, { folder, incident });
    const sources = this.sourcesById.get(incident.id);
    if (sources === undefined) this.sourcesById.set(incident.id, source);
    else if (typeof sources === 'string') this.sourcesById.set(incident.id, new Set([sources, source]));
    else sources.add(source);
    if (incident.links.length === 0) return;
    let paths = this.linksByPath.get(folder);
    if (!paths) this.linksByPath.set(folder, (paths = new Map()));
    for (const link of incident.links) {
      const list = paths.get(link.path);
      if (list) list.push({ incident, link });
      else paths.set(link.path, [{ incident, link }]);
    }
  }

  remove(source: string): void {
    const entry = this.bySource.get(source);
    if (!entry) return;
    this.bySource.delete(source);
    const sources = this.sourcesById.get(entry.incident.id);
    if (sources === source) this.sourcesById.delete(entry.incident.id);
    else if (typeof sources === 'object') {
      sources.delete(source);
      if (sources.size === 0) this.sourcesById.delete(entry.incident.id);
    }
    const paths = this.linksByPath.get(entry.folder);
    if (!paths) return;
    for (const link of entry.incident.links) {
      const kept = (paths.get(link.path) ?? []).filter((item) => item.incident !== entry.incident);
      if (kept.length > 0) paths.set(link.path, kept);
      else paths.delete(link.path);
    }
    if (paths.size === 0) this.linksByPath.delete(entry.folder);
  }

  /** The links into `path` (folder-relative, forward slashes) of workspace folder `folder`. */
  linksForFile(folder: string, path: string): readonly IndexedLink[] {
    return this.linksByPath.get(folder)?.get(path) ?? [];
  }

  /** Every linked workspace file with its links, without copying them (for hotspots). */
  *linkedFiles(): IterableIterator<{ folder: string; path: string; links: readonly IndexedLink[] }> {
    for (const [folder, paths] of this.linksByPath) {
      for (const [path, links] of paths) yield { folder, path, links };
    }
  }

  /** The incident read from `source`, with its folder. */
  entryAt(source: string): { source: string; folder: string; incident: Incident } | undefined {
    const entry = this.bySource.get(source);
    return entry && { source, ...entry };
  }

  incidentAt(source: string): Incident | undefined {
    return this.bySource.get(source)?.incident;
  }

  /** Every incident with where it was read from and its workspace folder. */
  entries(): { source: string; folder: string; incident: Incident }[] {
    return [...this.bySource].map(([source, entry]) => ({ source, ...entry }));
  }

  incidents(): Incident[] {
    return [...this.bySource.values()].map((entry) => entry.incident);
  }

  /** Where an incident id was read from (more than one file means a duplicate id). */
  sourcesOf(id: string): string[] {
    const sources = this.sourcesById.get(id);
    return sources === undefined ? [] : typeof sources === 'string' ? [sources] : [...sources].sort();
  }

  /** The incident with this id, from the first file (by path) that has it. */
  byId(id: string): { source: string; folder: string; incident: Incident } | undefined {
    const source = this.sourcesOf(id)[0];
    const entry = source === undefined ? undefined : this.bySource.get(source);
    return entry && source !== undefined ? { source, ...entry } : undefined;
  }

  get size(): number {
    return this.bySource.size;
  }
}
