// A small synthetic history for the anchors benchmark, generated at run time in a temporary
// folder, so CI runs the benchmark's code on every change without any public repository:
// a few TypeScript files evolving over 60 commits and a year (lines inserted inside
// functions, edited, functions moved, renamed, deleted, look-alike blocks added, a file
// renamed). Deterministic for a seed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const COMMITS = 60;
const START = Date.UTC(2025, 0, 6) / 1000;
const DAY = 86_400;

interface Fn {
  name: string;
  body: string[];
}

/** Creates the repository under `root` (which must exist and be empty); returns its .git directory. */
export function createSyntheticHistory(root: string, seed = 7): string {
  let state = seed;
  const random = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  let counter = 0;
  const statement = (): string => {
    counter++;
    return pick([
      `const value${counter} = compute(input, ${counter});`,
      `if (value${counter % 7} > ${counter}) return fallback(${counter});`,
      `logger.debug('step ${counter}', input.id);`,
      `await store.save('key-${counter}', input);`,
      `total += item.price * ${counter % 5 + 1};`,
    ]);
  };
  const newFn = (name: string): Fn => ({ name, body: Array.from({ length: 6 + Math.floor(random() * 14) }, statement) });
  const files = new Map<string, Fn[]>([
    ['src/orders.ts', ['createOrder', 'cancelOrder', 'refundOrder', 'listOrders', 'orderTotal'].map(newFn)],
    ['src/users.ts', ['createUser', 'deleteUser', 'renameUser', 'userRoles'].map(newFn)],
    ['src/billing/invoices.ts', ['issueInvoice', 'voidInvoice', 'invoiceLines', 'taxFor', 'roundCents', 'currencyOf'].map(newFn)],
  ]);
  const render = (fns: Fn[]): string => ['// Generated for the anchors benchmark.', "import { compute, fallback, logger, store } from './support';", '',
    ...fns.flatMap((fn) => [`export async function ${fn.name}(input: Input): Promise<number> {`, '  let total = 0;', ...fn.body.map((line) => `  ${line}`), '  return total;', '}', ''])].join('\n');
  const git = (...args: string[]): void => {
    execFileSync('git', args, { cwd: root, stdio: 'ignore', env: { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.com', GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
  };
  let date = `${START} +0000`;
  const write = (): void => {
    for (const [path, fns] of files) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), render(fns));
    }
  };
  git('init', '-q', '-b', 'main');
  write();
  git('add', '-A');
  git('commit', '-q', '-m', 'initial');
  for (let commit = 1; commit <= COMMITS; commit++) {
    date = `${START + Math.round((commit * 365 * DAY) / COMMITS)} +0000`;
    const path = pick([...files.keys()]);
    const fns = files.get(path) as Fn[];
    const fn = pick(fns);
    const at = Math.floor(random() * (fn.body.length + 1));
    switch (pick(['insert', 'insert', 'edit', 'edit', 'move', 'add', 'lookalike', 'delete', 'rename', 'grow'])) {
      case 'insert': fn.body.splice(at, 0, ...Array.from({ length: 1 + Math.floor(random() * 4) }, statement)); break;
      case 'grow': fn.body.splice(0, 0, ...Array.from({ length: 4 + Math.floor(random() * 4) }, statement)); break;
      case 'edit': if (fn.body.length > 0) fn.body[Math.min(at, fn.body.length - 1)] += ' // revised'; break;
      case 'move': fns.splice(fns.indexOf(fn), 1); fns.splice(Math.floor(random() * (fns.length + 1)), 0, fn); break;
      case 'add': fns.splice(Math.floor(random() * (fns.length + 1)), 0, newFn(`helper${commit}`)); break;
      case 'lookalike': fns.splice(fns.indexOf(fn) + 1, 0, { name: `${fn.name}Copy${commit}`, body: fn.body.map((line, i) => (i % 3 === 0 ? `${line} // copy` : line)) }); break;
      case 'delete': if (fns.length > 2) fns.splice(fns.indexOf(fn), 1); break;
      case 'rename': fn.name = `${fn.name}V${commit}`; break;
    }
    if (commit === COMMITS / 2) {
      // One file renamed outright, its content unchanged by this commit.
      files.set('src/billing/invoicing.ts', files.get('src/billing/invoices.ts') as Fn[]);
      files.delete('src/billing/invoices.ts');
      git('mv', 'src/billing/invoices.ts', 'src/billing/invoicing.ts');
    }
    write();
    git('add', '-A');
    git('commit', '-q', '--allow-empty', '-m', `change ${commit}`);
  }
  return join(root, '.git');
}
