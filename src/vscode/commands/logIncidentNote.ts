// "Log Incident Note…" (Ctrl+Alt+N / Cmd+Alt+N): pick the kind, type the text, and the note
// is in the incident file. The editor's selection, when there is one, goes with it as a code
// reference. It goes to the current live incident; with none, the user says which.
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import { NOTE_KINDS, type NoteKind } from '../../core/model';
import type { Clock } from '../../core/ports';
import type { CurrentIncident } from '../notes/currentIncident';
import type { SelectionTracker } from '../notes/editorSelection';
import { entryFromArg, pickIncident } from '../notes/incidentPick';
import type { NoteLogger } from '../notes/noteLogger';
import type { Command } from './command';
import { noteTextProblem } from '../../shared/protocol';

// Getters: each hint is translated when read, once the extension's l10n bundle is loaded.
const KIND_HINTS: Record<NoteKind, string> = {
  get observation() { return vscode.l10n.t('Something you saw: a graph, a log line, an alert'); },
  get hypothesis() { return vscode.l10n.t('What you think is going on'); },
  get action() { return vscode.l10n.t('Something you did or are about to do'); },
  get decision() { return vscode.l10n.t('What was decided, and by whom'); },
  get resolution() { return vscode.l10n.t('What ended the incident'); },
};

/** Arguments skip the questions they answer, e.g. a keybinding with `{ "kind": "action" }`. */
interface LogArgs {
  incident?: unknown;
  kind?: NoteKind;
  text?: string;
  attachSelection?: boolean;
}

export class LogIncidentNoteCommand implements Command {
  readonly id = 'incidentLens.logIncidentNote';
  readonly requiresTrust = true;

  constructor(
    private readonly store: IncidentStore,
    private readonly clock: Clock,
    private readonly current: CurrentIncident,
    private readonly selections: SelectionTracker,
    private readonly logger: NoteLogger,
  ) {}

  async execute(arg?: unknown): Promise<void> {
    const args = logArgs(arg);
    const entry = entryFromArg(this.store, args.incident ?? arg) ?? this.current.entry()
      ?? await pickIncident(this.store, this.current, this.clock, { title: vscode.l10n.t('Log Incident Note: which incident?'), placeHolder: vscode.l10n.t('No incident is live; log the note to…') });
    if (!entry) return;
    const { id } = entry.incident;

    const found = args.attachSelection === false ? undefined : this.selections.current();
    // A selection in another workspace folder cannot be referenced from this incident's file.
    const selection = found && found.folder.id === entry.folder ? found : undefined;
    const attached = selection ? `${selection.path}:${selection.lines.start}${selection.lines.end !== selection.lines.start ? `-${selection.lines.end}` : ''}` : undefined;

    const kind = args.kind ?? (await vscode.window.showQuickPick(
      NOTE_KINDS.map((k) => ({ label: k, description: KIND_HINTS[k] })),
      { title: vscode.l10n.t('Log Incident Note to {0} (1/2): kind', id), placeHolder: attached ? vscode.l10n.t('Attaches {0}', attached) : vscode.l10n.t('What kind of note?') },
    ))?.label;
    if (!kind || !isKind(kind)) return;

    const text = args.text ?? await vscode.window.showInputBox({
      title: vscode.l10n.t('Log Incident Note to {0} (2/2): {1}', id, kind),
      prompt: attached ? vscode.l10n.t('Attaches {0}', attached) : vscode.l10n.t('No code attached: select code in the editor first to attach it.'),
      placeHolder: KIND_HINTS[kind],
      validateInput: (value) => (value.trim() ? noteTextProblem(value.trim()) : vscode.l10n.t('Type the note, or press Escape to cancel.')),
    });
    if (!text?.trim()) return;

    try {
      await this.logger.log(entry, { kind, text, ...(selection ? { selection } : {}) });
    } catch (error) {
      void vscode.window.showErrorMessage(vscode.l10n.t('The note was not logged: {0}', (error as Error).message));
      return;
    }
    vscode.window.setStatusBarMessage(attached ? vscode.l10n.t('$(check) Logged {0} to {1} with {2}', kind, id, attached) : vscode.l10n.t('$(check) Logged {0} to {1}', kind, id), 4000);
  }
}

function logArgs(arg: unknown): LogArgs {
  if (typeof arg !== 'object' || arg === null || arg instanceof vscode.Uri) return {};
  const { incident, kind, text, attachSelection } = arg as Record<string, unknown>;
  return {
    ...(incident !== undefined ? { incident } : {}),
    ...(isKind(kind) ? { kind } : {}),
    ...(typeof text === 'string' ? { text } : {}),
    ...(typeof attachSelection === 'boolean' ? { attachSelection } : {}),
  };
}

function isKind(value: unknown): value is NoteKind {
  return typeof value === 'string' && (NOTE_KINDS as readonly string[]).includes(value);
}
