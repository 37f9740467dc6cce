// Logging a note into an incident file that may hold thousands of links, at the cost of one parse.
// The note is spliced in by reading lines (appendNoteByLines, run by the writer's editor: the
// parse worker in the extension), the result is parsed once, by the
// store's own parser (a worker thread in the extension), and that parse both proves the splice
// (the incident as the store knew it, plus exactly this note) and becomes the store's entry for
// the file; the watcher's echo of the write is not parsed again (IncidentStore.applyWritten).
// Anything the line reader does not recognise, or a file the store knew otherwise, takes the
// whole-document edit (appendNote) instead, which parses the file before it as well.
import { isDeepStrictEqual } from 'node:util';
import type { Incident, Note, Problem } from '../core/model';
import type { ParsedIncident } from '../core/parseIncident';
import { TimeSlices } from './indexCache';
import type { IncidentFolder, IncidentStore } from './incidentStore';
import type { IncidentWriter } from './incidentWriter';

/** Which way the note went in: by lines (one parse), or through the whole document (two). */
export type NotePath = 'lines' | 'document';

/**
 * Appends `note` to the incident `file` of `folder` under the writer's lock, and leaves the store
 * holding the file as written. Throws, changing nothing, when the file cannot take the note (the
 * errors of appendNote and IncidentWriter.update).
 */
export async function writeNote(store: IncidentStore, writer: IncidentWriter, file: string, folder: IncidentFolder, note: Note): Promise<NotePath> {
  let parsed: ParsedIncident | undefined;
  let path: NotePath = 'document';
  const text = await writer.update(file, async (current) => {
    const before = store.index.incidentAt(file);
    // Where the writer's editor runs it (the parse worker in the extension): it reads every line of the notes list.
    const byLines = before ? await writer.editor.edit('appendNoteByLines', current, [note]) : current;
    if (before && byLines !== current) {
      const result = await store.parseText(byLines, folder.id);
      if (result.incident && await isNoteAdded(before, store.problems().get(file) ?? [], result, note)) {
        parsed = result;
        path = 'lines';
        return byLines;
      }
    }
    // The whole-document edit parses the file: where the writer's editor runs it (the parse worker in the extension).
    const next = await writer.editor.edit('appendNote', current, [note]);
    parsed = await store.parseText(next, folder.id);
    path = 'document';
    return next;
  });
  if (parsed) store.applyWritten(file, folder, text, parsed);
  return path;
}

/** Work this long at most between yields while comparing (a file may hold 10,000 links: 20 ms of comparing). */
const SLICE_MS = 10;

/**
 * `after` is `before` with `note` appended as its last note, and the same problems (their places
 * aside). Links and notes are compared one by one, yielding to the event loop every SLICE_MS.
 */
async function isNoteAdded(before: Incident, beforeProblems: readonly Problem[], after: ParsedIncident, note: Note): Promise<boolean> {
  const incident = after.incident;
  const added = incident?.notes.at(-1);
  if (!incident || !added || !sameNote(added, note)) return false;
  const notes = incident.notes.slice(0, -1);
  if (incident.links.length !== before.links.length || notes.length !== before.notes.length) return false;
  if (!isDeepStrictEqual({ ...incident, links: [], notes: [] }, { ...before, links: [], notes: [] })) return false;
  const slices = new TimeSlices(SLICE_MS);
  for (const [mine, theirs] of [[incident.links, before.links], [notes, before.notes]] as const) {
    for (let i = 0; i < mine.length; i++) {
      if (!isDeepStrictEqual(mine[i], theirs[i])) return false;
      if (i % 256 === 255 && slices.due) await slices.next();
    }
  }
  const messages = (problems: readonly Problem[]) => problems.map((p) => `${p.severity} ${p.message}`).sort();
  return isDeepStrictEqual(messages(after.problems), messages(beforeProblems));
}

function sameNote(parsed: Note, note: Note): boolean {
  const code = (n: Note) => n.code && [n.code.path.replace(/^\.\//, ''), n.code.lines?.start, n.code.lines?.end, n.code.commit];
  return parsed.at === note.at && parsed.kind === note.kind && parsed.text === note.text && parsed.author === note.author && isDeepStrictEqual(code(parsed), code(note));
}
