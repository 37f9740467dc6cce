// Python tracebacks: `  File "/srv/app/payments/charge.py", line 51, in charge`. The
// source line and the `^^^^` markers Python 3.11+ prints below a frame are not frames.
// No maintained npm package parses Python tracebacks, so this is the one pattern.
import { positive, type FrameReader } from './frame';

const FRAME = /^\s*File "([^"]+)", line (\d+)(?:, in (\S.*?))?\s*$/;

export const readPythonFrame: FrameReader = (line) => {
  const match = FRAME.exec(line);
  const at = positive(match?.[2]);
  if (!match?.[1] || at === undefined) return undefined;
  return { file: match[1], line: at, ...(match[3] ? { function: match[3] } : {}) };
};
