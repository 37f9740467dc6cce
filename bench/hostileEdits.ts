// `npm run bench`, hostile part: what the extension host's thread spends on a stranger's incident
// file outside the load, at the reader's limit of 1 MiB with the content that costs most: a note into
// a notes list of 1 MiB of lines, an edit of a file whose last byte is not UTF-8, a note refused for
// size (by the panel, and by the writer), the line of a duplicate id and the lines of stale links.
// Each is the longest stretch of this thread's own CPU time between two turns of its event loop
// (withBlockMonitor), median of REPS; `before` runs what the code before did on this thread.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkerParser } from '../src/adapters/incidentParser';
import { IncidentStore } from '../src/adapters/incidentStore';
import { IncidentWriter } from '../src/adapters/incidentWriter';
import { writeNote } from '../src/adapters/noteWriter';
import { readFileBytesInside, readFileInside } from '../src/adapters/workspaceFiles';
import { appendNoteByLines } from '../src/core/incidentEdits';
import type { Note } from '../src/core/model';
import { MAX_INCIDENT_FILE_BYTES } from '../src/core/parseIncident';
import { topLevelKeyLine } from '../src/core/yamlKeys';
import { isPanelToExtension, MAX_NOTE_TEXT, noteTextProblem } from '../src/shared/protocol';
import { median, withBlockMonitor } from './measure';

const REPS = Number(process.env.BENCH_HOSTILE_REPS ?? 3);
const MiB = 1024 * 1024;
const LINKS = 1_000;

/** Host CPU (ms) of the longest stretch between two turns, median of REPS; `beforeMs` where the code before ran the work here. */
export interface EditCost {
  fileKB: number;
  cpuMs: number;
  beforeCpuMs?: number;
}

export interface HostileEditsResult {
  reps: number;
  /** The floor: a note into a small incident file, the same way. */
  smallNote: EditCost;
  /** A note into a notes list padded to 1 MiB with comment lines (the line reader reads each). */
  noteIntoNoteLines: EditCost;
  /** An edit of a 1 MiB file whose last byte is not UTF-8: refused with the byte it found. */
  notUtf8Refused: EditCost;
  /** A note of MAX_NOTE_TEXT characters into a file it would push past 1 MiB: refused before anything is written. */
  noteTooBigRefused: EditCost;
  /** The notes panel's host side receiving a note of 1 MiB (the message decoded, checked, refused). */
  panelRefusal: EditCost;
  /** The line of a duplicate id in a 1 MiB file of line breaks (the Problems entry's place). */
  duplicateIdLine: EditCost;
  /** The lines of a 1 MiB file's stale links (read, and placed by the parse worker). */
  staleLinkLines: EditCost;
}

