// Go panics and runtime/debug.Stack(): a function line, then its location on the next,
// indented line with an optional program-counter offset:
//   main.(*Server).charge(0xc000010000, {0x0, 0x0})
//   	/home/u/app/payments/charge.go:51 +0x1d
// `created by main.main in goroutine 1` names the function the same way. No maintained
// npm package parses Go traces.
import { positive, type FrameReader } from './frame';

const LOCATION = /^\s+(\S.*?\.(?:go|s)):(\d+)(?:\s+\+0x[0-9a-fA-F]+)?\s*$/;

export const readGoFrame: FrameReader = (line, previous) => {
  const match = LOCATION.exec(line);
  const at = positive(match?.[2]);
  if (!match?.[1] || at === undefined) return undefined;
  const fn = previous === undefined ? undefined : functionOf(previous);
  return { file: match[1], line: at, ...(fn ? { function: fn } : {}) };
};

/** `main.(*Server).charge(0xc0, {0x0})` -> `main.(*Server).charge`; undefined for anything else. */
function functionOf(line: string): string | undefined {
  let text = line.trim().replace(/^created by\s+/, '').replace(/\s+in goroutine \d+$/, '');
  if (text === '' || /\s/.test(text.replace(/\(.*\)$/, ''))) return undefined;
  if (text.endsWith(')')) {
    // Drop the argument list: the last balanced parenthesis group.
    let depth = 0;
    for (let i = text.length - 1; i >= 0; i--) {
      if (text[i] === ')') depth++;
      else if (text[i] === '(' && --depth === 0) {
        text = text.slice(0, i);
        break;
      }
    }
  }
  return text || undefined;
}
