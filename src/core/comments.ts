// Where the comments of a source text are: one pass, left to right, that knows strings
// (so `"http://x"` or `"#fff"` opens no comment) and comments (so a quote inside one opens
// no string). Linear in the text; a string that is not closed ends at its line's end unless
// the language lets it span lines, so one odd quote costs one line at most.
import type { BlockComment, CommentSyntax, LineComment, StringSyntax } from './commentSyntax';

/** A comment's text span: [start, end) offsets into the text, delimiters included. */
export type Span = readonly [number, number];

type Token =
  | { kind: 'line'; syntax: LineComment; open: string }
  | { kind: 'block'; syntax: BlockComment; open: string }
  | { kind: 'string'; syntax: StringSyntax; open: string };

/** The comments in `text`, in order, none overlapping. */
export function commentSpans(text: string, syntax: CommentSyntax): Span[] {
  const tokens = tokensOf(syntax);
  // Jump from one possible opener to the next with a fixed character class (native, linear).
  const firsts = new Set(tokens.flatMap((t) => [t.open[0]?.toLowerCase() ?? '', t.open[0]?.toUpperCase() ?? '']));
  const next = new RegExp(`[${[...firsts].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}]`, 'g');
  const spans: Span[] = [];
  let i = 0;
  while (i < text.length) {
    next.lastIndex = i;
    const found = next.exec(text);
    if (!found) break;
    i = found.index;
    const token = tokens.find((t) => opensAt(text, i, t));
    if (!token) {
      i++;
      continue;
    }
    if (token.kind === 'line') {
      const end = lineEnd(text, i);
      spans.push([i, end]);
      i = end;
    } else if (token.kind === 'block') {
      const end = blockEnd(text, i, token.syntax);
      spans.push([i, end]);
      i = end;
    } else {
      i = stringEnd(text, i, token.syntax);
    }
  }
  return spans;
}

/** Longest opener first, so `"""` wins over `"` and Lua's `--[[` over `--`. */
function tokensOf(syntax: CommentSyntax): Token[] {
  const tokens: Token[] = [
    ...syntax.line.map((s) => ({ kind: 'line' as const, syntax: s, open: s.open })),
    ...syntax.block.map((s) => ({ kind: 'block' as const, syntax: s, open: s.open })),
    ...syntax.strings.map((s) => ({ kind: 'string' as const, syntax: s, open: s.open })),
  ];
  return tokens.sort((a, b) => b.open.length - a.open.length);
}

function opensAt(text: string, i: number, token: Token): boolean {
  const { open } = token;
  const ignoreCase = token.kind === 'line' && token.syntax.ignoreCase;
  if (ignoreCase ? text.slice(i, i + open.length).toLowerCase() !== open.toLowerCase() : !text.startsWith(open, i)) return false;
  if (token.kind !== 'string' && token.syntax.atLineStart) {
    if (!/^[ \t]*$/.test(text.slice(text.lastIndexOf('\n', i - 1) + 1, i))) return false;
    // `REM` is a word: `remove` is not a comment.
    if (/^[A-Za-z]/.test(open) && /[A-Za-z0-9_]/.test(text[i + open.length] ?? '')) return false;
  }
  if (token.kind === 'string' && token.syntax.maxLength !== undefined) return isCharLiteral(text, i, token.syntax);
  return true;
}

/** `'x'`, `'\n'`, `'\u{1F600}'`: but not Rust's lifetime `'a` in `<'a>(x: &'a str)`. */
function isCharLiteral(text: string, i: number, syntax: StringSyntax): boolean {
  const max = syntax.maxLength ?? 0;
  const body = i + syntax.open.length;
  if (syntax.escape && text.startsWith(syntax.escape, body)) {
    const close = text.indexOf(syntax.close, body + syntax.escape.length + 1);
    return close >= 0 && close - i < max && !text.slice(i, close).includes('\n');
  }
  const next = text.codePointAt(body);
  if (next === undefined) return false;
  const width = next > 0xffff ? 2 : 1;
  return text.startsWith(syntax.close, body + width) && text[body] !== '\n';
}

function lineEnd(text: string, i: number): number {
  const end = text.indexOf('\n', i);
  if (end < 0) return text.length;
  return text[end - 1] === '\r' ? end - 1 : end;
}

function blockEnd(text: string, start: number, syntax: BlockComment): number {
  let depth = 1;
  let i = start + syntax.open.length;
  while (i < text.length) {
    if (text.startsWith(syntax.close, i) && (!syntax.atLineStart || atLineStart(text, i))) {
      depth--;
      i += syntax.close.length;
      if (depth === 0) return syntax.atLineStart ? lineEnd(text, i) : i;
    } else if (syntax.nests && text.startsWith(syntax.open, i)) {
      depth++;
      i += syntax.open.length;
    } else {
      i++;
    }
  }
  return text.length;
}

function atLineStart(text: string, i: number): boolean {
  return i === 0 || text[i - 1] === '\n';
}

function stringEnd(text: string, start: number, syntax: StringSyntax): number {
  let i = start + syntax.open.length;
  while (i < text.length) {
    if (syntax.escape && text.startsWith(syntax.escape, i)) {
      i += syntax.escape.length + 1;
      continue;
    }
    if (text.startsWith(syntax.close, i)) {
      if (syntax.doubled && text.startsWith(syntax.close, i + syntax.close.length)) {
        i += syntax.close.length * 2;
        continue;
      }
      return i + syntax.close.length;
    }
    if (text[i] === '\n' && !syntax.multiline) return i;
    i++;
  }
  return text.length;
}
