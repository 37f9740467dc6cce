// Comment and string syntax of every language the reference grammar is injected into
// (package.json, contributes.grammars[].injectTo), by VS Code language id. Incident ids
// count only inside comments; strings are known so that a `//` or `#` inside one is not
// taken for a comment. Prose languages (Markdown, plain text) have no code: all of it counts.

/** A string literal: what opens and closes it, and how a closing quote is escaped. */
export interface StringSyntax {
  open: string;
  close: string;
  /** `\\` (C family), `` ` `` (PowerShell); absent: no escapes (shell `'`, raw strings). */
  escape?: string;
  /** A doubled close quote stands for itself: SQL and YAML `'it''s'`. */
  doubled?: boolean;
  /** May span lines (template literals, triple quotes). Others end at the line end at the latest. */
  multiline?: boolean;
  /** A character literal: not a string unless it closes within this many characters (Rust's `'a` lifetimes). */
  maxLength?: number;
}

export interface BlockComment {
  open: string;
  close: string;
  /** Haskell `{- {- -} -}`, Rust, Swift, Kotlin, Scala, Julia, Dart: comments nest. */
  nests?: boolean;
  /** Ruby's `=begin`/`=end` only count at the start of a line. */
  atLineStart?: boolean;
}

export interface LineComment {
  open: string;
  /** Batch `REM`: only as the first word of a line, in any case. */
  atLineStart?: boolean;
  ignoreCase?: boolean;
}

export interface CommentSyntax {
  line: LineComment[];
  block: BlockComment[];
  strings: StringSyntax[];
}

const dq: StringSyntax = { open: '"', close: '"', escape: '\\' };
const sq: StringSyntax = { open: "'", close: "'", escape: '\\' };
const backtick: StringSyntax = { open: '`', close: '`', escape: '\\', multiline: true };
const tripleDq: StringSyntax = { open: '"""', close: '"""', escape: '\\', multiline: true };
const tripleSq: StringSyntax = { open: "'''", close: "'''", escape: '\\', multiline: true };
const slashes: LineComment[] = [{ open: '//' }];
const hash: LineComment[] = [{ open: '#' }];
const cBlock: BlockComment[] = [{ open: '/*', close: '*/' }];
const nestedBlock: BlockComment[] = [{ open: '/*', close: '*/', nests: true }];
const html: CommentSyntax = { line: [], block: [{ open: '<!--', close: '-->' }], strings: [dq, sq] };

const C_LIKE: CommentSyntax = { line: slashes, block: cBlock, strings: [dq, sq] };
const JS_LIKE: CommentSyntax = { line: slashes, block: cBlock, strings: [dq, sq, backtick] };
const HASH_ONLY: CommentSyntax = { line: hash, block: [], strings: [dq, sq] };

