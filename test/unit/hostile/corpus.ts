// A repository as a stranger could write it: incident files that are links to devices or out of
// the folder, pipes, oversize and binary files, other encodings, Unicode names and text, YAML
// bombs, thousands of links and notes, thousands of files, and config.yaml patterns meant to be
// slow. Each case says what the editor must make of it: shown (good), a Problems entry (bad), or
// either, as long as it is one of the two (any). Used by corpus.test.ts.
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Expect = 'good' | 'bad' | 'any';

export interface CorpusCase {
  /** File name inside .incidents/. */
  name: string;
  expect: Expect;
  /** The incident id a good file shows. */
  id?: string;
  /** Built to take seconds to parse (1 MiB of YAML's slowest constructs): a worker stops it at its budget. */
  slow?: true;
}

export interface ConfigCase {
  name: string;
  text: string;
  /** A problem is expected in config.yaml (the defaults then apply where it is wrong). */
  problem: boolean;
}

export interface Corpus {
  root: string;
  /** A folder beside the workspace that nothing may read or write. */
  outside: string;
  cases: CorpusCase[];
  configs: ConfigCase[];
}

/** How many small valid files the "many files" part writes. */
export const MANY_FILES = 1500;

const POSIX = process.platform !== 'win32';

function incident(id: string, extra = ''): string {
  return `id: ${id}\ntitle: Case ${id}\nseverity: SEV2\nstatus: resolved\nstarted_at: 2026-01-01T00:00:00Z\n${extra}`;
}

/**
 * Writes the corpus under `base` (a fresh temporary folder) and says what each file must become.
 * `slowBytes`: the size of each slow-to-parse case (the benchmark's are 1 MiB, the reader's limit;
 * the tests' smaller, so that a busy machine runs them in seconds).
 */
