// Parsing and editing incident files without blocking the caller's thread. Parsing a 1 MiB
// file a stranger wrote (100,000 tiny links, a million commas in a flow list, deep nesting)
// takes seconds, and the yaml library cannot be paused midway, so the extension host hands each
// file (incidents, config.yaml, and the edits, which parse the whole file too) to one worker
// thread (parseWorker.ts) and only receives the result. Each has a time budget: past it the
// worker is terminated, the file gets a problem (an edit, an error) that says so, and a fresh
// worker takes the rest.
import { Worker } from 'node:worker_threads';
import { DEFAULT_CONFIG, parseConfigFile, type ParsedConfig } from '../core/config';
import { applyFileEdit, type FileEditArgs, type FileEditName } from '../core/fileEdits';
import { parseIncidentSource, wholeFileProblem, type ParsedIncident, type ParseOptions } from '../core/parseIncident';
import type { WorkerAnswer, WorkerRequest } from './parseWorker';

/** Runs the named edits of fileEdits.ts on a file's text; the IncidentWriter's `editor`. */
export interface FileEditor {
  /** The edited text; rejects with the edit's own Error (its message and `code`), or one that says why it did not run. */
  edit<K extends FileEditName>(name: K, text: string, args: FileEditArgs<K>): Promise<string>;
}

export interface IncidentParser extends FileEditor {
  /**
   * The file's incident and problems; never rejects: a failure is a problem on the file. `text`:
   * the file's text, or its bytes as read (decoded where parsed, as strict UTF-8). `first`:
   * parsed before the files not yet started that were not asked for first (an open file's links).
   * `place`, when given, gets a `promote()` that moves this parse there later, while it waits
   * (a file handed to a load before an editor asked for the code it may link).
   */
  parse(text: string | Uint8Array, options: ParseOptions, first?: boolean, place?: QueuePlace): Promise<ParsedIncident>;
  /** A config.yaml's configuration and problems; never rejects: a failure is a problem, and the defaults apply. */
  parseConfig(text: string): Promise<ParsedConfig>;
  dispose(): void;
}

/** Filled by IncidentParser.parse: moves a parse not yet started ahead of a load's files (a no-op once it started). */
export interface QueuePlace {
  promote?: () => void;
}

