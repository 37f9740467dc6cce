// Ruby backtraces: `app/models/charge.rb:51:in 'Charge#run'` (Ruby 3.4) or with a backtick
// before the name (earlier Rubies), `from ` before each frame of an uncaught exception, and
// `: message (Error)` after the first. No maintained npm package parses Ruby backtraces.
import { positive, type FrameReader } from './frame';

const FRAME = /^\s*(?:from\s+)?(\S.*?):(\d+):in\s+[`'](.+?)'/;

export const readRubyFrame: FrameReader = (line) => {
  const match = FRAME.exec(line);
  const at = positive(match?.[2]);
  if (!match?.[1] || at === undefined) return undefined;
  return { file: match[1], line: at, ...(match[3] ? { function: match[3] } : {}) };
};
