// Experts for the editor's surfaces: from memory for a hover (links, mined fixes and
// CODEOWNERS as last read; no process, no file read), with blame for what the user asks on
// purpose (the command, a hotspot's Experts row). Also the fixes' files as mitigation links,
// so a fix counts in Hotspots.
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import { ownersOf } from '../../core/codeowners';
import type { IndexedLink } from '../../core/incidentIndex';
import type { Incident, LineRange, Link } from '../../core/model';
import type { Clock } from '../../core/ports';
import type { ConfigStore } from '../../adapters/configStore';
import type { ComponentRollup } from '../../core/components';
import { componentExperts } from '../../services/componentExperts';
import { findExperts, linksInto, type Expert } from '../../services/experts';
import { rankExperts } from '../../services/expertsRanking';
import type { GitHistory } from '../anchors/gitHistory';
import { fileFolders } from '../workspaceFolders';
import type { FixHistory } from './fixHistory';

export class ExpertsSource {
  constructor(
    private readonly store: IncidentStore,
    private readonly fixes: FixHistory,
    private readonly configs: ConfigStore,
    private readonly clock: Clock,
    private readonly history?: GitHistory,
  ) {}

  /** From what is in memory now: responders of `linked`, authors of known fixes, CODEOWNERS. */
  quick(folder: string, path: string, lines: LineRange | undefined, linked: readonly { incident: Incident; link: Link }[]): Expert[] {
    const owners = this.fixes.codeownersOf(folder);
    const rule = owners && ownersOf(owners.codeowners, path);
    return rankExperts({ path, lines, linked, fixes: this.fixes.allFixes(folder), owner: rule && owners ? { rule, file: owners.file } : undefined, now: this.clock.now() });
  }

  /**
   * Everything, blame included (git runs only in a trusted workspace). `linked` defaults to
   * the index's links into `path` overlapping `lines` as stored.
   */
  async full(folder: string, path: string, lines?: LineRange, linked?: readonly { incident: Incident; link: Link }[]): Promise<Expert[]> {
    const root = fileFolders().find((f) => f.id === folder)?.root;
    if (!root) return [];
    const trusted = vscode.workspace.isTrusted;
    const incidents = this.store.index.linksForFile(folder, path).map((l) => l.incident);
    return findExperts({
      root,
      path,
      lines,
      incidents,
      linked: linked ?? linksInto([...new Set(incidents)], path, lines),
      references: this.configs.configOf(folder).references,
      now: this.clock.now(),
      gitAllowed: trusted,
      fixes: trusted ? await this.fixes.current(folder) : [],
      renames: trusted && this.history ? await this.history.renamesOf(folder) : new Map(),
    });
  }

  /**
   * The experts of a where-to-invest component (componentExperts.ts): from the links, the known
   * fixes and CODEOWNERS, no blame; git runs only in a trusted workspace, for renames.
   */
  async forComponent(folder: string, rollup: ComponentRollup): Promise<Expert[]> {
    const root = fileFolders().find((f) => f.id === folder)?.root;
    if (!root) return [];
    const trusted = vscode.workspace.isTrusted;
    const [experts] = await componentExperts([rollup], {
      root,
      incidents: this.store.index.entries().filter((e) => e.folder === folder).map((e) => e.incident),
      references: this.configs.configOf(folder).references,
      now: this.clock.now(),
      gitAllowed: trusted,
      fixes: trusted ? await this.fixes.current(folder) : [],
      renames: trusted && this.history ? await this.history.renamesOf(folder) : new Map(),
    });
    return experts ?? [];
  }

  /** Each file a known fix changed, as a mitigation link of the fix's incident (when it is in the index). */
  fixLinks(folder: string): Map<string, IndexedLink[]> {
    const byPath = new Map<string, IndexedLink[]>();
    for (const fix of this.fixes.allFixes(folder)) {
      for (const id of fix.incidents) {
        const incident = this.store.index.byId(id)?.incident;
        if (!incident) continue;
        for (const file of fix.files) {
          if (file.deleted) continue;
          byPath.set(file.path, [...(byPath.get(file.path) ?? []), { incident, link: { path: file.path, role: 'mitigation' } }]);
        }
      }
    }
    return byPath;
  }
}

/** "Alice Smith (wrote the fix for INC-157 ...)": the first reason is the one shown. */
export function expertSummary(expert: Expert): string {
  return `${expert.name} (${expert.reasons[0]?.detail ?? ''}${expert.reasons.length > 1 ? ` +${expert.reasons.length - 1}` : ''})`;
}
