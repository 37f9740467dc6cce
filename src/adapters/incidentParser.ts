// Parsing incident files without blocking the caller's thread. Parsing a 1 MiB file a stranger
// wrote (100,000 tiny links, a million commas in a flow list, deep nesting) takes seconds, and
// the yaml library cannot be paused midway, so the extension host hands each file to one worker
// thread (parseWorker.ts) and only receives the result. Each file has a time budget: past it the
// worker is terminated, the file gets a problem that says so, and a fresh worker takes the rest.
import { Worker } from 'node:worker_threads';
import type { Problem } from '../core/model';
import { parseIncidentFile, type ParsedIncident, type ParseOptions } from '../core/parseIncident';
import type { ParseRequest } from './parseWorker';

export interface IncidentParser {
  /**
   * The file's incident and problems; never rejects: a failure is a problem on the file. `first`:
   * parsed before the files not yet started that were not asked for first (an open file's links).
   */
  parse(text: string, options: ParseOptions, first?: boolean): Promise<ParsedIncident>;
  dispose(): void;
}

/** Parses on the caller's thread (the command line, tests): fine where nothing else waits for the thread. */
export const inlineParser: IncidentParser = {
  parse: (text, options) => Promise.resolve(parseOrProblem(text, options)),
  dispose: () => undefined,
};

/**
 * Per file, wall time: a 600 KB file of 10,000 links parses in about half a second, and in five on a
 * machine with ten times more work than cores; one that needs thirty is hostile. (The host is never
 * blocked either way: the budget only keeps one file from holding the parser for minutes.)
 */
export const DEFAULT_PARSE_BUDGET_MS = 30_000;

export interface WorkerParserOptions {
  /** The built parseWorker.js (dist/parseWorker.js in the extension). */
  script: string;
  /** How long one file may take, in ms of wall time from when the worker starts on it. Default DEFAULT_PARSE_BUDGET_MS. */
  budgetMs?: number;
  /** Told about each file stopped for its budget, and about a worker that died. */
  onStopped?: (message: string) => void;
}

interface Job extends ParseRequest {
  done: (result: ParsedIncident) => void;
  first?: boolean;
}

/** Text posted to the worker and not yet answered, at most (beyond one file): what a restart copies again. */
const MAX_POSTED_CHARS = 1024 * 1024;

/**
 * One worker thread, started on first use, that parses files in the order given. Files are posted
 * ahead, up to MAX_POSTED_CHARS, so the worker never waits for a round trip; the budget of each runs
 * from the moment the one before it came back. A worker that exceeds it, crashes or exits is
 * replaced, and the files it still owed are posted to the new one.
 */
export class WorkerParser implements IncidentParser {
  private worker: Worker | undefined;
  /** The current worker has loaded: budgets run from then, not through its start-up. */
  private ready = false;
  /** Posted to the current worker and not yet answered, oldest first. */
  private readonly pending: Job[] = [];
  private postedChars = 0;
  /** Not yet posted, oldest first. */
  private readonly waiting: Job[] = [];
  private nextId = 1;
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;
  /** The worker could not start: files parse on this thread (see replace). */
  private inline = false;
  private readonly budgetMs: number;

  constructor(private readonly options: WorkerParserOptions) {
    this.budgetMs = options.budgetMs ?? DEFAULT_PARSE_BUDGET_MS;
  }

  parse(text: string, options: ParseOptions, first = false): Promise<ParsedIncident> {
    if (this.inline) return inlineParser.parse(text, options);
    if (this.disposed) return Promise.resolve({ problems: [wholeFile('Not read: Incident Lens was stopping.')] });
    return new Promise((done) => {
      const job = { id: this.nextId++, text, options, done, first };
      // Asked for first: ahead of every waiting file that was not (after those that were, in order).
      const at = first ? this.waiting.findIndex((waiting) => !waiting.first) : -1;
      if (at === -1) this.waiting.push(job);
      else this.waiting.splice(at, 0, job);
      this.postAhead();
    });
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
    for (const job of [...this.pending.splice(0), ...this.waiting.splice(0)]) job.done({ problems: [wholeFile('Not read: Incident Lens was stopping.')] });
  }

  private stop(): void {
    clearTimeout(this.timer);
    const stopping = this.worker;
    this.worker = undefined;
    void stopping?.terminate();
  }

