// Logging a note, wherever it comes from (palette, keybinding, panel): author and commit
// looked up, the note appended through the locked atomic writer, the store refreshed at
// once so every view shows it without waiting for the file watcher.
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import type { IncidentWriter } from '../../adapters/incidentWriter';
import { writeNote } from '../../adapters/noteWriter';
import type { Note, NoteKind } from '../../core/model';
import type { Clock } from '../../core/ports';
import { isoSeconds } from '../../core/time';
import { noteTextProblem } from '../../shared/protocol';
import type { IncidentEntry } from '../tree/incidentNodes';
import { toIncidentFolder } from '../workspaceFolders';
import type { CodeSelection } from './editorSelection';
import { headCommit, noteAuthor } from './gitFacts';
import type { NoteDelivery } from '../platforms/noteDelivery';

export interface NoteRequest {
  kind: NoteKind;
  text: string;
  /** Attached as the note's code reference. */
  selection?: CodeSelection;
}

export class NoteLogger {
  constructor(
    private readonly store: IncidentStore,
    private readonly writer: IncidentWriter,
    private readonly clock: Clock,
    private readonly delivery?: NoteDelivery,
  ) {}

  /** Appends the note to the incident file; throws with a message for the user when it cannot. */
  async log(entry: Pick<IncidentEntry, 'source' | 'folder'>, request: NoteRequest): Promise<Note> {
    if (!vscode.workspace.isTrusted) throw new Error(vscode.l10n.t('This workspace is not trusted: Incident Lens only displays its incidents.'));
    const text = request.text.trim();
    if (!text) throw new Error(vscode.l10n.t('The note is empty.'));
    const tooLong = noteTextProblem(text);
    if (tooLong) throw new Error(tooLong);
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(entry.source));
    const { selection } = request;
    // Code references are relative to the incident's own workspace folder.
    if (selection && selection.folder.id !== entry.folder) {
      throw new Error(vscode.l10n.t('The selection is in another workspace folder than the incident; its code reference would point at the wrong file. Log the note without it.'));
    }
    const [author, commit] = await Promise.all([noteAuthor(folder?.uri.fsPath), selection ? headCommit(selection.folder.root) : undefined]);
    const note: Note = {
      at: isoSeconds(this.clock.now()),
      author,
      kind: request.kind,
      text,
      ...(selection ? { code: { path: selection.path, lines: selection.lines, ...(commit ? { commit } : {}) } } : {}),
    };
    // One parse of the file, off this thread, both proves the note's splice and updates the index (noteWriter.ts).
    if (folder) await writeNote(this.store, this.writer, entry.source, toIncidentFolder(folder), note);
    else await this.writer.edit(entry.source, 'appendNote', note);
    // On disk first, then on its way to the platform: a failed post never loses the note.
    const incident = this.store.index.incidentAt(entry.source);
    if (incident) await this.delivery?.deliver(incident, note, entry.source);
    return note;
  }
}

