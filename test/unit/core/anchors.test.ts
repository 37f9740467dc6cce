import * as assert from 'node:assert/strict';
import { describeResolution, repairedLink, resolveInFile, resolveLink, resolveLinks, splitLines, type LinkSource, type Resolution, type SymbolNode } from '../../../src/core/anchors';
import { fingerprint } from '../../../src/core/fingerprint';
import type { LineRange, Link } from '../../../src/core/model';

// A realistic file to link into: the retry loop in PaymentService.charge is the root cause.
const CHARGE_TS = `import { setTimeout as sleep } from 'node:timers/promises';
import type { Gateway, GatewayResponse } from './gateway';
import { Metrics } from '../observability/metrics';

export interface ChargeRequest {
  customerId: string;
  amountCents: number;
  currency: 'EUR' | 'USD';
  idempotencyKey: string;
}

export class ChargeDeclined extends Error {
  constructor(readonly code: string) {
    super(\`charge declined: \${code}\`);
  }
}

const MAX_ATTEMPTS = 5;
const BASE_DELAY_MS = 200;

export class PaymentService {
  private readonly metrics = new Metrics('payments');

  constructor(private readonly gateway: Gateway) {}

  async charge(request: ChargeRequest): Promise<GatewayResponse> {
    this.validate(request);
    let attempt = 0;
    for (;;) {
      attempt++;
      try {
        const response = await this.gateway.post('/charges', request);
        this.metrics.increment('charge.ok');
        return response;
      } catch (error) {
        if (error instanceof ChargeDeclined || attempt >= MAX_ATTEMPTS) {
          this.metrics.increment('charge.failed');
          throw error;
        }
        await sleep(BASE_DELAY_MS * 2 ** attempt);
      }
    }
  }

  async refund(chargeId: string, amountCents: number): Promise<void> {
    if (amountCents <= 0) {
      throw new RangeError('refund amount must be positive');
    }
    await this.gateway.post(\`/charges/\${chargeId}/refunds\`, { amountCents });
    this.metrics.increment('refund.ok');
  }

  private validate(request: ChargeRequest): void {
    if (!Number.isInteger(request.amountCents) || request.amountCents <= 0) {
      throw new RangeError('amount must be a positive whole number of cents');
    }
    if (request.idempotencyKey.trim() === '') {
      throw new Error('an idempotency key is required');
    }
  }
}

export function formatAmount(amountCents: number, currency: string): string {
  const major = Math.trunc(amountCents / 100);
  const minor = String(Math.abs(amountCents % 100)).padStart(2, '0');
  return \`\${major}.\${minor} \${currency}\`;
}

export function describeResponse(response: GatewayResponse): string {
  switch (response.status) {
    case 'succeeded':
      return 'charged';
    case 'pending':
      return 'waiting for the bank';
    default:
      return \`unexpected status \${response.status}\`;
  }
}

export async function chargeAll(service: PaymentService, requests: ChargeRequest[]): Promise<number> {
  let charged = 0;
  for (const request of requests) {
    try {
      await service.charge(request);
      charged++;
    } catch (error) {
      if (!(error instanceof ChargeDeclined)) throw error;
    }
  }
  return charged;
}
`;

const BASE = splitLines(CHARGE_TS);
const PATH = 'src/payments/charge.ts';

/** 1-based number of the only line that contains `text`. */
function lineOf(lines: readonly string[], text: string): number {
  const found = lines.flatMap((line, i) => (line.includes(text) ? [i + 1] : []));
  assert.equal(found.length, 1, `expected exactly one line with ${JSON.stringify(text)}, found ${found.length}`);
  return found[0];
}

/** The block that opens on the line containing `header` and closes at its matching brace. */
function blockOf(lines: readonly string[], header: string): LineRange {
  const start = lineOf(lines, header);
  let depth = 0;
  for (let line = start; line <= lines.length; line++) {
    for (const char of lines[line - 1].replace(/'[^']*'|`[^`]*`/g, '')) {
      if (char === '{') depth++;
      if (char === '}' && --depth === 0) return { start, end: line };
    }
  }
  throw new Error(`no end for ${header}`);
}