/** Parses and edits on the caller's thread (the command line, tests): fine where nothing else waits for the thread. */
export const inlineParser: IncidentParser = {
  parse: (text, options) => Promise.resolve(parseOrProblem(text, options)),
  parseConfig: (text) => Promise.resolve(configOrProblem(text)),
  edit: (name, text, args) => new Promise((done) => done(applyFileEdit(name, text, args))),
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

/** Why a job got no answer from the worker. */
type Failure = { kind: 'budget'; seconds: string } | { kind: 'crash'; reason: string } | { kind: 'stopping' };

interface Job {
  request: WorkerRequest;
  /** Config files, edits and an open file's incidents: someone waits for them; they go ahead of a load's files. */
  urgent: boolean;
  answer: (answer: WorkerAnswer) => void;
  fail: (failure: Failure) => void;
}

/** Text (characters, or bytes) posted to the worker and not yet answered, at most (beyond one file): what a restart copies again. */
const MAX_POSTED_CHARS = 128 * 1024;

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

  parse(text: string | Uint8Array, options: ParseOptions, first = false, place?: QueuePlace): Promise<ParsedIncident> {
    if (this.inline) return inlineParser.parse(text, options);
    return new Promise((done) => {
      const job = this.enqueue({ id: this.nextId++, kind: 'incident', text, options }, first, (answer) => {
        done(answer.result !== undefined ? answer.result as ParsedIncident : { problems: [wholeFileProblem(`The file could not be parsed: ${answer.error ?? 'unknown error'}`)] });
      }, (failure) => done({ problems: [wholeFileProblem(failureText(failure, 'incident'))] }));
      if (place && job) place.promote = () => this.promote(job);
    });
  }

  parseConfig(text: string): Promise<ParsedConfig> {
    if (this.inline) return inlineParser.parseConfig(text);
    return new Promise((done) => this.enqueue({ id: this.nextId++, kind: 'config', text }, true, (answer) => {
      done(answer.result !== undefined ? answer.result as ParsedConfig : { config: DEFAULT_CONFIG, problems: [wholeFileProblem(`The file could not be parsed: ${answer.error ?? 'unknown error'}. The defaults apply.`)] });
    }, (failure) => done({ config: DEFAULT_CONFIG, problems: [wholeFileProblem(failureText(failure, 'config'))] })));
  }

  edit<K extends FileEditName>(name: K, text: string, args: FileEditArgs<K>): Promise<string> {
    if (this.inline) return inlineParser.edit(name, text, args);
    return new Promise((done, reject) => this.enqueue({ id: this.nextId++, kind: 'edit', text, edit: name, args: args as unknown[] }, true, (answer) => {
      if (typeof answer.result === 'string') return done(answer.result);
      const error = new Error(answer.thrown ? answer.error : `The edit failed: ${answer.error ?? 'unknown error'}; nothing was changed.`);
      reject(answer.code === undefined ? error : Object.assign(error, { code: answer.code }));
    }, (failure) => reject(new Error(failureText(failure, 'edit')))));
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
    for (const job of [...this.pending.splice(0), ...this.waiting.splice(0)]) job.fail({ kind: 'stopping' });
  }

  /** Queues a job (undefined when stopping, after failing it). */
  private enqueue(request: WorkerRequest, urgent: boolean, answer: Job['answer'], fail: Job['fail']): Job | undefined {
    if (this.disposed) return void fail({ kind: 'stopping' });
    const job: Job = { request, urgent, answer, fail };
    this.wait(job);
    this.postAhead();
    return job;
  }

  /** Urgent work goes ahead of a load's files not yet posted, after urgent work already waiting. */
  private wait(job: Job): void {
    const at = job.urgent ? this.waiting.findIndex((waiting) => !waiting.urgent) : -1;
    if (at < 0) this.waiting.push(job);
    else this.waiting.splice(at, 0, job);
  }

  /** Makes a job still waiting (not yet posted) urgent. */
  private promote(job: Job): void {
    if (job.urgent) return;
    const at = this.waiting.indexOf(job);
    if (at < 0) return;
    this.waiting.splice(at, 1);
    job.urgent = true;
    this.wait(job);
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
      this.postedChars += job.request.text.length;
      this.post(job);
    }
  }

  private post(job: Job): void {
    const worker = this.worker ?? this.start();
    // Held alive while it owes answers (a command line must not exit with a file half read), not when idle.
    worker.ref();
    worker.postMessage(job.request);
    if (this.pending[0] === job && this.ready) this.arm(job);
  }

  private start(): Worker {
    const worker = new Worker(this.options.script, { stdout: false, stderr: false });
    this.ready = false;
    worker.on('message', (message: Partial<WorkerAnswer> & { ready?: true }) => {
      if (worker !== this.worker) return;
      if (message.ready) {
        this.ready = true;
        const first = this.pending[0];
        if (first) this.arm(first);
        return;
      }
      const job = this.pending[0];
      if (!job || job.request.id !== message.id) return;
      this.finish((done) => done.answer(message as WorkerAnswer));
    });
    worker.on('error', (error) => this.replace(worker, `The parser stopped: ${error.message}`));
    worker.on('exit', (code) => this.replace(worker, `The parser exited (code ${code})`));
    this.worker = worker;
    return worker;
  }

  /** Settles the oldest job with `settle` and starts the clock of the next one. */
  private finish(settle: (job: Job) => void): void {
    clearTimeout(this.timer);
    const job = this.pending.shift();
    if (job) this.postedChars -= job.request.text.length;
    this.postAhead();
    const next = this.pending[0];
    if (next && this.ready) this.arm(next);
    else if (!next) this.worker?.unref();
    if (job) settle(job);
  }

  private arm(job: Job): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.overBudget(job), this.budgetMs);
    this.timer.unref();
  }

  private overBudget(job: Job): void {
    if (this.pending[0] !== job || !this.worker) return;
    const seconds = (this.budgetMs / 1000).toFixed(this.budgetMs % 1000 === 0 ? 0 : 1);
    const what = job.request.kind === 'edit' ? `An edit (${job.request.edit}) of a file` : 'A file';
    this.options.onStopped?.(`${what} of ${job.request.text.length} ${typeof job.request.text === 'string' ? 'characters' : 'bytes'} took longer than ${seconds} s${job.request.kind === 'edit' ? '' : ' to parse'}; it was stopped.`);
    this.restartWith({ kind: 'budget', seconds });
  }

  /** The current worker failed or was stopped: its oldest job gets `reason` as its problem, the rest go to a new worker. */
  private replace(worker: Worker, reason: string): void {
    if (worker !== this.worker || this.disposed) return;
    if (!this.ready) {
      // It never loaded (a missing or broken script): parse on this thread from now on, rather than fail every file.
      this.options.onStopped?.(`${reason} before it loaded; files are parsed on the extension host's thread instead.`);
      this.inline = true;
      this.stop();
      for (const job of [...this.pending.splice(0), ...this.waiting.splice(0)]) void runInline(job);
      return;
    }
    this.options.onStopped?.(reason);
    this.restartWith({ kind: 'crash', reason });
  }

  private restartWith(failure: Failure): void {
    this.stop();
    // The files the stopped worker still owed go back to the front of the queue, for a new one.
    const owed = this.pending.splice(0);
    this.postedChars = 0;
    const [stopped, ...rest] = owed;
    this.waiting.unshift(...rest);
    if (stopped) {
      this.pending.push(stopped);
      this.postedChars = stopped.request.text.length;
    }
    this.finish((job) => job.fail(failure));
  }
}

