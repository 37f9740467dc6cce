// "Start Incident…": a new live incident in this repository. Proposes the next id of the
// repository's own pattern (editable), asks title and severity, writes .incidents/<id>.yaml
// (status investigating, started now), makes it the current incident and opens its notes.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { INCIDENTS_DIR, type IncidentFolder, type IncidentStore } from '../../adapters/incidentStore';
import type { IncidentWriter } from '../../adapters/incidentWriter';
import type { IncidentConfig } from '../../core/config';
import { newIncidentText } from '../../core/incidentEdits';
import { incidentIdProblem, matchesReferencePatterns, nextIncidentId } from '../../core/incidentIds';
import type { Clock } from '../../core/ports';
import type { CurrentIncident } from '../notes/currentIncident';
import { isoSeconds } from '../../core/time';
import type { NotesPanels } from '../notes/notesPanels';
import type { IncidentEntry } from '../tree/incidentNodes';
import { chooseFolder, fileFolders } from '../workspaceFolders';
import { isLive } from '../../core/model';
import { addToRepository } from '../platforms/addToRepository';
import { PLATFORM_NAMES } from '../platforms/platformSettings';
import type { SyncedIncident, SyncedIncidents } from '../platforms/syncedIncidents';
import type { Command } from './command';

/** Answers given as arguments skip their question: for keybindings, other commands and tests. */
interface StartArgs {
  id?: string;
  title?: string;
  severity?: string;
}

export class StartIncidentCommand implements Command {
  readonly id = 'incidentLens.startIncident';
  readonly requiresTrust = true;

  constructor(
    private readonly store: IncidentStore,
    private readonly writer: IncidentWriter,
    private readonly clock: Clock,
    private readonly configOf: (folder: string) => IncidentConfig,
    private readonly current: CurrentIncident,
    private readonly panels: NotesPanels,
    private readonly synced?: SyncedIncidents,
  ) {}

  async execute(arg?: unknown): Promise<IncidentEntry | undefined> {
    const args = startArgs(arg);
    const folder = await chooseFolder(vscode.l10n.t('Which repository is the incident in?'));
    if (!folder) {
      if (fileFolders().length === 0) void vscode.window.showWarningMessage(vscode.l10n.t('Open a folder first: incidents live in its .incidents/ folder.'));
      return undefined;
    }
    if (!arg) {
      const fromPlatform = await this.pickOpenOnPlatform();
      if (fromPlatform === 'cancelled') return undefined;
      if (fromPlatform) return this.startFromPlatform(fromPlatform, folder);
    }
    const config = this.configOf(folder.id);
    const taken = this.store.index.entries().filter((e) => e.folder === folder.id).map((e) => e.incident.id);

    const proposed = nextIncidentId(config.references, taken);
    // Called with a title (another command, a test), the proposed id is taken as is.
    const id = (args.id ?? (args.title !== undefined ? proposed : undefined) ?? await vscode.window.showInputBox({
      title: vscode.l10n.t('Start Incident (1/3): id'),
      value: proposed,
      prompt: vscode.l10n.t('The next free id of this repository; change it if your incident tool already gave one.'),
      validateInput: (value) => incidentIdProblem(value.trim(), taken) ?? (matchesReferencePatterns(value.trim(), config.references) ? undefined : {
        message: vscode.l10n.t('References in code will not find {0}: it matches none of the patterns in .incidents/config.yaml.', value.trim()),
        severity: vscode.InputBoxValidationSeverity.Warning,
      }),
    }))?.trim();
    if (!id) return undefined;
    const problem = incidentIdProblem(id, taken);
    if (problem) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Cannot start the incident: {0}', problem));
      return undefined;
    }

    const title = (args.title ?? await vscode.window.showInputBox({
      title: vscode.l10n.t('Start Incident (2/3): {0} title', id),
      prompt: vscode.l10n.t('One line: what users see, such as "Checkout requests time out"'),
      validateInput: (value) => (value.trim() ? undefined : vscode.l10n.t('A title is required.')),
    }))?.trim();
    if (!title) return undefined;

    const labels = config.severities.map((s) => s.label);
    const severity = args.severity ?? (await vscode.window.showQuickPick(
      labels.map((label, i) => ({ label, description: i === 0 ? vscode.l10n.t('the worst') : i === labels.length - 1 ? vscode.l10n.t('the mildest') : undefined })),
      { title: vscode.l10n.t('Start Incident (3/3): {0} severity', id) },
    ))?.label;
    if (!severity) return undefined;
    if (!labels.includes(severity)) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Cannot start {0}: unknown severity "{1}"; expected one of {2}.', id, severity, labels.join(', ')));
      return undefined;
    }

    const file = path.join(folder.root, INCIDENTS_DIR, `${id}.yaml`);
    const text = newIncidentText({ id, title, severity, status: 'investigating', startedAt: isoSeconds(this.clock.now()) });
    try {
      await this.writer.create(file, text);
    } catch (error) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not start {0}: {1}', id, (error as Error).message));
      return undefined;
    }
    await this.store.refreshFile(file, folder);
    await this.current.set(file);
    this.panels.open({ source: file });
    const incident = this.store.index.incidentAt(file);
    return incident ? { source: file, folder: folder.id, incident } : undefined;
  }

  /** An incident already open on a connected platform, when the user picks one; undefined for a new local one. */
  private async pickOpenOnPlatform(): Promise<SyncedIncident | 'cancelled' | undefined> {
    const open = (this.synced?.unlinked(this.store.index.incidents()) ?? []).filter((s) => isLive(s.incident));
    if (open.length === 0) return undefined;
    const picked = await vscode.window.showQuickPick([
      { label: vscode.l10n.t('$(add) New incident in this repository'), synced: undefined },
      { label: vscode.l10n.t('Open on a platform'), kind: vscode.QuickPickItemKind.Separator, synced: undefined },
      ...open.map((s) => ({ label: `${s.incident.id}: ${s.incident.title}`, description: `${s.incident.severity} · ${s.incident.status} · ${PLATFORM_NAMES[s.kind]}`, synced: s })),
    ], { title: vscode.l10n.t('Start Incident'), placeHolder: vscode.l10n.t('A new incident, or one your platform already has open') });
    return picked ? picked.synced : 'cancelled';
  }

  private async startFromPlatform(synced: SyncedIncident, folder: IncidentFolder): Promise<IncidentEntry | undefined> {
    const entry = await addToRepository(this.store, this.writer, synced.incident, folder);
    if (!entry) return undefined;
    await this.current.set(entry.source);
    this.panels.open({ source: entry.source });
    return entry;
  }
}

function startArgs(arg: unknown): StartArgs {
  if (typeof arg !== 'object' || arg === null) return {};
  const { id, title, severity } = arg as Record<string, unknown>;
  return {
    ...(typeof id === 'string' ? { id } : {}),
    ...(typeof title === 'string' ? { title } : {}),
    ...(typeof severity === 'string' ? { severity } : {}),
  };
}