/** By VS Code language id. */
const SYNTAX: Record<string, CommentSyntax> = {
  typescript: JS_LIKE,
  typescriptreact: JS_LIKE,
  javascript: JS_LIKE,
  javascriptreact: JS_LIKE,
  java: { line: slashes, block: cBlock, strings: [tripleDq, dq, sq] },
  kotlin: { line: slashes, block: nestedBlock, strings: [{ open: '"""', close: '"""', multiline: true }, dq, sq] },
  scala: { line: slashes, block: nestedBlock, strings: [{ open: '"""', close: '"""', multiline: true }, dq, { ...sq, maxLength: 8 }] },
  csharp: { line: slashes, block: cBlock, strings: [{ open: '@"', close: '"', doubled: true, multiline: true }, { open: '"""', close: '"""', multiline: true }, dq, sq] },
  c: C_LIKE,
  cpp: { line: slashes, block: cBlock, strings: [{ open: 'R"(', close: ')"', multiline: true }, dq, sq] },
  'objective-c': C_LIKE,
  'objective-cpp': C_LIKE,
  swift: { line: slashes, block: nestedBlock, strings: [tripleDq, dq] },
  dart: { line: slashes, block: nestedBlock, strings: [tripleDq, tripleSq, dq, sq] },
  go: { line: slashes, block: cBlock, strings: [dq, sq, { open: '`', close: '`', multiline: true }] },
  rust: { line: slashes, block: nestedBlock, strings: [{ ...dq, multiline: true }, { ...sq, maxLength: 12 }] },
  python: { line: hash, block: [], strings: [tripleDq, tripleSq, dq, sq] },
  ruby: { line: hash, block: [{ open: '=begin', close: '=end', atLineStart: true }], strings: [dq, sq] },
  php: { line: [...slashes, ...hash], block: cBlock, strings: [dq, sq] },
  perl: HASH_ONLY,
  lua: { line: [{ open: '--' }], block: [{ open: '--[[', close: ']]' }], strings: [dq, sq, { open: '[[', close: ']]', multiline: true }] },
  shellscript: { line: hash, block: [], strings: [dq, { open: "'", close: "'" }] },
  powershell: { line: hash, block: [{ open: '<#', close: '#>' }], strings: [{ open: '"', close: '"', escape: '`' }, { open: "'", close: "'", doubled: true }] },
  yaml: { line: hash, block: [], strings: [dq, { open: "'", close: "'", doubled: true }] },
  toml: { line: hash, block: [], strings: [tripleDq, { open: "'''", close: "'''", multiline: true }, dq, { open: "'", close: "'" }] },
  ini: { line: [{ open: ';' }, { open: '#' }], block: [], strings: [dq] },
  properties: { line: [{ open: '#' }, { open: '!' }], block: [], strings: [] },
  sql: { line: [{ open: '--' }], block: cBlock, strings: [{ open: "'", close: "'", doubled: true }, { open: '"', close: '"', doubled: true }] },
  css: { line: [], block: cBlock, strings: [dq, sq] },
  scss: C_LIKE,
  less: C_LIKE,
  html,
  xml: html,
  dockerfile: HASH_ONLY,
  makefile: { line: hash, block: [], strings: [] },
  elixir: { line: hash, block: [], strings: [tripleDq, dq] },
  erlang: { line: [{ open: '%' }], block: [], strings: [dq] },
  clojure: { line: [{ open: ';' }], block: [], strings: [dq] },
  fsharp: { line: slashes, block: [{ open: '(*', close: '*)' }], strings: [tripleDq, dq] },
  haskell: { line: [{ open: '--' }], block: [{ open: '{-', close: '-}', nests: true }], strings: [dq] },
  r: { line: hash, block: [], strings: [dq, sq] },
  julia: { line: hash, block: [{ open: '#=', close: '=#', nests: true }], strings: [tripleDq, dq] },
  groovy: { line: slashes, block: cBlock, strings: [tripleDq, tripleSq, dq, sq] },
  terraform: { line: [...hash, ...slashes], block: cBlock, strings: [dq] },
  hcl: { line: [...hash, ...slashes], block: cBlock, strings: [dq] },
  proto: C_LIKE,
  proto3: C_LIKE,
  graphql: { line: hash, block: [], strings: [tripleDq, dq] },
  vue: { line: slashes, block: [...html.block, ...cBlock], strings: [dq, sq, backtick] },
  svelte: { line: slashes, block: [...html.block, ...cBlock], strings: [dq, sq, backtick] },
  zig: { line: slashes, block: [], strings: [dq, { ...sq, maxLength: 12 }] },
  nix: { line: hash, block: cBlock, strings: [dq, { open: "''", close: "''", multiline: true }] },
  coffeescript: { line: hash, block: [{ open: '###', close: '###' }], strings: [tripleDq, dq, sq] },
  bat: { line: [{ open: 'rem', atLineStart: true, ignoreCase: true }, { open: '::', atLineStart: true }], block: [], strings: [dq] },
};

/** Languages that are all prose: an id anywhere in them is a reference. */
const PROSE = new Set(['plaintext', 'markdown', 'git-commit', 'restructuredtext', 'asciidoc']);

/**
 * The comment syntax of a VS Code language id; `'prose'` when the whole text counts;
 * undefined for languages whose comments are not known (no references are found there,
 * since code cannot be told from comments).
 */
export function commentSyntaxOf(languageId: string): CommentSyntax | 'prose' | undefined {
  if (PROSE.has(languageId)) return 'prose';
  return Object.hasOwn(SYNTAX, languageId) ? SYNTAX[languageId] : undefined;
}

/** Every language id with a known comment syntax (for tests against the grammar's injectTo list). */
export const COMMENTED_LANGUAGES: readonly string[] = Object.keys(SYNTAX);