const slice = (lines: readonly string[], range: LineRange): string[] => lines.slice(range.start - 1, range.end);

/** What the editor's symbol provider would report for this file, enough of it for the tests. */
function symbolsOf(lines: readonly string[]): SymbolNode[] {
  const has = (text: string): boolean => lines.some((line) => line.includes(text));
  const node = (name: string, header: string, children: SymbolNode[] = []): SymbolNode => {
    const { start, end } = blockOf(lines, header);
    return { name, startLine: start, endLine: end, children };
  };
  // TypeScript reports `charge`; other servers decorate it, which the resolver must tolerate.
  const methods = ['async charge(', 'async settle(', 'async refund(', 'private validate('].filter(has);
  const classes = ['PaymentService', 'BillingService'].filter((name) => has(`export class ${name} {`));
  return [
    ...classes.map((name) =>
      node(name, `export class ${name} {`, methods.map((header) => node(`${header.split(' ')[1]}request)`, header))),
    ),
    ...(has('function formatAmount(') ? [node('formatAmount', 'function formatAmount(')] : []),
  ];
}

/** A link made at BASE to `range`, as the "link selection" command would store it. */
function linkTo(range: LineRange, extra: Partial<Link> = {}): Link {
  return { path: PATH, lines: range, fingerprint: fingerprint(slice(BASE, range)), commit: '3f2a9c1', role: 'root-cause', ...extra };
}

type Files = Record<string, readonly string[]>;

/** The workspace as the adapters would read it: lines now (and symbols unless told otherwise), the file at the link's commit, renames. */
function source(files: Files, options: { symbols?: boolean; renames?: ReadonlyMap<string, string>; at?: readonly string[] } = {}): LinkSource {
  return {
    read: async (path) => {
      const lines = files[path];
      return lines && { path, lines, ...(options.symbols !== false ? { symbols: symbolsOf(lines) } : {}) };
    },
    ...(options.at ? { readAt: async (commit: string, path: string) => (commit === '3f2a9c1' && path === PATH ? (options.at as string[]).join('\n') : undefined) } : {}),
    ...(options.renames ? { renamesSince: async () => options.renames as ReadonlyMap<string, string> } : {}),
  };
}

/** A resolution without `kind: 'resolved'`, to compare; a stale one stays whole so a failure shows its reason. */
function summary(resolution: Resolution): object {
  if (resolution.kind === 'stale') return resolution;
  const rest: Partial<Resolution> = { ...resolution };
  delete rest.kind;
  return rest;
}

function withLinesInserted(lines: readonly string[], afterLine: number, inserted: readonly string[]): string[] {
  return [...lines.slice(0, afterLine), ...inserted, ...lines.slice(afterLine)];
}

function without(lines: readonly string[], range: LineRange): string[] {
  return [...lines.slice(0, range.start - 1), ...lines.slice(range.end)];
}

const CHARGE = blockOf(BASE, 'async charge(');
const RETRY = { start: lineOf(BASE, 'error instanceof ChargeDeclined || attempt'), end: lineOf(BASE, 'await sleep(') + 1 };
const FORMAT_AMOUNT = blockOf(BASE, 'function formatAmount(');
const HELPERS_IMPORT = ["import { backoff } from './backoff';", "import { logger } from '../observability/logger';", '', '// Retries are capped: see INC-142.'];

