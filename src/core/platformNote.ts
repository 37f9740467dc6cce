// The text a note is posted with to an incident platform's timeline: its kind, author and
// text, the code it points at (with the web permalink where the repository's host is known),
// and the deep link that opens the note in the reader's own editor (src/core/deepLinks.ts).
import type { Note } from './model';

export interface PlatformNoteLinks {
  /** The code reference's web permalink (GitHub, GitLab, Bitbucket), when the host is known. */
  codeUrl?: string;
  /** `vscode://incident-lens.incident-lens/open?incident=INC-142&note=3`. */
  editorUrl?: string;
}

/**
 * `[observation] (alice) p99 is back` then, each on its own line, the code reference
 * (`src/a.ts:10-12 @ <commit>` and its permalink) and `Open in your editor: <deep link>`.
 * Plain text: every platform shows it as written.
 */
export function platformNoteText(note: Note, links: PlatformNoteLinks = {}): string {
  const code = note.code
    ? `\n${note.code.path}${note.code.lines ? `:${note.code.lines.start}-${note.code.lines.end}` : ''}${note.code.commit ? ` @ ${note.code.commit.slice(0, 12)}` : ''}${links.codeUrl ? ` ${links.codeUrl}` : ''}`
    : '';
  const editor = links.editorUrl ? `\nOpen in your editor: ${links.editorUrl}` : '';
  const author = note.author ? ` (${note.author})` : '';
  return `[${note.kind}]${author} ${note.text}${code}${editor}`;
}
