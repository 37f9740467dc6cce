// "Repair Stale Links": rewrites the stored path, lines, symbol and fingerprint of every
// link whose code moved, for one incident (tree) or all of them. Only on request:
// resolution otherwise happens in memory and never touches the YAML.
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import type { IncidentWriter } from '../../adapters/incidentWriter';
import { repairedLink, splitLines } from '../../core/anchors';
import type { Link } from '../../core/model';
import type { GitHistory } from '../anchors/gitHistory';
import { checkLinks, needsRepair, workspaceSource } from '../anchors/linkHealth';
import { headCommit } from '../notes/gitFacts';
import type { IncidentEntry } from '../tree/incidentNodes';
import { entryOf } from '../tree/treeArgs';
import type { Command } from './command';

export const REPAIR_STALE_LINKS_COMMAND = 'incidentLens.repairStaleLinks';

/** One link only (a Problems quick fix): the incident file and the link's index in its incident's `links`, as parsed. */
export interface RepairLinkArgs {
  source: string;
  link: number;
}

export class RepairStaleLinksCommand implements Command {
  readonly id = REPAIR_STALE_LINKS_COMMAND;
  readonly requiresTrust = true;

  constructor(private readonly store: IncidentStore, private readonly writer: IncidentWriter, private readonly history?: GitHistory) {}

  async execute(arg?: unknown): Promise<void> {
    const one = isRepairLinkArgs(arg) ? arg : undefined;
    const only = one ? this.store.index.entries().find((e) => e.source === one.source) : entryOf(arg);
    if (one && !only) return;
    const entries = only ? [only] : this.store.index.entries();
    // Asked on purpose: read git's renames as they are now, not as cached.
    await Promise.all([...new Set(entries.map((e) => e.folder))].map((folder) => this.history?.refresh(folder)));
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Repairing incident links'), cancellable: true },
      async (_progress, token) => {
        const totals = { repaired: 0, stale: [] as string[] };
        for (const entry of entries) {
          if (token.isCancellationRequested) break;
          const result = await this.repair(entry, one?.link);
          totals.repaired += result.repaired;
          totals.stale.push(...result.stale.map((path) => `${entry.incident.id}: ${path}`));
        }
        return totals;
      },
    );
    const stale = outcome.stale.length ? ` ${vscode.l10n.t('{0} still stale ({1}).', outcome.stale.length, `${outcome.stale.slice(0, 3).join(', ')}${outcome.stale.length > 3 ? ', …' : ''}`)}` : '';
    void vscode.window.showInformationMessage(`${outcome.repaired === 1 ? vscode.l10n.t('Repaired 1 link.') : vscode.l10n.t('Repaired {0} links.', outcome.repaired)}${stale}`);
  }

  /** Repairs the links of `entry` that moved; with `only`, only the link at that index of its `links`. */
  private async repair(entry: IncidentEntry, only?: number): Promise<{ repaired: number; stale: string[] }> {
    const folder = vscode.Uri.parse(entry.folder);
    const changes: { link: Link; repaired: Link }[] = [];
    const stale: string[] = [];
    const source = workspaceSource(folder, this.history, entry.incident.links.some((link) => link.symbol));
    // A repaired link is pinned to HEAD (trusted git workspaces only) when its file is as
    // committed: then HEAD holds the lines it now names. Otherwise no commit vouches for them.
    const head = await headCommit(folder.fsPath);
    const pinned = async (path: string, lines: readonly string[]): Promise<string | undefined> => {
      const committed = head ? await source.readAt?.(head, path) : undefined;
      return committed !== undefined && splitLines(committed).join('\n').trim() === lines.join('\n').trim() ? head : undefined;
    };
    const links = only === undefined ? entry.incident.links : entry.incident.links.slice(only, only + 1);
    const checks = await checkLinks(links, source);
    for (const [i, link] of links.entries()) {
      const { resolution, lines } = checks[i] as (typeof checks)[number];
      if (resolution.kind === 'stale') stale.push(link.path);
      else if (needsRepair(link, resolution)) changes.push({ link, repaired: repairedLink(link, resolution, lines, await pinned(resolution.path, lines)) });
    }
    if (changes.length === 0) return { repaired: 0, stale };
    try {
      // The stored commit described the old lines; a repaired link no longer matches it.
      await this.writer.edit(entry.source, 'repairLinks', changes.map(({ link, repaired: { path, symbol, lines, fingerprint, commit } }) => ({ link, changes: { path, symbol, lines, fingerprint, commit } })));
    } catch (error) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not repair {0}: {1}', entry.incident.id, (error as Error).message));
      return { repaired: 0, stale };
    }
    await this.store.refreshFile(entry.source, { id: entry.folder, root: folder.fsPath });
    return { repaired: changes.length, stale };
  }
}

function isRepairLinkArgs(value: unknown): value is RepairLinkArgs {
  return typeof value === 'object' && value !== null && typeof (value as RepairLinkArgs).source === 'string' && Number.isInteger((value as RepairLinkArgs).link);
}
