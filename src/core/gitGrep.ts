// Which commits git itself lets through to mining: `git log --grep` runs in C on every commit of
// the history, so the narrower its filter, the fewer commits are printed and diffed. A commit
// can name an incident only when its message holds a keyword stem (KEYWORD_STEMS) and an id;
// when the reference patterns translate to POSIX extended regexps, git checks both
// (`--all-match`), else the stems alone. Either filter lets through at least every commit that
// incidentMentions names an incident in: the translation may match more, never less.
import { KEYWORD_STEMS } from './gitMining';

const CLASS_ESCAPES: Record<string, string> = { d: '0-9', w: '[:alnum:]_', s: '[:space:]' };
/** Characters that stand for themselves in both syntaxes, outside a class and escaped or not. */
const PLAIN = /^[A-Za-z0-9 _:#/@!%&=~,;'"<>`-]$/;
/** Characters ERE gives a meaning to: written escaped when the pattern escaped them. */
const ERE_SPECIAL = '.[]{}()*+?|^$\\';
/** Zero-width assertions: dropped, which only widens what matches. */
const ASSERTIONS = new Set(['\\b', '\\B', '\\A', '\\z', '^', '$']);

/**
 * `git log` arguments selecting the commits whose message may name an incident found by
 * `references` (RE2 sources, config.yaml `references`): case-insensitive, the stems and the
 * ids both required when every pattern translates (toExtendedRegexp), else the stems alone.
 */
export function candidateGrepArgs(references: readonly string[]): string[] {
  const ids = references.map(toExtendedRegexp);
  if (ids.length === 0 || ids.some((id) => id === undefined)) {
    return ['--regexp-ignore-case', '--fixed-strings', ...KEYWORD_STEMS.map((stem) => `--grep=${stem}`)];
  }
  return ['--regexp-ignore-case', '--extended-regexp', '--all-match', `--grep=${KEYWORD_STEMS.join('|')}`, `--grep=${ids.map((id) => `(${id})`).join('|')}`];
}

/**
 * A POSIX extended regexp matching, line by line, at least every text an RE2 `source` matches
 * within a line; undefined for anything outside the plain subset that translates exactly:
 * ASCII literals, `\d \w \s`, classes of those and ranges, groups, alternation, quantifiers.
 * `.` and negated classes are refused (git may compare bytes where RE2 compares characters),
 * as are flags, lookaround, backreferences and non-ASCII text. Assertions are dropped.
 */
export function toExtendedRegexp(source: string): string | undefined {
  let out = '';
  /** Per open group: whether the current alternative has an atom yet. */
  const groups: boolean[] = [];
  let hasAtom = false;
  let canRepeat = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    const two = source.slice(i, i + 2);
    if (ASSERTIONS.has(two) || ASSERTIONS.has(c)) {
      if (two.length === 2 && ASSERTIONS.has(two)) i++;
      canRepeat = false;
    } else if (c === '\\') {
      const next = source[i + 1];
      if (next === undefined) return undefined;
      i++;
      if (CLASS_ESCAPES[next]) out += `[${CLASS_ESCAPES[next]}]`;
      else if (ERE_SPECIAL.includes(next)) out += `\\${next}`;
      else if (PLAIN.test(next) && !/[A-Za-z0-9]/.test(next)) out += next;
      else return undefined;
      hasAtom = canRepeat = true;
    } else if (c === '[') {
      const end = source.indexOf(']', i + 1);
      const set = end < 0 ? undefined : bracket(source.slice(i + 1, end));
      if (set === undefined) return undefined;
      out += set;
      i = end;
      hasAtom = canRepeat = true;
    } else if (c === '(') {
      if (source[i + 1] === '?') {
        if (source[i + 2] !== ':') return undefined;
        i += 2;
      }
      groups.push(hasAtom);
      out += '(';
      hasAtom = canRepeat = false;
    } else if (c === ')') {
      if (groups.length === 0 || !hasAtom) return undefined;
      groups.pop();
      out += ')';
      hasAtom = canRepeat = true;
    } else if (c === '|') {
      if (!hasAtom) return undefined;
      out += '|';
      hasAtom = canRepeat = false;
    } else if (c === '*' || c === '+' || c === '?' || c === '{') {
      if (!canRepeat) return undefined;
      const counted = c === '{' ? /^\{(\d{1,3})(?:,(\d{0,3}))?\}/.exec(source.slice(i)) : [c];
      if (!counted || Number(counted[1] ?? 0) > Number(counted[2] || Infinity)) return undefined;
      out += counted[0];
      i += counted[0].length - 1;
      // A lazy quantifier matches wherever the greedy one does.
      if (source[i + 1] === '?') i++;
      canRepeat = false;
    } else if (PLAIN.test(c)) {
      out += c;
      hasAtom = canRepeat = true;
    } else {
      return undefined;
    }
  }
  return groups.length === 0 && hasAtom ? out : undefined;
}

/** A class's inside (`A-Z\d`) as an ERE bracket expression, or undefined. */
function bracket(inside: string): string | undefined {
  if (inside === '' || inside.startsWith('^')) return undefined;
  let items = '';
  let hyphen = false;
  for (let i = 0; i < inside.length; i++) {
    const c = inside[i] as string;
    if (c === '\\') {
      const next = inside[++i];
      if (next === undefined) return undefined;
      if (CLASS_ESCAPES[next]) items += CLASS_ESCAPES[next];
      else if (next === '-') hyphen = true;
      else if (PLAIN.test(next) && !/[A-Za-z0-9]/.test(next)) items += next;
      else return undefined;
    } else if (c === '-') {
      if (i === 0 || i === inside.length - 1) hyphen = true;
      else return undefined;
    } else if (/[A-Za-z0-9]/.test(c) && inside[i + 1] === '-' && i + 2 < inside.length) {
      const to = inside[i + 2] as string;
      if (!/[A-Za-z0-9]/.test(to) || to < c || /[0-9]/.test(c) !== /[0-9]/.test(to) || /[a-z]/.test(c) !== /[a-z]/.test(to)) return undefined;
      items += `${c}-${to}`;
      i += 2;
    } else if (PLAIN.test(c) && c !== '-') {
      items += c;
    } else {
      return undefined;
    }
  }
  return `[${items}${hyphen ? '-' : ''}]`;
}
