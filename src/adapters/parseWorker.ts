// The worker thread that parses incident files for the extension host (incidentParser.ts): a
// file's text and parse options in, its ParsedIncident out, one message each way. A file that
// takes too long is the host's to stop: it terminates this thread and starts another.
import { parentPort } from 'node:worker_threads';
import { parseIncidentFile, type ParseOptions } from '../core/parseIncident';

/** One file to parse; `id` comes back with its result. */
export interface ParseRequest {
  id: number;
  text: string;
  options: ParseOptions;
}

// Loaded and warm (the schema compiled) before the first file's time budget starts.
parseIncidentFile('id: WARM-1\ntitle: warm\nseverity: SEV1\nstatus: triage\n');
parentPort?.postMessage({ ready: true });

parentPort?.on('message', ({ id, text, options }: ParseRequest) => {
  try {
    parentPort?.postMessage({ id, result: parseIncidentFile(text, options) });
  } catch (error) {
    // parseIncidentFile turns bad input into problems; this is its own failure (a stack overflow in a library, say).
    parentPort?.postMessage({ id, error: (error as Error).message });
  }
});