/** A job the worker never took, done on this thread instead (the worker could not start). */
async function runInline(job: Job): Promise<void> {
  const { request } = job;
  if (request.kind === 'incident') return job.answer({ id: request.id, result: await inlineParser.parse(request.text, request.options) });
  if (request.kind === 'config') return job.answer({ id: request.id, result: await inlineParser.parseConfig(request.text) });
  try {
    job.answer({ id: request.id, result: await inlineParser.edit(request.edit, request.text, request.args as never) });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    job.answer({ id: request.id, error: (error as Error).message, thrown: true, ...(typeof code === 'string' ? { code } : {}) });
  }
}

/** What the user reads about a job that got no answer. */
function failureText(failure: Failure, kind: WorkerRequest['kind']): string {
  if (failure.kind === 'stopping') return kind === 'edit' ? 'Not changed: Incident Lens was stopping.' : 'Not read: Incident Lens was stopping.';
  if (failure.kind === 'crash') return kind === 'edit' ? `The edit could not be made (${failure.reason}); nothing was changed.` : `The file could not be parsed: ${failure.reason}.${kind === 'config' ? ' The defaults apply.' : ''}`;
  const { seconds } = failure;
  if (kind === 'edit') return `Editing this file took longer than ${seconds} s, so the edit was stopped; nothing was changed. An incident file is a few kilobytes of plain YAML; split it or simplify it.`;
  if (kind === 'config') return `Reading this file took longer than ${seconds} s, so it was stopped and the defaults apply. A configuration file is a few hundred bytes.`;
  return `Reading this file took longer than ${seconds} s, so it was stopped and is not shown. An incident file is a few kilobytes of plain YAML; split it or simplify it.`;
}

function parseOrProblem(text: string | Uint8Array, options: ParseOptions): ParsedIncident {
  try {
    return parseIncidentSource(text, options);
  } catch (error) {
    return { problems: [wholeFileProblem(`The file could not be parsed: ${(error as Error).message}`)] };
  }
}

function configOrProblem(text: string): ParsedConfig {
  try {
    return parseConfigFile(text);
  } catch (error) {
    return { config: DEFAULT_CONFIG, problems: [wholeFileProblem(`The file could not be parsed: ${(error as Error).message}. The defaults apply.`)] };
  }
}