describe('resolveLink', () => {
  const chargeLink = linkTo(CHARGE, { symbol: 'PaymentService.charge' });
  const retryLink = linkTo(RETRY);

  describe('when nothing changed', () => {
    it('resolves a symbol link through the symbol tree', async () => {
      assert.deepEqual(summary(await resolveLink(chargeLink, source({ [PATH]: BASE }))), { how: 'symbol', path: PATH, lines: CHARGE });
    });

    it('resolves a line link at its stored lines by fingerprint', async () => {
      assert.deepEqual(summary(await resolveLink(retryLink, source({ [PATH]: BASE }))), { how: 'unchanged', path: PATH, lines: RETRY });
    });
  });

  describe('when lines are inserted above', () => {
    const current = withLinesInserted(BASE, 3, HELPERS_IMPORT);
    const shift = (range: LineRange): LineRange => ({ start: range.start + 4, end: range.end + 4 });

    it('follows the symbol to its new lines', async () => {
      assert.deepEqual(summary(await resolveLink(chargeLink, source({ [PATH]: current }))), { how: 'symbol', path: PATH, lines: shift(CHARGE) });
    });

    it('finds the linked text where it moved when there is no symbol', async () => {
      assert.deepEqual(summary(await resolveLink(retryLink, source({ [PATH]: current }))), { how: 'moved', path: PATH, lines: shift(RETRY) });
    });

    it('finds it without symbols too, for a symbol link the provider could not answer', async () => {
      assert.deepEqual(summary(await resolveLink(chargeLink, source({ [PATH]: current }, { symbols: false }))), { how: 'moved', path: PATH, lines: shift(CHARGE) });
    });
  });

  describe('when the function is reformatted', () => {
    // Re-indented by two more spaces, with blank lines between its statements.
    const reformatted = BASE.flatMap((line, i) => {
      const n = i + 1;
      if (n < CHARGE.start || n > CHARGE.end) return [line];
      const indented = `  ${line.replace(/\s+\(/, ' (')}`;
      return n === CHARGE.start + 2 || n === CHARGE.start + 4 ? [indented, ''] : [indented];
    });
    const grown = { start: CHARGE.start, end: CHARGE.end + 2 };

    it('keeps the fingerprint, so the link holds at the same start', async () => {
      const resolution = await resolveLink(linkTo(CHARGE), source({ [PATH]: reformatted }));
      assert.deepEqual(summary(resolution), { how: 'unchanged', path: PATH, lines: grown });
    });

    it('moves with it when lines above were inserted too', async () => {
      const current = withLinesInserted(reformatted, 0, ['// @ts-check', '']);
      const resolution = await resolveLink(linkTo(CHARGE), source({ [PATH]: current }));
      assert.deepEqual(summary(resolution), { how: 'moved', path: PATH, lines: { start: grown.start + 2, end: grown.end + 2 } });
    });
  });

  describe('when the function moves within the file', () => {
    // formatAmount cut from above describeResponse and pasted at the end of the file.
    const formatAmount = slice(BASE, FORMAT_AMOUNT);
    const current = [...without(BASE, { start: FORMAT_AMOUNT.start, end: FORMAT_AMOUNT.end + 1 }), '', ...formatAmount];
    const newStart = current.length - formatAmount.length + 1;

    it('finds it at its new place', async () => {
      const resolution = await resolveLink(linkTo(FORMAT_AMOUNT), source({ [PATH]: current }, { symbols: false }));
      assert.deepEqual(summary(resolution), { how: 'moved', path: PATH, lines: { start: newStart, end: current.length } });
    });

    it('picks the copy nearest to where it was when the text now stands twice', async () => {
      const twice = [...formatAmount, '', ...current];
      const atEnd = { start: twice.length - formatAmount.length + 1, end: twice.length };
      // Stored at line 66: the copy at the end (line 94) is nearer than the one at the top.
      const fromItsOldPlace = await resolveLink(linkTo(FORMAT_AMOUNT), source({ [PATH]: twice }, { symbols: false }));
      assert.deepEqual(summary(fromItsOldPlace), { how: 'moved', path: PATH, lines: atEnd });
      const linkedNearTop = { ...linkTo(FORMAT_AMOUNT), lines: { start: 3, end: 7 } };
      assert.deepEqual(summary(await resolveLink(linkedNearTop, source({ [PATH]: twice }, { symbols: false }))), { how: 'moved', path: PATH, lines: { start: 1, end: 5 } });
    });
  });

  describe('when the whole file is renamed', () => {
    const renames = new Map([[PATH, 'src/billing/charge.ts']]);

    it('resolves in the new file and says where it came from', async () => {
      const resolution = await resolveLink(retryLink, source({ 'src/billing/charge.ts': BASE }, { renames }));
      assert.deepEqual(summary(resolution), { how: 'unchanged', path: 'src/billing/charge.ts', lines: RETRY, renamedFrom: PATH });
    });

    it('follows a renamed folder', async () => {
      const resolution = await resolveLink(chargeLink, source({ 'src/billing/charge.ts': BASE }, { renames: new Map([['src/payments', 'src/billing']]) }));
      assert.deepEqual(summary(resolution), { how: 'symbol', path: 'src/billing/charge.ts', lines: CHARGE, renamedFrom: PATH });
    });

    it('is stale when the file is gone and nothing says where to', async () => {
      const resolution = await resolveLink(retryLink, source({}, { renames: new Map([['src/other.ts', 'src/else.ts']]) }));
      assert.deepEqual(resolution, { kind: 'stale', path: PATH, reason: 'src/payments/charge.ts does not exist' });
    });
  });

  describe('when the function moves to another file', () => {
    const refunds = ["import type { Gateway } from './gateway';", '', 'export class RefundService {', ...slice(BASE, blockOf(BASE, 'async refund(')), '}'];
    const afterMove = without(BASE, { start: blockOf(BASE, 'async refund(').start, end: blockOf(BASE, 'async refund(').end + 1 });
    const link = linkTo(blockOf(BASE, 'async refund('), { symbol: 'PaymentService.refund' });
    const moved = { start: 4, end: refunds.length - 1 };

    it('tries the file a rename points at after the old file fails', async () => {
      const files = { [PATH]: afterMove, 'src/payments/refunds.ts': refunds };
      const resolution = await resolveLink(link, source(files, { symbols: false, renames: new Map([[PATH, 'src/payments/refunds.ts']]) }));
      assert.deepEqual(summary(resolution), { how: 'moved', path: 'src/payments/refunds.ts', lines: moved, renamedFrom: PATH });
    });

    it('resolves in a file the caller chooses to try', async () => {
      const resolution = resolveInFile(link, { path: 'src/payments/refunds.ts', lines: refunds });
      assert.deepEqual(summary(resolution), { how: 'moved', path: 'src/payments/refunds.ts', lines: moved, renamedFrom: PATH });
    });

    it('is stale, naming both files, when it is in neither', async () => {
      const files = { [PATH]: afterMove, 'src/payments/refunds.ts': refunds.slice(0, 3) };
      const resolution = await resolveLink(link, source(files, { renames: new Map([[PATH, 'src/payments/refunds.ts']]) }));
      assert.equal(resolution.kind, 'stale');
      assert.match(resolution.kind === 'stale' ? resolution.reason : '', /symbol PaymentService.refund not found.*renamed to src\/payments\/refunds.ts, but there/);
    });
  });

  describe('when the symbol is renamed', () => {
    it('falls back to the fingerprint when the class was renamed, and names the symbol that now covers the code', async () => {
      const current = BASE.map((line) => line.replace('export class PaymentService {', 'export class BillingService {'));
      const resolution = await resolveLink(chargeLink, source({ [PATH]: current }));
      assert.deepEqual(summary(resolution), { how: 'unchanged', path: PATH, lines: CHARGE, symbol: 'BillingService.charge' });
    });

    it('falls back to the fingerprint of lines inside a renamed method', async () => {
      const current = BASE.map((line) => line.replace('async charge(', 'async settle('));
      const resolution = await resolveLink(linkTo(RETRY, { symbol: 'PaymentService.charge' }), source({ [PATH]: current }));
      assert.deepEqual(summary(resolution), { how: 'unchanged', path: PATH, lines: RETRY });
    });

    it('needs the original text when the renamed method was linked whole, its first line having changed', async () => {
      const current = BASE.map((line) => line.replace('async charge(', 'async settle('));
      assert.equal((await resolveLink(chargeLink, source({ [PATH]: current }))).kind, 'stale');
      const resolution = await resolveLink(chargeLink, source({ [PATH]: current }, { at: BASE }));
      assert.deepEqual(summary(resolution), { how: 'history', path: PATH, lines: CHARGE, symbol: 'PaymentService.settle' });
    });
  });

  describe('when the code is edited slightly', () => {
    // A parameter added to the signature, and jitter added to the backoff.
    const current = BASE.map((line) =>
      line
        .replace('async charge(request: ChargeRequest)', 'async charge(request: ChargeRequest, signal?: AbortSignal)')
        .replace('await sleep(BASE_DELAY_MS * 2 ** attempt);', 'await sleep(BASE_DELAY_MS * 2 ** attempt * (0.5 + jitter()), undefined, { signal });'),
    );

    it('follows git history from the link\'s commit, signature line included', async () => {
      const resolution = await resolveLink(linkTo(CHARGE), source({ [PATH]: current }, { at: BASE }));
      assert.deepEqual(summary(resolution), { how: 'history', path: PATH, lines: CHARGE });
    });

    it('still finds it after lines were also inserted above', async () => {
      const resolution = await resolveLink(linkTo(CHARGE), source({ [PATH]: withLinesInserted(current, 3, HELPERS_IMPORT) }, { at: BASE }));
      assert.deepEqual(summary(resolution), { how: 'history', path: PATH, lines: { start: CHARGE.start + 4, end: CHARGE.end + 4 } });
    });

    it('is stale without the original text', async () => {
      const resolution = await resolveLink(linkTo(CHARGE), source({ [PATH]: current }));
      assert.deepEqual(resolution, { kind: 'stale', path: PATH, reason: `lines ${CHARGE.start}-${CHARGE.end} changed and their text is nowhere else in the file` });
    });

    // Cut from its place and pasted at the end, edited: git's diff sees a deletion and an addition.
    const movedAndEdited = [...without(current, { start: CHARGE.start, end: CHARGE.end + 1 }), ...slice(current, CHARGE)];
    const atEnd = { start: movedAndEdited.length - (CHARGE.end - CHARGE.start), end: movedAndEdited.length };

    it('finds the most similar text when history lost track, and says how alike', async () => {
      const resolution = await resolveLink(linkTo(CHARGE), source({ [PATH]: movedAndEdited }, { at: BASE, symbols: false }));
      assert.deepEqual(summary(resolution), { how: 'similar', path: PATH, lines: atEnd, similarity: 32 / 35 });
      assert.equal(describeResolution(resolution), 'similar text (91% alike)');
    });

    it('is stale when the similarity is below the threshold asked for', async () => {
      const resolution = resolveInFile(linkTo(CHARGE), { path: PATH, lines: movedAndEdited }, { originalFile: BASE, fuzzyThreshold: 0.95 });
      assert.deepEqual(resolution, { kind: 'stale', path: PATH, reason: `lines ${CHARGE.start}-${CHARGE.end} changed since the linked commit and nothing is 95% like them` });
    });
  });

  describe('when the code is deleted', () => {
    const current = without(BASE, { start: CHARGE.start, end: CHARGE.end + 1 });

    it('is stale, with the reasons of every step that failed', async () => {
      const resolution = await resolveLink(chargeLink, source({ [PATH]: current }, { at: BASE }));
      assert.deepEqual(resolution, {
        kind: 'stale',
        path: PATH,
        reason: `symbol PaymentService.charge not found; lines ${CHARGE.start}-${CHARGE.end} changed since the linked commit and nothing is 70% like them`,
      });
    });

    it('is stale for a symbol-only link', async () => {
      const resolution = await resolveLink({ path: PATH, symbol: 'PaymentService.charge', role: 'trigger' }, source({ [PATH]: current }));
      assert.deepEqual(resolution, { kind: 'stale', path: PATH, reason: 'symbol PaymentService.charge not found' });
    });
  });

  describe('a whole-file link', () => {
    const fileLink: Link = { path: PATH, role: 'contributing' };

    it('resolves while the file exists, however it changed', async () => {
      assert.deepEqual(await resolveLink(fileLink, source({ [PATH]: ['// emptied'] })), { kind: 'resolved', how: 'file', path: PATH });
    });

    it('follows a rename', async () => {
      const resolution = await resolveLink(fileLink, source({ 'src/charge.ts': BASE }, { renames: new Map([[PATH, 'src/charge.ts']]) }));
      assert.deepEqual(resolution, { kind: 'resolved', how: 'file', path: 'src/charge.ts', renamedFrom: PATH });
    });

    it('is stale when the file is gone', async () => {
      assert.deepEqual(await resolveLink(fileLink, source({})), { kind: 'stale', path: PATH, reason: 'src/payments/charge.ts does not exist' });
    });

    it('is stale when the file it was renamed to is gone too', async () => {
      const resolution = await resolveLink(fileLink, source({}, { renames: new Map([[PATH, 'src/charge.ts']]) }));
      assert.deepEqual(resolution, { kind: 'stale', path: PATH, reason: 'src/payments/charge.ts does not exist; renamed to src/charge.ts, which does not exist either' });
    });
  });

  describe('a link without a fingerprint', () => {
    const bare: Link = { path: PATH, lines: RETRY, role: 'related' };

    it('trusts its stored lines while the file has them, even shifted: there is nothing to check them against', async () => {
      assert.deepEqual(summary(await resolveLink(bare, source({ [PATH]: ['x'].concat(BASE) }))), { how: 'unverified', path: PATH, lines: RETRY });
    });

    it('is stale when the file has become shorter than its lines', async () => {
      const resolution = await resolveLink(bare, source({ [PATH]: BASE.slice(0, 20) }));
      assert.deepEqual(resolution, { kind: 'stale', path: PATH, reason: `lines ${RETRY.start}-${RETRY.end} are past the end of the file (20 lines)` });
    });

    it('is checked against the original text when the caller has it', async () => {
      const resolution = await resolveLink({ ...bare, commit: '3f2a9c1' }, source({ [PATH]: withLinesInserted(BASE, 3, HELPERS_IMPORT) }, { at: BASE }));
      assert.deepEqual(summary(resolution), { how: 'moved', path: PATH, lines: { start: RETRY.start + 4, end: RETRY.end + 4 } });
    });
  });

  describe('a link to a few lines inside a symbol', () => {
    const link = linkTo(RETRY, { symbol: 'PaymentService.charge' });

    it('keeps pointing at those lines, found within the symbol', async () => {
      const resolution = await resolveLink(link, source({ [PATH]: withLinesInserted(BASE, 3, HELPERS_IMPORT) }));
      assert.deepEqual(summary(resolution), { how: 'symbol', path: PATH, lines: { start: RETRY.start + 4, end: RETRY.end + 4 } });
    });

    it('widens to the whole symbol when those lines changed', async () => {
      const current = BASE.map((line) => line.replace('attempt >= MAX_ATTEMPTS', 'attempt >= this.maxAttempts'));
      assert.deepEqual(summary(await resolveLink(link, source({ [PATH]: current }))), { how: 'symbol', path: PATH, lines: CHARGE });
    });
  });
});

