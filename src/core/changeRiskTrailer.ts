// The commit trailer that records which incidents a change touches
// (`Incident-Risk: INC-142, INC-157`), added to a commit message the way git's own
// trailers sit: in the message's last paragraph, one `Name: value` per line.

export const DEFAULT_TRAILER = 'Incident-Risk';
const TRAILER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;
const TRAILER_LINE = /^[A-Za-z0-9][A-Za-z0-9-]*:\s/;

/** `name` when git would read it as a trailer token, else the default. */
export function trailerName(name: string | undefined): string {
  const trimmed = name?.trim() ?? '';
  return TRAILER_NAME.test(trimmed) ? trimmed : DEFAULT_TRAILER;
}

/**
 * `message` with `<name>: <ids, comma-separated>` as a trailer: an earlier line with the same
 * name (any case) is replaced; otherwise the line joins the trailer paragraph at the end of
 * the message, or starts one after a blank line. An empty message gets two blank lines
 * first, so the subject is still to be written on line 1. No ids: the message unchanged.
 */
export function withTrailer(message: string, name: string, ids: readonly string[]): string {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return message;
  const token = trailerName(name);
  const line = `${token}: ${unique.join(', ')}`;
  const body = message.replace(/\s+$/, '');
  if (body === '') return `\n\n${line}`;
  // The last paragraph starts after the last blank line; everything before it stays byte for byte.
  let start = -1;
  for (const match of body.matchAll(/\n[ \t]*\n/g)) start = (match.index ?? 0) + match[0].length;
  const last = start === -1 ? [] : body.slice(start).split('\n');
  const isTrailerBlock = start !== -1 && last.every((l) => TRAILER_LINE.test(l));
  if (!isTrailerBlock) return `${body}\n\n${line}`;
  const same = last.findIndex((l) => l.toLowerCase().startsWith(`${token.toLowerCase()}:`));
  if (same === -1) last.push(line);
  else last[same] = line;
  return body.slice(0, start) + last.join('\n');
}
