// The worker thread that parses and edits incident files for the extension host
// (incidentParser.ts): a file's text in, its ParsedIncident, its ParsedConfig (config.yaml) or
// its edited text out, one message each way. A request that takes too long is the host's to
// stop: it terminates this thread and starts another.
import { parentPort } from 'node:worker_threads';
import { parseConfigFile } from '../core/config';
import { applyFileEdit, type FileEditName } from '../core/fileEdits';
import { parseIncidentFile, parseIncidentSource, type ParseOptions } from '../core/parseIncident';

/** One piece of work; `id` comes back with its answer. */
export type WorkerRequest =
  // An incident file's text, or its bytes as read (decoded here: parseIncidentSource).
  | { id: number; kind: 'incident'; text: string | Uint8Array; options: ParseOptions }
  | { id: number; kind: 'config'; text: string }
  | { id: number; kind: 'edit'; text: string; edit: FileEditName; args: unknown[] };

/** `result`, or `error` (the message; `code` and `thrown` for an Error an edit threw for its user). */
export interface WorkerAnswer {
  id: number;
  result?: unknown;
  error?: string;
  code?: string;
  thrown?: true;
}

// Loaded and warm (the schema compiled) before the first file's time budget starts.
parseIncidentFile('id: WARM-1\ntitle: warm\nseverity: SEV1\nstatus: triage\n');
parentPort?.postMessage({ ready: true });

parentPort?.on('message', (request: WorkerRequest) => {
  const { id } = request;
  if (request.kind === 'edit') {
    try {
      parentPort?.postMessage({ id, result: applyFileEdit(request.edit, request.text, request.args as never) } satisfies WorkerAnswer);
    } catch (error) {
      // An edit's errors are its answer: the user reads them (incidentEdits.ts).
      const code = (error as NodeJS.ErrnoException).code;
      parentPort?.postMessage({ id, error: (error as Error).message, thrown: true, ...(typeof code === 'string' ? { code } : {}) } satisfies WorkerAnswer);
    }
    return;
  }
  try {
    const result = request.kind === 'config' ? parseConfigFile(request.text) : parseIncidentSource(request.text, request.options);
    parentPort?.postMessage({ id, result } satisfies WorkerAnswer);
  } catch (error) {
    // The parsers turn bad input into problems; this is their own failure (a stack overflow in a library, say).
    parentPort?.postMessage({ id, error: (error as Error).message } satisfies WorkerAnswer);
  }
});
