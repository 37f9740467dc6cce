// The hostile corpus (corpus.ts) through the store, the config store and the writer, in a worker
// thread with a memory cap, so that a hang or a runaway read fails this test instead of the run.
// The rule: no crash, no hang (every step under a time budget), no file opened outside the
// folder, every bad file a Problems entry, every good file still shown, nothing written outside.
import * as assert from 'node:assert/strict';
import type * as Fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { ConfigStore } from '../../../src/adapters/configStore';
import { DEFAULT_PARSE_BUDGET_MS, WorkerParser } from '../../../src/adapters/incidentParser';
import { IncidentStore } from '../../../src/adapters/incidentStore';
import { IncidentWriter } from '../../../src/adapters/incidentWriter';
import { appendNote } from '../../../src/core/incidentEdits';
import { MAX_PROBLEMS_PER_FILE } from '../../../src/core/parseIncident';
import { generateCorpus, MANY_FILES, type Corpus } from './corpus';

/**
 * Generous: a step takes milliseconds; this only catches a hang (which never ends). A machine
 * running a dozen processes on two cores took over 15 s for one write.
 */
const STEP_BUDGET_MS = 60_000;
/** The whole folder (MANY_FILES files and the large cases) at once. */
const LOAD_BUDGET_MS = 180_000;
/** A slow-to-parse case may hold the parser up to its budget (then it is stopped): its steps get that on top. */
const SLOW_STEP_MS = DEFAULT_PARSE_BUDGET_MS + STEP_BUDGET_MS;
const MEMORY_MB = 512;
/** The parse worker as `npm run build:tests` builds it (esbuild.mjs). */
const PARSE_WORKER = join(__dirname, '../../../parseWorker.js');

interface Step { type: 'step'; name: string }
interface Outcome {
  type: 'done';
  opened: string[];
  loaded: Record<string, string | undefined>;
  problems: Record<string, string[]>;
  writes: Record<string, string>;
  configs: Record<string, string[]>;
  slowest: { name: string; ms: number };
  loadMs: number;
}

if (isMainThread) {
  (process.platform === 'win32' ? describe.skip : describe)('hostile corpus', function () {
    this.timeout(LOAD_BUDGET_MS + 6 * SLOW_STEP_MS + 120_000);
    let base: string;
    let corpus: Corpus;
    let outcome: Outcome;
    let outsideBefore: Record<string, string>;

    before(async () => {
      base = mkdtempSync(join(tmpdir(), 'hostile-corpus-'));
      corpus = generateCorpus(base);
      outsideBefore = snapshot(corpus.outside);
      outcome = await runWorker(corpus);
    });
    after(() => {
      rmSync(base, { recursive: true, force: true });
      // HOSTILE_CORPUS_TIMES=1 prints the measured figures (for reports, not asserted).
      if (process.env.HOSTILE_CORPUS_TIMES && outcome) console.error(`hostile corpus: load ${outcome.loadMs.toFixed(0)} ms, slowest step ${outcome.slowest.name} ${outcome.slowest.ms.toFixed(0)} ms`);
    });

    it('opens no file outside the workspace folder', () => {
      const root = realpathSync(corpus.root);
      const outside = outcome.opened.filter((file) => relative(root, file).startsWith('..'));
      assert.deepEqual(outside, []);
      assert.ok(outcome.opened.length >= MANY_FILES, `only ${outcome.opened.length} files were opened: the recorder saw nothing`);
    });

    it('shows every good file', () => {
      const good = corpus.cases.filter((c) => c.expect === 'good');
      const missing = good.filter((c) => outcome.loaded[c.name] !== c.id).map((c) => `${c.name}: ${outcome.loaded[c.name]} ${(outcome.problems[c.name] ?? []).join('; ')}`);
      assert.deepEqual(missing, []);
    });

    it('gives every bad file a Problems entry, and drops no file silently', () => {
      const silent = corpus.cases
        .filter((c) => (c.expect === 'bad' || outcome.loaded[c.name] === undefined) && (outcome.problems[c.name] ?? []).length === 0)
        .map((c) => c.name);
      assert.deepEqual(silent, []);
      const shown = corpus.cases.filter((c) => c.expect === 'bad' && outcome.loaded[c.name] !== undefined && c.name !== 'INC-PATHS.yaml').map((c) => c.name);
      assert.deepEqual(shown, [], 'bad files that loaded as incidents');
    });

    it('keeps each file\'s problems to a readable few', () => {
      const flooded = Object.entries(outcome.problems).filter(([, found]) => found.length > MAX_PROBLEMS_PER_FILE + 1).map(([name, found]) => `${name}: ${found.length}`);
      assert.deepEqual(flooded, []);
      assert.match(outcome.problems['INC-KEYS.yaml']?.at(-1) ?? '', /^\d+ more problems in this file are not listed\.$/);
    });

    it('writes nothing outside the folder, and refuses to write through a bad file', () => {
      assert.deepEqual(snapshot(corpus.outside), outsideBefore);
      for (const name of ['INC-ZERO.yaml', 'INC-OUT.yaml', 'INC-SECRET.yaml', 'INC-FIFO.yaml', 'INC-DANGLING.yaml']) {
        assert.match(outcome.writes[name] ?? '', /outside the workspace folder|not a regular file|does not exist|symbolic link/, name);
      }
      assert.equal(outcome.writes['INC-1.yaml'], 'written');
    });

    it('reads every config.yaml pattern case within its budget, with a problem where one is due', () => {
      const wrong = corpus.configs.filter((c) => (outcome.configs[c.name] ?? []).length > 0 !== c.problem).map((c) => `${c.name}: ${JSON.stringify(outcome.configs[c.name])}`);
      assert.deepEqual(wrong, []);
    });
  });
} else {
  void runCorpus(workerData as Corpus).then((outcome) => parentPort?.postMessage(outcome));
}

