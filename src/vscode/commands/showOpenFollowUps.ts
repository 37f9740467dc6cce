// "Show Open Follow-ups", and what the follow-ups lens runs: the open follow-ups of the
// incidents behind a lens (or linked to the current file), and the chosen one opened in its
// incident file, at its line.
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import type { FollowUp, Incident } from '../../core/model';
import { openFollowUpsOf } from '../../core/review';
import { locate } from '../workspaceFolders';
import type { Command } from './command';

export const SHOW_OPEN_FOLLOW_UPS_COMMAND = 'incidentLens.showOpenFollowUps';

/** The incidents behind a lens, in its folder (a workspace folder's id). */
export interface ShowOpenFollowUpsArgs {
  folder: string;
  ids: string[];
}

interface FollowUpItem extends vscode.QuickPickItem {
  source: string;
  followUp: FollowUp;
}

export class ShowOpenFollowUpsCommand implements Command {
  readonly id = SHOW_OPEN_FOLLOW_UPS_COMMAND;

  constructor(private readonly store: IncidentStore) {}

  async execute(args?: unknown): Promise<void> {
    const items: FollowUpItem[] = this.incidentsFor(args).flatMap(({ source, incident }) => openFollowUpsOf([incident]).map(({ followUp }) => ({
      source,
      followUp,
      label: followUp.title,
      description: [followUp.owner, followUp.openedAt && vscode.l10n.t('opened {0}', followUp.openedAt.slice(0, 10))].filter(Boolean).join(' · '),
      detail: `${incident.id}: ${incident.title}${followUp.url ? ` · ${followUp.url}` : ''}`,
    })));
    if (items.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No open follow-ups in the reviews of the incidents linked here.'));
      return;
    }
    const picked = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Open follow-ups'),
      placeHolder: vscode.l10n.t('Open a follow-up in its incident file'),
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (!picked) return;
    const line = Math.max(0, (picked.followUp.position?.line ?? 1) - 1);
    await vscode.window.showTextDocument(vscode.Uri.file(picked.source), { selection: new vscode.Range(line, 0, line, 0) });
  }

  /** The lens's incidents (worst first, as it lists them), else every incident linked to the active editor's file. */
  private incidentsFor(args: unknown): { source: string; incident: Incident }[] {
    const entries = this.store.index.entries();
    if (isArgs(args)) {
      return args.ids.flatMap((id) => entries.filter((e) => e.folder === args.folder && e.incident.id === id).slice(0, 1));
    }
    const uri = vscode.window.activeTextEditor?.document.uri;
    const where = uri && locate(uri);
    if (!where) return [];
    const ids = new Set(this.store.index.linksForFile(where.folder.id, where.path).map((l) => l.incident.id));
    return entries.filter((e) => e.folder === where.folder.id && ids.has(e.incident.id));
  }
}

function isArgs(value: unknown): value is ShowOpenFollowUpsArgs {
  return typeof value === 'object' && value !== null && typeof (value as ShowOpenFollowUpsArgs).folder === 'string'
    && Array.isArray((value as ShowOpenFollowUpsArgs).ids) && (value as ShowOpenFollowUpsArgs).ids.every((id) => typeof id === 'string');
}
