// The 50 ms rule (issue 13) for what the extension host does with an incident file's text outside the
// load: a note's splice, the decoding an edit reads the file with, the line of a duplicate id and the
// lines of stale links. Each either runs in the parse worker or is one pass over the bytes. Asserted
// on the shape of the work (where it runs, how much is decoded), never on a duration; `npm run bench`
// measures the host's CPU for each (bench/hostile.ts, `edits`).
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { inlineParser, WorkerParser, type FileEditor } from '../../../src/adapters/incidentParser';
import { IncidentStore } from '../../../src/adapters/incidentStore';
import { IncidentWriter } from '../../../src/adapters/incidentWriter';
import { writeNote } from '../../../src/adapters/noteWriter';
import { decodeUtf8, firstInvalidByte } from '../../../src/core/encoding';
import type { Note } from '../../../src/core/model';
import { parseIncidentFile } from '../../../src/core/parseIncident';
import { topLevelKeyLine } from '../../../src/core/yamlKeys';

const WORKER = resolve(__dirname, '../../../parseWorker.js');
const NOTE: Note = { at: '2026-03-02T15:00:00Z', author: 'alice', kind: 'observation', text: 'the lock is held by the nightly job' };
const NOTE_YAML = '  - at: 2026-03-02T15:00:00Z\n    author: alice\n    kind: observation\n    text: the lock is held by the nightly job\n';
const HEAD = 'id: INC-1\ntitle: T\nseverity: SEV2\nstatus: investigating\nnotes:\n  - at: 2026-03-02T14:05:00Z\n    kind: observation\n    text: first\n';
/** A notes list padded to near 1 MiB with comment lines: the line reader reads each one. */
const HOSTILE_NOTES = HEAD + '  #\n'.repeat(Math.floor((1024 * 1024 - HEAD.length - 4096) / 4));

/** The first bad byte as the code before found it: the first prefix a streaming strict decoder refuses, then back to a complete sequence. */
function firstInvalidByteByDecoding(bytes: Uint8Array): number {
  const decodes = (end: number, stream: boolean) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end), { stream });
      return true;
    } catch {
      return false;
    }
  };
  let failing = bytes.length;
  for (let end = 1; end <= bytes.length; end++) {
    if (!decodes(end, true)) {
      failing = end - 1;
      break;
    }
  }
  if (failing === bytes.length) failing = Math.max(0, bytes.length - 1); // cut short at the end
  for (let start = failing; start > Math.max(0, failing - 4); start--) if (decodes(start, false)) return start;
  return Math.max(0, failing - 4);
}

