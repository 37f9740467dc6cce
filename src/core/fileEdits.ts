// The edits to an incident file's text, by name, so that they can run where the caller names
// them: in the extension, in the parse worker (incidentParser.ts), since each parses the whole
// file (a second for a file of 10,000 links) and the extension host must not wait that long;
// on the command line, on its own thread. Each is text and plain data in, text out, and throws
// an Error whose message the user can read (incidentEdits.ts, reviewEdits.ts).
import { addLink, appendNote, appendNoteByLines, indexOfLink, removeLink, replaceLinkPaths, setStatus, updateLink, type LinkChanges } from './incidentEdits';
import type { Link, Note } from './model';
import { addFollowUp, addLesson, setFollowUpStatus } from './reviewEdits';

/** Thrown (as `code`) by removeLinkOf when the link is no longer in the file. */
export const LINK_GONE = 'ELINKGONE';

/** One link to change (repairLinks): the link as indexed, and the fields to set (undefined: removed). */
export interface LinkRepair {
  link: Pick<Link, 'path' | 'lines' | 'symbol' | 'role'>;
  changes: LinkChanges;
}

export const FILE_EDITS = {
  appendNote,
  /**
   * appendNoteByLines, or `text` unchanged when the line reader does not recognise the layout (the
   * caller then takes appendNote). It reads every line of the `notes:` list: 1 MiB of them took the
   * extension host about 100 ms, so it runs where the other edits run.
   */
  appendNoteByLines(text: string, note: Note): string {
    return appendNoteByLines(text, note) ?? text;
  },
  addLink,
  replaceLinkPaths,
  setStatus,
  addLesson,
  addFollowUp,
  setFollowUpStatus,
  /** Removes `link` (as indexed) from the file; throws an error with code LINK_GONE when it is not there. */
  removeLinkOf(text: string, link: Pick<Link, 'path' | 'lines' | 'symbol' | 'role'>): string {
    const index = indexOfLink(text, link);
    if (index === -1) throw Object.assign(new Error('The link is no longer in the file (changed elsewhere?).'), { code: LINK_GONE });
    return removeLink(text, index);
  },
  /** Applies each repair to its link, found again in the text; a link no longer in the file is left alone. */
  repairLinks(text: string, repairs: readonly LinkRepair[]): string {
    return repairs.reduce((current, { link, changes }) => {
      const index = indexOfLink(current, link);
      return index === -1 ? current : updateLink(current, index, changes);
    }, text);
  },
};

export type FileEdits = typeof FILE_EDITS;
export type FileEditName = keyof FileEdits;
/** The arguments of an edit after the file's text. */
export type FileEditArgs<K extends FileEditName> = FileEdits[K] extends (text: string, ...args: infer A) => string ? A : never;

/** Applies the edit `name` to `text` on this thread. */
export function applyFileEdit<K extends FileEditName>(name: K, text: string, args: FileEditArgs<K>): string {
  const edit = FILE_EDITS[name] as (text: string, ...args: unknown[]) => string;
  if (typeof edit !== 'function' || !Object.hasOwn(FILE_EDITS, name)) throw new Error(`Unknown edit "${String(name)}".`);
  return edit(text, ...(args as unknown[]));
}