export function generateCorpus(base: string, slowBytes = 128 * 1024): Corpus {
  const root = join(base, 'repo');
  const outside = join(base, 'outside');
  const dir = join(root, '.incidents');
  mkdirSync(dir, { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(outside, 'INC-OUT.yaml'), incident('INC-OUT'));
  writeFileSync(join(outside, 'secret.txt'), 'never read me\n');
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'src', 'inside.yaml'), incident('INC-LINKED'));

  const cases: CorpusCase[] = [];
  const add = (name: string, expect: Expect, content: string | Buffer | undefined, id?: string) => {
    if (content !== undefined) writeFileSync(join(dir, name), content);
    cases.push({ name, expect, ...(id ? { id } : {}) });
  };

  // Good: plain, Unicode everywhere it may be, other line endings, many links and notes.
  add('INC-1.yaml', 'good', incident('INC-1'), 'INC-1');
  add('INC-2.yaml', 'good', 'id: INC-2\ntitle: "Zahlungen 💥 مدفوعات \u202Eevil\u202C ㅤ\u200B e\u0301"\nseverity: SEV1\nstatus: triage\nsummary: "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ﷽"\n', 'INC-2');
  add('INC-ü-ñ-日本.yaml', 'good', incident('INC-3'), 'INC-3');
  add('INC-4\u202E.yaml', 'good', incident('INC-4'), 'INC-4');
  add('INC-5.yaml', 'good', incident('INC-5').replace(/\n/g, '\r\n'), 'INC-5');
  add('INC-6.yml', 'good', incident('INC-6', `links:\n${Array.from({ length: 10_000 }, (_, i) => `  - { path: src/f${i % 50}.ts, lines: ${i + 1}-${i + 3}, role: related }\n`).join('')}`), 'INC-6');
  add('INC-7.yaml', 'good', incident('INC-7', `notes:\n${Array.from({ length: 5_000 }, (_, i) => `  - { at: 2026-01-01T00:00:00Z, kind: observation, text: "note ${i} ✓" }\n`).join('')}`), 'INC-7');
  add('INC-8.yaml', 'good', incident('INC-8', `links:\n  - { path: src/a.ts, lines: 1-999999999, role: root-cause }\n  - { path: src/a.ts, symbol: "${'A.'.repeat(2000)}b", role: related }\n`), 'INC-8');
  add('INC-9.yaml', 'good', incident('INC-9', `summary: "${'long line '.repeat(60_000)}"\n`), 'INC-9');
  add('INC-LATIN1.yaml', 'any', Buffer.from(incident('INC-10', 'summary: caf\u00e9 na\u00efve\n'), 'latin1'));
  add('INC-BOM.yaml', 'any', `\uFEFF${incident('INC-11')}`);

  // Bad: what is not YAML, or not an incident, or too much.
  add('INC-BIN.yaml', 'bad', Buffer.from([0x69, 0x64, 0x3a, 0x20, 0x00, 0x01, 0xff, 0xfe, 0x00]));
  add('INC-UTF16.yaml', 'bad', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(incident('INC-12'), 'utf16le')]));
  add('INC-BIG.yaml', 'bad', incident('INC-13', `summary: "${'x'.repeat(1024 * 1024)}"\n`));
  add('INC-SYNTAX.yaml', 'bad', 'id: INC-14\ntitle: [unclosed\nseverity: SEV1\n\tstatus: resolved\n');
  add('INC-NEST.yaml', 'bad', `id: INC-15\ntitle: t\nseverity: SEV1\nstatus: triage\nsummary: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`);
  add('INC-LAUGHS.yaml', 'bad', ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`), 'id: INC-16', ''].join('\n'));
  add('INC-TAG.yaml', 'any', 'id: INC-17\ntitle: !!js/function "function () { return 1 }"\nseverity: SEV1\nstatus: triage\n');
  add('INC-PATHS.yaml', 'bad', incident('INC-18', 'links:\n  - { path: ../../etc/passwd, role: related }\n  - { path: /etc/shadow, role: related }\n  - { path: "C:/x", role: related }\n  - { path: "a\\\\b", role: related }\n'));
  add('INC-EMPTY.yaml', 'bad', '');
  add('INC-LIST.yaml', 'bad', '- just\n- a list\n');
  add('INC-BADID.yaml', 'bad', incident('INC-19').replace('id: INC-19', 'id: "../../INC 19\\n"'));
  add('INC-DUPKEY.yaml', 'bad', `id: INC-20\ntitle: t\nseverity: SEV1\nstatus: triage\nid: INC-21\n`);
  // Valid, with 20,000 unknown keys: shown, with its warnings cut to a readable few.
  add('INC-KEYS.yaml', 'good', `id: INC-22\ntitle: t\nseverity: SEV1\nstatus: triage\n${Array.from({ length: 20_000 }, (_, i) => `k${i}: v\n`).join('')}`, 'INC-22');

  // Bad: links and special files, on systems that have them.
  if (POSIX) {
    symlinkSync('/dev/zero', join(dir, 'INC-ZERO.yaml'));
    symlinkSync('/dev/urandom', join(dir, 'INC-RANDOM.yaml'));
    symlinkSync(join(outside, 'INC-OUT.yaml'), join(dir, 'INC-OUT.yaml'));
    symlinkSync('../../outside/secret.txt', join(dir, 'INC-SECRET.yaml'));
    symlinkSync('nowhere.yaml', join(dir, 'INC-DANGLING.yaml'));
    symlinkSync('INC-LOOP.yaml', join(dir, 'INC-LOOP.yaml'));
    symlinkSync(outside, join(dir, 'INC-DIR.yaml'));
    execFileSync('mkfifo', [join(dir, 'INC-FIFO.yaml')]);
    cases.push(...['INC-ZERO.yaml', 'INC-RANDOM.yaml', 'INC-OUT.yaml', 'INC-SECRET.yaml', 'INC-DANGLING.yaml', 'INC-LOOP.yaml', 'INC-DIR.yaml', 'INC-FIFO.yaml'].map((name) => ({ name, expect: 'bad' as const })));
    // A link that stays inside the folder is followed.
    symlinkSync('../src/inside.yaml', join(dir, 'INC-LINKED.yaml'));
    cases.push({ name: 'INC-LINKED.yaml', expect: 'good', id: 'INC-LINKED' });
  }

  // Slow to parse: up to 1 MiB of the constructs that cost the yaml library most. Each may take longer
  // than the parse budget (then it is stopped: a Problems entry); none may block the host.
  const size = slowBytes;
  const slow = (name: string, expect: Expect, content: string) => {
    writeFileSync(join(dir, name), content);
    cases.push({ name, expect, slow: true });
  };
  slow('INC-COMMAS.yaml', 'bad', incident('INC-30', `services: [${','.repeat(size - 200)}]\n`));
  slow('INC-DEEP.yaml', 'bad', incident('INC-31', `summary: ${'['.repeat(size / 2 - 200)}${']'.repeat(size / 2 - 200)}\n`));
  slow('INC-TAGS.yaml', 'any', incident('INC-32', `x: [${'!t a, '.repeat(Math.floor((size - 300) / 6))}]\n`));

  // Many files: the number of files a stranger can add.
  for (let i = 0; i < MANY_FILES; i++) add(`MANY-${String(i).padStart(5, '0')}.yaml`, 'good', incident(`MANY-${i}`, `links:\n  - { path: src/m${i % 7}.ts, lines: 1-2, role: related }\n`), `MANY-${i}`);

  const configs: ConfigCase[] = [
    { name: 'catastrophic backtracking', text: "references: ['(a+)+$', '(x|x)*y', '(?:a|aa)+b']\n", problem: false },
    { name: 'invalid pattern', text: "references: ['[unclosed', '(?<=INC)-\\d+', '(a)\\1']\n", problem: true },
    { name: 'matches empty text', text: "references: ['x*']\n", problem: true },
    // The schema bounds patterns (100, each up to 1,000 characters): more is a problem, not a cost.
    { name: '2,000 patterns', text: `references:\n${Array.from({ length: 2000 }, (_, i) => `  - 'P${i}-\\d+'\n`).join('')}`, problem: true },
    { name: 'one huge pattern', text: `references: ['${Array.from({ length: 3000 }, (_, i) => `W${i}`).join('|')}-\\d+']\n`, problem: true },
    { name: '100 patterns of 900 characters', text: `references:\n${Array.from({ length: 100 }, (_, i) => `  - '${Array.from({ length: 150 }, (_, j) => `A${i}x${j}`).join('|').slice(0, 890)}-\\d+'\n`).join('')}`, problem: false },
    { name: 'not YAML', text: 'references: [\n', problem: true },
    { name: 'alias bomb', text: ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`), ''].join('\n'), problem: true },
    { name: 'oversize', text: `references: ['INC-\\d+']\n# ${'x'.repeat(300 * 1024)}\n`, problem: true },
  ];
  return { root, outside, cases, configs };
}