describe('hostile repositories: edits and warnings without long stretches on the host', function () {
  this.timeout(120_000);

  it('finds the first byte that is not UTF-8 where decoding prefixes found it', () => {
    const piece = fc.constantFrom(...['a', '\n', 'é', '界', '😀', '\uFEFF'].map((s) => [...Buffer.from(s)]), [0xff], [0xc3], [0xe0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc0, 0xaf], [0x80], [0xf0, 0x9f]);
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const bytes = Uint8Array.from(pieces.flat());
        const decoded = decodeUtf8(bytes);
        if ('text' in decoded) return;
        assert.equal(firstInvalidByte(bytes), firstInvalidByteByDecoding(bytes), Buffer.from(bytes).toString('hex'));
        assert.match(decoded.problem, new RegExp(`byte ${firstInvalidByte(bytes) + 1} is not valid`));
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses a 1 MiB file whose last byte is not UTF-8 without decoding it again (before: 20 decodes of up to 1 MiB, 60 ms)', () => {
    const bytes = Buffer.concat([Buffer.from(`${'aé界😀'.repeat(104_857)}aaaaa`), Buffer.from([0xff])]);
    assert.equal(bytes.length, 1024 * 1024);
    const Original = globalThis.TextDecoder;
    let decoded = 0;
    globalThis.TextDecoder = class extends Original {
      override decode(...args: Parameters<InstanceType<typeof Original>['decode']>): string {
        decoded += args[0]?.byteLength ?? 0;
        return super.decode(...args);
      }
    };
    let result: ReturnType<typeof decodeUtf8>;
    try {
      result = decodeUtf8(bytes);
    } finally {
      globalThis.TextDecoder = Original;
    }
    assert.match('problem' in result ? result.problem : '', /byte 1048576 is not valid UTF-8/);
    assert.ok(decoded <= bytes.length, `${decoded} bytes decoded again to find the bad one, for a file of ${bytes.length}`);
  });

  it("splices a note by lines in the writer's editor (the parse worker), not on this thread", async () => {
    const root = mkdtempSync(join(tmpdir(), 'incident-lens-host-edits-'));
    try {
      mkdirSync(join(root, '.incidents'));
      const file = join(root, '.incidents', 'INC-1.yaml');
      writeFileSync(file, HEAD);
      const edits: string[] = [];
      const editor: FileEditor = { edit: (name, text, args) => (edits.push(name), inlineParser.edit(name, text, args)) };
      const folder = { id: 'file:///edits', root };
      const store = new IncidentStore();
      await store.loadFolder(folder);
      assert.equal(await writeNote(store, new IncidentWriter({ editor }), file, folder, NOTE), 'lines');
      assert.deepEqual(edits, ['appendNoteByLines']);
      assert.equal(readFileSync(file, 'utf8'), `${HEAD}${NOTE_YAML}`);
      // A layout the line reader does not recognise: unchanged from it, then the whole-document edit.
      const flow = 'id: INC-2\ntitle: T\nseverity: SEV2\nstatus: investigating\nnotes: [{ at: 2026-03-02T14:05:00Z, kind: observation, text: first }]\n';
      const other = join(root, '.incidents', 'INC-2.yaml');
      writeFileSync(other, flow);
      await store.refreshFile(other, folder);
      edits.length = 0;
      assert.equal(await writeNote(store, new IncidentWriter({ editor }), other, folder, NOTE), 'document');
      assert.deepEqual(edits, ['appendNoteByLines', 'appendNote']);
      assert.deepEqual(store.index.incidentAt(other)?.notes.map((n) => n.text), ['first', NOTE.text]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('logs a note into a notes list of 1 MiB of lines through the parse worker', async () => {
    const root = mkdtempSync(join(tmpdir(), 'incident-lens-host-edits-'));
    const parser = new WorkerParser({ script: WORKER });
    try {
      mkdirSync(join(root, '.incidents'));
      const file = join(root, '.incidents', 'INC-1.yaml');
      writeFileSync(file, HOSTILE_NOTES);
      const folder = { id: 'file:///edits', root };
      const store = new IncidentStore({ parser });
      await store.loadFolder(folder);
      assert.equal(await writeNote(store, new IncidentWriter({ editor: parser }), file, folder, NOTE), 'lines');
      // After the last note, before the comment lines that end the list; every other byte kept.
      assert.equal(readFileSync(file, 'utf8'), `${HEAD}${NOTE_YAML}${HOSTILE_NOTES.slice(HEAD.length)}`);
      assert.deepEqual(store.index.incidentAt(file)?.notes.map((n) => n.text), ['first', NOTE.text]);
    } finally {
      parser.dispose();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("answers each stale link's line and its width from the parse: the host splits no file into lines", async () => {
    const text = 'id: INC-1\r\ntitle: T\r\nseverity: SEV2\r\nstatus: resolved\r\nlinks:\r\n  - path: src/é.ts\r\n    role: trigger\r\n\r\n  - { path: src/界.ts, role: related }';
    const parser = new WorkerParser({ script: WORKER });
    try {
      const parsed = await parser.parse(Buffer.from(text), { linkLines: true });
      assert.deepEqual(parsed.linkLines, [6, 9]);
      const rows = text.split(/\r\n|\r|\n/);
      assert.deepEqual(parsed.linkLineWidths, [rows[5]?.length, rows[8]?.length]);
      assert.deepEqual(parsed.linkLineWidths, ['  - path: src/é.ts'.length, '  - { path: src/界.ts, role: related }'.length]);
    } finally {
      parser.dispose();
    }
    assert.equal(parseIncidentFile(text).linkLineWidths, undefined, 'only when asked');
  });

  it("finds a duplicate id's line in the bytes, where splitting the text into lines found it", () => {
    const piece = fc.constantFrom('id', 'id:', ':', ' ', '\t', '\n', '\r\n', 'x', 'i', 'd', ' id:', 'é', '#', 'ids:');
    const byLines = (text: string) => {
      const index = text.split(/\r?\n/).findIndex((line) => /^id\s*:/.test(line));
      return index === -1 ? undefined : index + 1;
    };
    fc.assert(fc.property(fc.array(piece, { maxLength: 20 }), (pieces) => {
      const text = pieces.join('');
      assert.equal(topLevelKeyLine(Buffer.from(text), 'id'), byLines(text), JSON.stringify(text));
    }), { numRuns: 3000 });
    const big = Buffer.from(`${'\n'.repeat(1024 * 1024 - 20)}id: INC-1\n`);
    assert.equal(topLevelKeyLine(big, 'id'), 1024 * 1024 - 19);
  });
});