describe('repairedLink', () => {
  it('points a moved link at its new lines with a fresh fingerprint and the new commit', async () => {
    const current = withLinesInserted(BASE, 3, HELPERS_IMPORT);
    const link = linkTo(RETRY, { note: 'no jitter' });
    const repaired = repairedLink(link, await resolveLink(link, source({ [PATH]: current })), current, 'a1b2c3d');
    const lines = { start: RETRY.start + 4, end: RETRY.end + 4 };
    assert.deepEqual(repaired, { path: PATH, lines, fingerprint: link.fingerprint, commit: 'a1b2c3d', role: 'root-cause', note: 'no jitter' });
  });

  it('fingerprints what a fuzzy match now points at, and drops a commit it cannot vouch for', async () => {
    const current = BASE.map((line) => line.replace('BASE_DELAY_MS * 2 ** attempt', 'BASE_DELAY_MS * 2 ** attempt + jitter()'));
    const link = linkTo(RETRY);
    const resolution = await resolveLink(link, source({ [PATH]: current }, { at: BASE }));
    const repaired = repairedLink(link, resolution, current);
    assert.deepEqual(repaired, { path: PATH, lines: RETRY, fingerprint: fingerprint(slice(current, RETRY)), role: 'root-cause' });
    assert.notEqual(repaired.fingerprint, link.fingerprint);
    assert.equal((await resolveLink(repaired, source({ [PATH]: current }))).kind, 'resolved');
  });

  it('renames the symbol and the path', async () => {
    const current = BASE.map((line) => line.replace('export class PaymentService {', 'export class BillingService {'));
    const link = linkTo(CHARGE, { symbol: 'PaymentService.charge' });
    const resolution = await resolveLink(link, source({ 'src/billing.ts': current }, { renames: new Map([[PATH, 'src/billing.ts']]) }));
    const repaired = repairedLink(link, resolution, current, 'a1b2c3d');
    assert.deepEqual([repaired.path, repaired.symbol, repaired.lines, repaired.fingerprint], ['src/billing.ts', 'BillingService.charge', CHARGE, link.fingerprint]);
  });

  it('only moves a whole-file link, and leaves a stale link as it was', async () => {
    const fileLink: Link = { path: PATH, role: 'related', commit: '3f2a9c1' };
    const renamed = await resolveLink(fileLink, source({ 'src/charge.ts': BASE }, { renames: new Map([[PATH, 'src/charge.ts']]) }));
    assert.deepEqual(repairedLink(fileLink, renamed, BASE, 'a1b2c3d'), { path: 'src/charge.ts', role: 'related', commit: 'a1b2c3d' });
    const stale = await resolveLink(fileLink, source({}));
    assert.equal(repairedLink(fileLink, stale, []), fileLink);
  });
});

