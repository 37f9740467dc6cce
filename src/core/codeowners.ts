// CODEOWNERS as GitHub reads it: one rule per line (a pattern, then owners), the last matching
// rule wins, a rule without owners makes a path unowned. Patterns follow gitignore's syntax
// minus what GitHub does not support (`!` negation, `[ ]` classes, a leading `\#`): such a line
// is reported with its line number and skipped, never guessed at. Matching is case-sensitive.
//
// No npm package was both maintained and faithful to these rules (the ones published apply
// gitignore semantics through `ignore`, negation included, or shell out to git), so this is a
// small parser of its own, tested against a pattern table.

/** Where GitHub looks, in order; the first file found is the only one read. */
export const CODEOWNERS_LOCATIONS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'] as const;
const MAX_LINES = 10_000;
const MAX_LINE = 4_096;

export interface CodeownersRule {
  pattern: string;
  /** `@user`, `@org/team` or an email, as written. */
  owners: string[];
  /** 1-based line in the file. */
  line: number;
  regex: RegExp;
}

export interface CodeownersProblem {
  line: number;
  message: string;
}

export interface Codeowners {
  rules: CodeownersRule[];
  problems: CodeownersProblem[];
}

/** Parses a CODEOWNERS file; bad lines become problems and are skipped. */
export function parseCodeowners(text: string): Codeowners {
  const rules: CodeownersRule[] = [];
  const problems: CodeownersProblem[] = [];
  text.split(/\r?\n/).slice(0, MAX_LINES).forEach((raw, index) => {
    const line = index + 1;
    const content = stripComment(raw).trim();
    if (content === '') return;
    if (content.length > MAX_LINE) return problems.push({ line, message: 'Line too long; skipped.' });
    const [pattern, ...owners] = content.split(/\s+/) as [string, ...string[]];
    const reason = unsupported(pattern);
    if (reason) return problems.push({ line, message: `"${pattern}": ${reason}; the line is skipped.` });
    const badOwner = owners.find((owner) => !/^@[\w.-]+(?:\/[\w.-]+)?$/.test(owner) && !/^[^@\s]+@[^@\s]+$/.test(owner));
    if (badOwner) return problems.push({ line, message: `"${badOwner}" is not an owner (@user, @org/team or an email); the line is skipped.` });
    rules.push({ pattern, owners, line, regex: patternRegex(pattern) });
  });
  return { rules, problems };
}

/** The rule that decides `path` (folder-relative, forward slashes): the last one matching. */
export function ownersOf(codeowners: Codeowners, path: string): CodeownersRule | undefined {
  for (let i = codeowners.rules.length - 1; i >= 0; i--) {
    const rule = codeowners.rules[i] as CodeownersRule;
    if (rule.regex.test(path)) return rule;
  }
  return undefined;
}

/** A `#` starts a comment at the line's start or after whitespace; `\#` is a literal `#`. */
function stripComment(line: string): string {
  const match = /(^|\s)#/.exec(line);
  return match ? line.slice(0, match.index) : line;
}

function unsupported(pattern: string): string | undefined {
  if (pattern.startsWith('!')) return 'negation with "!" is not supported by CODEOWNERS';
  if (/[[\]]/.test(pattern)) return 'character ranges with "[ ]" are not supported by CODEOWNERS';
  if (pattern.startsWith('\\#')) return 'a pattern starting with "\\#" is not supported by CODEOWNERS';
  return undefined;
}

/**
 * gitignore-style pattern to a RegExp over a whole path. A pattern with no slash but a trailing
 * one matches at any depth; a leading or inner slash anchors it at the root. A match on a
 * directory covers everything below it; a trailing slash matches only below; a last segment
 * of a lone `*` matches direct children only.
 */
export function patternRegex(pattern: string): RegExp {
  let body = pattern;
  const dirOnly = body.endsWith('/');
  if (dirOnly) body = body.replace(/\/+$/, '');
  const anchored = body.includes('/');
  body = body.replace(/^\/+/, '');
  const segments = body.split('/').filter((s) => s !== '');
  const last = segments.length - 1;
  let source = anchored ? '^' : '^(?:.+/)?';
  segments.forEach((segment, i) => {
    if (segment === '**') source += i === last ? '.+' : '(?:.+/)?';
    else source += globSegment(segment) + (i < last ? '/' : '');
  });
  if (segments[last] === '**') source += '$';
  else if (dirOnly) source += '/.+$';
  else if (segments[last] === '*' && anchored) source += '$';
  else source += '(?:/.+)?$';
  return new RegExp(source);
}

function globSegment(segment: string): string {
  let out = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i] as string;
    if (c === '\\' && i + 1 < segment.length) out += escape(segment[++i] as string);
    else if (c === '*') {
      out += '[^/]*';
      while (segment[i + 1] === '*') i++;
    } else if (c === '?') out += '[^/]';
    else out += escape(c);
  }
  return out;
}

function escape(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}