/** Runs the corpus in a worker; fails when a step outlives its budget or the worker dies (out of memory included). */
function runWorker(corpus: Corpus): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: corpus, resourceLimits: { maxOldGenerationSizeMb: MEMORY_MB } });
    let current = 'starting';
    let timer: NodeJS.Timeout | undefined;
    const arm = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        void worker.terminate();
        reject(new Error(`Hang: "${current}" took longer than ${ms} ms.`));
      }, ms);
    };
    const slow = new Set(corpus.cases.filter((c) => c.slow).map((c) => `refresh ${c.name}`));
    const loadBudget = LOAD_BUDGET_MS + slow.size * SLOW_STEP_MS;
    arm(loadBudget);
    worker.on('message', (message: Step | Outcome) => {
      if (message.type === 'step') {
        current = message.name;
        arm(message.name === 'load folder' ? loadBudget : slow.has(message.name) ? SLOW_STEP_MS : STEP_BUDGET_MS);
        return;
      }
      clearTimeout(timer);
      void worker.terminate();
      resolve(message);
    });
    worker.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`Crash in "${current}": ${error.message}`));
    });
    worker.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`The worker exited with ${code} in "${current}".`));
    });
  });
}

/** In the worker: every file opened is recorded, then each part of the extension meets the corpus. */
async function runCorpus(corpus: Corpus): Promise<Outcome> {
  const opened: string[] = [];
  const record = (path: unknown) => {
    if (typeof path !== 'string') return;
    try {
      opened.push(realpathSync(path));
    } catch {
      opened.push(path);
    }
  };
  // The module object itself, which every bundled import reads its functions from at call time.
  const fs = createRequire(__filename)('node:fs') as typeof Fs;
  let recording = true;
  const wrap = <K extends 'openSync' | 'readFileSync'>(name: K) => {
    const original = fs[name] as (...args: unknown[]) => unknown;
    (fs as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      if (recording) record(args[0]);
      return original.apply(fs, args);
    };
  };
  wrap('openSync');
  wrap('readFileSync');
  const openPromise = fs.promises.open;
  fs.promises.open = ((path: Fs.PathLike, ...rest: unknown[]) => {
    if (recording) record(path);
    return (openPromise as (...args: unknown[]) => Promise<Fs.promises.FileHandle>)(path, ...rest);
  }) as typeof fs.promises.open;
  const readPromise = fs.promises.readFile;
  fs.promises.readFile = ((path: unknown, ...rest: unknown[]) => {
    if (recording) record(path);
    return (readPromise as (...args: unknown[]) => Promise<unknown>)(path, ...rest);
  }) as typeof fs.promises.readFile;

  let slowest = { name: '', ms: 0 };
  const step = async <T>(name: string, work: () => T | Promise<T>): Promise<T> => {
    parentPort?.postMessage({ type: 'step', name } satisfies Step);
    const started = performance.now();
    const result = await work();
    const ms = performance.now() - started;
    if (ms > slowest.ms && name !== 'load folder') slowest = { name, ms };
    return result;
  };

  const folder = { id: 'file:///repo', root: corpus.root };
  const dir = join(corpus.root, '.incidents');
  const parser = new WorkerParser({ script: PARSE_WORKER });
  const store = new IncidentStore({ parser });
  const configs = new ConfigStore();
  await step('load config', () => configs.load(folder));
  const loadStarted = performance.now();
  await step('load folder', () => store.loadFolder(folder));
  const loadMs = performance.now() - loadStarted;
  // The watcher's path: each file re-read on its own.
  for (const c of corpus.cases) await step(`refresh ${c.name}`, () => store.refreshFile(join(dir, c.name), folder));

  const loaded: Record<string, string | undefined> = {};
  const problems: Record<string, string[]> = {};
  for (const c of corpus.cases) {
    const file = join(dir, c.name);
    loaded[c.name] = store.index.incidentAt(file)?.id;
    problems[c.name] = (store.problems().get(file) ?? []).map((p) => p.message);
  }

  const writer = new IncidentWriter({ staleMs: 2_000, waitMs: 5_000 });
  const writes: Record<string, string> = {};
  const note = { at: '2026-01-02T00:00:00Z', kind: 'observation' as const, text: 'hostile corpus' };
  // (Not the slow cases: a note is written only into a file that loaded as an incident, and none of them need to.)
  for (const c of corpus.cases.filter((c) => !c.name.startsWith('MANY-') && !c.slow)) {
    writes[c.name] = await step(`write ${c.name}`, () => writer.update(join(dir, c.name), (text) => appendNote(text, note)).then(() => 'written', (error: Error) => error.message));
  }

  const configProblems: Record<string, string[]> = {};
  for (const c of corpus.configs) {
    recording = false;
    writeFileSync(join(dir, 'config.yaml'), c.text);
    recording = true;
    await step(`config ${c.name}`, () => configs.load(folder));
    configProblems[c.name] = [...configs.problems().values()].flat().map((p) => p.message);
  }
  parser.dispose();
  // Code the extension loads on first use (a lazy chunk: scripts/bundleBudget.mjs) is read by Node's
  // module loader, not by the extension: only the files it read as data count.
  const modules = new Set(Object.keys(require.cache));
  return { type: 'done', opened: opened.filter((file) => !modules.has(file)), loaded, problems, writes, configs: configProblems, slowest, loadMs };
}

/** Every file under `dir` with its content, links as their targets. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}
