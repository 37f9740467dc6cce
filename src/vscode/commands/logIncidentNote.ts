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

const KIND_HINTS: Record<NoteKind, string> = {
  observation: 'Something you saw: a graph, a log line, an alert',
  hypothesis: 'What you think is going on',
  action: 'Something you did or are about to do',
  decision: 'What was decided, and by whom',
  resolution: 'What ended the incident',
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
      ?? await pickIncident(this.store, this.current, this.clock, { title: 'Log Incident Note: which incident?', placeHolder: 'No incident is live; log the note to…' });
    if (!entry) return;
    const { id } = entry.incident;

    const found = args.attachSelection === false ? undefined : this.selections.current();
    // A selection in another workspace folder cannot be referenced from this incident's file.
    const selection = found && found.folder.id === entry.folder ? found : undefined;
    const attached = selection ? `${selection.path}:${selection.lines.start}${selection.lines.end !== selection.lines.start ? `-${selection.lines.end}` : ''}` : undefined;

    const kind = args.kind ?? (await vscode.window.showQuickPick(
      NOTE_KINDS.map((k) => ({ label: k, description: KIND_HINTS[k] })),
      { title: `Log Incident Note to ${id} (1/2): kind`, placeHolder: attached ? `Attaches ${attached}` : 'What kind of note?' },
    ))?.label;
    if (!kind || !isKind(kind)) return;

    const text = args.text ?? await vscode.window.showInputBox({
      title: `Log Incident Note to ${id} (2/2): ${kind}`,
      prompt: attached ? `Attaches ${attached}` : 'No code attached: select code in the editor first to attach it.',
      placeHolder: KIND_HINTS[kind],
      validateInput: (value) => (value.trim() ? noteTextProblem(value.trim()) : 'Type the note, or press Escape to cancel.'),
    });
    if (!text?.trim()) return;

    try {
      await this.logger.log(entry, { kind, text, ...(selection ? { selection } : {}) });
    } catch (error) {
      void vscode.window.showErrorMessage(`The note was not logged: ${(error as Error).message}`);
      return;
    }
    vscode.window.setStatusBarMessage(`$(check) Logged ${kind} to ${id}${attached ? ` with ${attached}` : ''}`, 4000);
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