describe('resolveLinks', () => {
  it('answers as resolveLink does for each link, in order: unchanged, moved by history, renamed, stale, whole-file, unverified', async () => {
    const range = { start: 5, end: 12 };
    const now = withLinesInserted(BASE, 2, ['// a new header', '']);
    const links: Link[] = [
      linkTo(range),
      linkTo({ start: 1, end: 3 }),
      linkTo(range, { path: 'src/old.ts' }),
      linkTo({ start: 20, end: 22 }, { fingerprint: 'deadbeef' }),
      { path: PATH, role: 'related' },
      { path: PATH, lines: { start: 2, end: 4 }, role: 'related' },
      linkTo(range, { path: 'src/missing.ts' }),
    ];
    for (const options of [{ at: BASE }, { at: BASE, symbols: false }, { renames: new Map([['src/old.ts', PATH]]) }, {}]) {
      const files = { [PATH]: now };
      const one = await Promise.all(links.map((link) => resolveLink(link, source(files, options))));
      const many = await resolveLinks(links, source(files, options));
      assert.deepEqual(many, one, JSON.stringify(options));
    }
  });

  it('answers as resolveLink does for links not found in their own file: on to the renamed paths, or stale with every reason', async () => {
    // PATH now holds other code; its old text went to src/billing.ts (renamed), or to a file that is gone.
    const other = BASE.map((_, i) => `// line ${i + 1} rewritten`);
    const links: Link[] = [
      linkTo({ start: 5, end: 12 }),
      linkTo({ start: 20, end: 22 }, { fingerprint: 'deadbeef' }),
      { path: PATH, symbol: 'PaymentService.charge', role: 'related' },
      { path: PATH, symbol: 'NoSuch.symbol', role: 'related', commit: '3f2a9c1' },
    ];
    const cases: [string, Files, Parameters<typeof source>[1]][] = [
      ['renamed, symbols', { [PATH]: other, 'src/billing.ts': BASE }, { renames: new Map([[PATH, 'src/billing.ts']]) }],
      ['renamed, no symbols', { [PATH]: other, 'src/billing.ts': BASE }, { renames: new Map([[PATH, 'src/billing.ts']]), symbols: false }],
      ['renamed to a missing file', { [PATH]: other }, { renames: new Map([[PATH, 'src/gone.ts']]), at: BASE }],
      ['no renames', { [PATH]: other }, { renames: new Map(), symbols: false }],
      ['no git', { [PATH]: other }, { symbols: false }],
    ];
    for (const [name, files, options] of cases) {
      const one = await Promise.all(links.map((link) => resolveLink(link, source(files, options))));
      const many = await resolveLinks(links, source(files, options));
      assert.deepEqual(many, one, name);
      assert.ok(one.some((r) => r.kind === 'stale'), `${name}: a stale link among them`);
      if (name.startsWith('renamed,')) assert.ok(one.some((r) => r.kind === 'resolved' && r.renamedFrom === PATH), `${name}: one found after the rename`);
    }
  });

  it('reads the file at a link\'s commit only for links whose stored lines no longer hold their text', async () => {
    const now = withLinesInserted(BASE, 2, ['// a new header', '']);
    const asked: string[] = [];
    const counting = (files: Files): LinkSource => {
      const inner = source(files, { at: BASE, symbols: false });
      return { ...inner, readAt: async (commit, path) => (asked.push(path), inner.readAt?.(commit, path)) };
    };
    const unchanged = [linkTo({ start: 5, end: 12 }), linkTo({ start: 20, end: 22 })];
    assert.deepEqual((await resolveLinks(unchanged, counting({ [PATH]: BASE }))).map((r) => r.kind === 'resolved' && r.how), ['unchanged', 'unchanged']);
    assert.deepEqual(asked, []);
    const moved = await resolveLinks(unchanged, counting({ [PATH]: now }));
    assert.deepEqual(moved.map((r) => r.kind === 'resolved' && r.how !== 'file' && r.lines), [{ start: 7, end: 14 }, { start: 23, end: 24 }]);
    assert.deepEqual(asked, [PATH], 'read once for both links');
  });

  it('checks stored lines through the file\'s memo of fingerprints for its text, and fills it', async () => {
    const links = [linkTo({ start: 5, end: 12 }), linkTo({ start: 20, end: 22 })];
    const fingerprints = new Map<string, string>();
    const memoSource = (lines: readonly string[], prints?: Map<string, string>): LinkSource => ({ read: async (path) => (path === PATH ? { path, lines, ...(prints ? { fingerprints: prints } : {}) } : undefined) });
    const first = await resolveLinks(links, memoSource(BASE, fingerprints));
    assert.deepEqual(first.map((r) => r.kind === 'resolved' && r.how), ['unchanged', 'unchanged']);
    assert.deepEqual([...fingerprints], [['5-12', links[0]?.fingerprint], ['20-22', links[1]?.fingerprint]]);
    // The memo is taken as the text's own: given for other text, it answers as for the text it was made from.
    const other = BASE.map((_, i) => `// line ${i + 1} rewritten`);
    assert.deepEqual((await resolveLinks(links, memoSource(other))).map((r) => r.kind), ['stale', 'stale']);
    assert.deepEqual((await resolveLinks(links, memoSource(other, fingerprints))).map((r) => r.kind === 'resolved' && r.how), ['unchanged', 'unchanged']);
  });
});