  /** Posts waiting files while the worker owes less than MAX_POSTED_CHARS (always at least one). */
  private postAhead(): void {
    while (this.waiting.length > 0 && (this.pending.length === 0 || this.postedChars < MAX_POSTED_CHARS)) {
      const job = this.waiting.shift() as Job;
      this.pending.push(job);
      this.postedChars += job.text.length;
      this.post(job);
    }
  }

  private post(job: Job): void {
    const worker = this.worker ?? this.start();
    // Held alive while it owes answers (a command line must not exit with a file half read), not when idle.
    worker.ref();
    worker.postMessage({ id: job.id, text: job.text, options: job.options } satisfies ParseRequest);
    if (this.pending[0] === job && this.ready) this.arm(job);
  }

  private start(): Worker {
    const worker = new Worker(this.options.script, { stdout: false, stderr: false });
    this.ready = false;
    worker.on('message', (message: { id?: number; result?: ParsedIncident; error?: string; ready?: true }) => {
      if (worker !== this.worker) return;
      if (message.ready) {
        this.ready = true;
        const first = this.pending[0];
        if (first) this.arm(first);
        return;
      }
      const job = this.pending[0];
      if (!job || job.id !== message.id) return;
      this.finish(message.result ?? { problems: [wholeFile(`The file could not be parsed: ${message.error ?? 'unknown error'}`)] });
    });
    worker.on('error', (error) => this.replace(worker, `The parser stopped: ${error.message}`));
    worker.on('exit', (code) => this.replace(worker, `The parser exited (code ${code})`));
    this.worker = worker;
    return worker;
  }

  /** Answers the oldest job and starts the clock of the next one. */
  private finish(result: ParsedIncident): void {
    clearTimeout(this.timer);
    const job = this.pending.shift();
    if (job) this.postedChars -= job.text.length;
    this.postAhead();
    const next = this.pending[0];
    if (next && this.ready) this.arm(next);
    else if (!next) this.worker?.unref();
    job?.done(result);
  }

  private arm(job: Job): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.overBudget(job), this.budgetMs);
    this.timer.unref();
  }

  private overBudget(job: Job): void {
    if (this.pending[0] !== job || !this.worker) return;
    const seconds = (this.budgetMs / 1000).toFixed(this.budgetMs % 1000 === 0 ? 0 : 1);
    this.options.onStopped?.(`A file of ${job.text.length} characters took longer than ${seconds} s to parse; it was stopped.`);
    this.restartWith(`Reading this file took longer than ${seconds} s, so it was stopped and is not shown. An incident file is a few kilobytes of plain YAML; split it or simplify it.`);
  }

  /** The current worker failed or was stopped: its oldest job gets `reason` as its problem, the rest go to a new worker. */
  private replace(worker: Worker, reason: string): void {
    if (worker !== this.worker || this.disposed) return;
    if (!this.ready) {
      // It never loaded (a missing or broken script): parse on this thread from now on, rather than fail every file.
      this.options.onStopped?.(`${reason} before it loaded; files are parsed on the extension host's thread instead.`);
      this.inline = true;
      this.stop();
      for (const job of [...this.pending.splice(0), ...this.waiting.splice(0)]) job.done(parseOrProblem(job.text, job.options));
      return;
    }
    this.options.onStopped?.(reason);
    this.restartWith(`The file could not be parsed: ${reason}.`);
  }

  private restartWith(problem: string): void {
    this.stop();
    // The files the stopped worker still owed go back to the front of the queue, for a new one.
    const owed = this.pending.splice(0);
    this.postedChars = 0;
    const [stopped, ...rest] = owed;
    this.waiting.unshift(...rest);
    if (stopped) {
      this.pending.push(stopped);
      this.postedChars = stopped.text.length;
    }
    this.finish({ problems: [wholeFile(problem)] });
  }
}

function parseOrProblem(text: string, options: ParseOptions): ParsedIncident {
  try {
    return parseIncidentFile(text, options);
  } catch (error) {
    return { problems: [wholeFile(`The file could not be parsed: ${(error as Error).message}`)] };
  }
}

function wholeFile(message: string): Problem {
  return { message, severity: 'error', line: 1, column: 1, endLine: 1, endColumn: 1 };
}
