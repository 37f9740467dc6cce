// JavaScript and TypeScript frames (Node, V8/Chrome, Firefox, Safari, Edge) through the
// `stacktrace-parser` package, which reads one line at a time. Its JavaScriptCore pattern
// takes any `something:12` as a frame, so a line is offered to it only when it looks like a
// frame (`at ...`, or `function@location`), and a result is kept only when its file looks
// like a path or URL; "retrying at 10:30" in a log line is not a frame. The package's
// patterns backtrack on lines full of `(` or `@` (milliseconds per line), so only lines
// shaped like a real frame reach them: at most 500 characters, a few `(` and `@`, and a
// line number at the end. The package loads on the first line shaped like a frame: in the
// extension, a chunk of its own (scripts/bundleBudget.mjs).
import { positive, type FrameReader } from './frame';

const FRAME_SHAPE = /^\s*at\s|@/;
const ENDS_WITH_LINE = /:\d+\)?\s*$/;
const MAX_JS_LINE = 500;

export const readJavaScriptFrame: FrameReader = (line) => {
  if (line.length > MAX_JS_LINE || !FRAME_SHAPE.test(line) || !ENDS_WITH_LINE.test(line) || count(line, '(') > 8 || count(line, '@') > 4) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  const { parse } = require('stacktrace-parser') as typeof import('stacktrace-parser');
  const [frame] = parse(line);
  if (!frame?.file || !looksLikeLocation(frame.file)) return undefined;
  const line1 = positive(frame.lineNumber === null ? undefined : String(frame.lineNumber));
  if (line1 === undefined) return undefined;
  const column = positive(frame.column === null ? undefined : String(frame.column));
  const fn = frame.methodName && frame.methodName !== '<unknown>' ? frame.methodName.replace(/^async /, '').trim() : undefined;
  return { file: frame.file, line: line1, ...(column !== undefined ? { column } : {}), ...(fn ? { function: fn } : {}) };
};

function looksLikeLocation(file: string): boolean {
  if (/^[a-z][\w+.-]*:/i.test(file)) return true; // file:, webpack:, http:, node:, C:
  if (/[/\\]/.test(file)) return !/:\s/.test(file);
  return /^[\w.-]+\.[A-Za-z]\w*$/.test(file); // a bare `app.js`
}

function count(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) n++;
  return n;
}