/** Runs the edit costs in `base` (a scratch folder), with the parse worker at `worker`. */
export async function benchHostileEdits(base: string, worker: string): Promise<HostileEditsResult> {
  const root = join(base, 'edits');
  const dir = join(root, '.incidents');
  mkdirSync(dir, { recursive: true });
  const folder = { id: 'file:///edits', root };
  const head = (id: string) => `id: ${id}\ntitle: T\nseverity: SEV2\nstatus: investigating\nnotes:\n  - at: 2026-03-02T14:05:00Z\n    kind: observation\n    text: first\n`;
  const note = (i: number, text = `note ${i}`): Note => ({ at: `2026-03-02T15:${String(i).padStart(2, '0')}:00Z`, author: 'alice', kind: 'observation', text });
  const small = join(dir, 'INC-1.yaml');
  const lines = join(dir, 'INC-2.yaml');
  const linesText = head('INC-2') + '  #\n'.repeat(Math.floor((MiB - 4096) / 4));
  const latin = join(dir, 'INC-3.yaml');
  const latinBytes = Buffer.concat([Buffer.from(`${head('INC-3')}# ${'aé界😀'.repeat(104_000)}`), Buffer.from([0xff])]);
  const full = join(dir, 'INC-4.yaml');
  const fullText = `${head('INC-4')}# ${'x'.repeat(MAX_INCIDENT_FILE_BYTES - 1000 - head('INC-4').length)}\n`;
  const ids = join(dir, 'INC-5.yaml');
  const idsBytes = Buffer.from(`${'\n'.repeat(MiB - 100)}id: INC-5\n`);
  const stale = join(dir, 'INC-6.yaml');
  // 1,000 links, then comment lines up to near 1 MiB: the most lines a file of links can have.
  const staleText = `id: INC-6\ntitle: T\nseverity: SEV2\nstatus: resolved\nlinks:\n${Array.from({ length: LINKS }, (_, i) => `  - path: src/f${i % 50}.ts\n    lines: ${i + 1}-${i + 3}\n    role: related\n`).join('')}${'#\n'.repeat(480_000)}`;
  const parser = new WorkerParser({ script: worker });
  const writer = new IncidentWriter({ editor: parser });
  const cpu = async (work: () => Promise<unknown>) => (await withBlockMonitor(work, { cpu: true })).maxBlockCpuMs ?? NaN;
  const runs: Record<string, number[]> = {};
  const record = (name: string, ms: number) => (runs[name] ??= []).push(ms);
  try {
    writeFileSync(small, head('INC-1'));
    // Warm: the lock library loads on the first write, the worker starts.
    await writer.update(small, (current) => `${current}# warm\n`);
    for (let rep = 0; rep < REPS; rep++) {
      writeFileSync(small, head('INC-1'));
      writeFileSync(lines, linesText);
      writeFileSync(latin, latinBytes);
      writeFileSync(full, fullText);
      writeFileSync(ids, idsBytes);
      writeFileSync(stale, staleText);
      const store = new IncidentStore({ parser });
      await store.loadFolder(folder);
      record('smallNote', await cpu(() => writeNote(store, writer, small, folder, note(rep))));
      record('noteIntoNoteLines', await cpu(() => writeNote(store, writer, lines, folder, note(rep))));
      // As before: the splice by lines on this thread (the parse that proves it was already in the worker).
      writeFileSync(lines, linesText);
      record('noteIntoNoteLinesBefore', await cpu(() => writer.update(lines, (current) => appendNoteByLines(current, note(rep)) ?? current)));
      record('notUtf8Refused', await cpu(() => writer.update(latin, (current) => `${current}#\n`).catch(() => undefined)));
      record('noteTooBigRefused', await cpu(() => writeNote(store, writer, full, folder, note(rep, 'y'.repeat(MAX_NOTE_TEXT))).then(() => { throw new Error('a note past 1 MiB was written'); }, () => undefined)));
      // What crosses from the webview is JSON: decoded, checked, refused (the panel itself refuses it before sending).
      const message = JSON.stringify({ type: 'logNote', kind: 'observation', text: 'z'.repeat(MiB), attachSelection: false });
      record('panelRefusal', await cpu(async () => {
        const received: unknown = JSON.parse(message);
        if (isPanelToExtension(received) && received.type === 'logNote' && !noteTextProblem(received.text)) throw new Error('a 1 MiB note was accepted');
      }));
      record('duplicateIdLine', await cpu(async () => {
        const read = readFileBytesInside(root, ids, MAX_INCIDENT_FILE_BYTES);
        if (typeof read !== 'object' || 'skipped' in read || topLevelKeyLine(read.bytes, 'id') !== MiB - 99) throw new Error('no id line');
      }));
      // As before: the text decoded, split into lines and each tested.
      record('duplicateIdLineBefore', await cpu(async () => {
        const read = readFileInside(root, ids, MAX_INCIDENT_FILE_BYTES);
        if (typeof read !== 'object' || 'skipped' in read || read.text.split(/\r?\n/).findIndex((line) => /^id\s*:/.test(line)) !== MiB - 100) throw new Error('no id line');
      }));
      record('staleLinkLines', await cpu(async () => {
        const read = readFileBytesInside(root, stale, MAX_INCIDENT_FILE_BYTES);
        if (typeof read !== 'object' || 'skipped' in read) throw new Error('not read');
        const placed = await parser.parse(read.bytes, { linkLines: true });
        if (placed.linkLineWidths?.length !== LINKS) throw new Error('not placed');
      }));
      // As before: the text decoded here, posted as text, and split into rows for the widths.
      record('staleLinkLinesBefore', await cpu(async () => {
        const read = readFileInside(root, stale, MAX_INCIDENT_FILE_BYTES);
        if (typeof read !== 'object' || 'skipped' in read) throw new Error('not read');
        const placed = await parser.parse(read.text, { linkLines: true });
        const rows = read.text.split(/\r\n|\r|\n/);
        if (rows.length < 480_000 || placed.linkLines?.length !== LINKS) throw new Error('not placed');
      }));
    }
  } finally {
    parser.dispose();
    rmSync(root, { recursive: true, force: true });
  }
  const at = (name: string) => median(runs[name] ?? [NaN]);
  const kb = (bytes: number) => Math.round(bytes / 1024);
  return {
    reps: REPS,
    smallNote: { fileKB: kb(head('INC-1').length), cpuMs: at('smallNote') },
    noteIntoNoteLines: { fileKB: kb(linesText.length), cpuMs: at('noteIntoNoteLines'), beforeCpuMs: at('noteIntoNoteLinesBefore') },
    notUtf8Refused: { fileKB: kb(latinBytes.length), cpuMs: at('notUtf8Refused') },
    noteTooBigRefused: { fileKB: kb(fullText.length), cpuMs: at('noteTooBigRefused') },
    panelRefusal: { fileKB: kb(MiB), cpuMs: at('panelRefusal') },
    duplicateIdLine: { fileKB: kb(idsBytes.length), cpuMs: at('duplicateIdLine'), beforeCpuMs: at('duplicateIdLineBefore') },
    staleLinkLines: { fileKB: kb(Buffer.byteLength(staleText)), cpuMs: at('staleLinkLines'), beforeCpuMs: at('staleLinkLinesBefore') },
  };
}
