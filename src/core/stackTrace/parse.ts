// A pasted stack trace in, its frames out, in the order printed. Each line is offered to
// the readers in an order where no earlier reader claims another runtime's frames: Python
// and .NET have unmistakable shapes, a JVM frame has no space before its parenthesis, Go's
// location line ends in `.go:N`, Ruby's in `:N:in 'name'`, and JavaScript comes last
// because its readers are the most permissive. Several traces in one paste (a log excerpt,
// chained exceptions) give all their frames.
import { readDotnetFrame, readDotnetFrameWithoutLocation, DOTNET_MARKER } from './dotnet';
import { MAX_FRAME_TEXT, MAX_FRAMES, MAX_LINE_CHARS, MAX_TRACE_CHARS, type FrameReader, type StackFrame, type TraceLanguage } from './frame';
import { readGoFrame } from './go';
import { readJavaScriptFrame } from './javascript';
import { readJvmFrame } from './jvm';
import { readPythonFrame } from './python';
import { readRubyFrame } from './ruby';

export type { StackFrame, TraceLanguage } from './frame';
export { MAX_FRAMES, MAX_TRACE_CHARS } from './frame';

export interface ParsedTrace {
  frames: StackFrame[];
  /** The runtimes whose frames were found, most frames first. */
  languages: TraceLanguage[];
  /** True when the paste was longer than MAX_TRACE_CHARS or held more than MAX_FRAMES frames. */
  truncated: boolean;
}

const READERS: readonly (readonly [TraceLanguage, FrameReader])[] = [
  ['python', readPythonFrame],
  ['dotnet', readDotnetFrame],
  ['jvm', readJvmFrame],
  ['go', readGoFrame],
  ['ruby', readRubyFrame],
  ['javascript', readJavaScriptFrame],
];

/** Every frame in `text`; lines that are not frames (messages, source excerpts) are passed over. Never throws. */
export function parseStackTrace(text: string): ParsedTrace {
  let truncated = text.length > MAX_TRACE_CHARS;
  const lines = text.slice(0, MAX_TRACE_CHARS).split(/\r\n|\r|\n/);
  const dotnet = lines.some((line) => line.length <= MAX_LINE_CHARS && DOTNET_MARKER.test(line));
  const readers = dotnet ? [...READERS, ['dotnet', readDotnetFrameWithoutLocation] as const] : READERS;
  const frames: StackFrame[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.length > MAX_LINE_CHARS || line.trim() === '') continue;
    const previous = i > 0 ? lines[i - 1] : undefined;
    for (const [language, read] of readers) {
      const frame = read(line, previous !== undefined && previous.length <= MAX_LINE_CHARS ? previous : undefined);
      if (!frame) continue;
      frames.push({ language, traceLine: i + 1, text: line.trim().slice(0, MAX_FRAME_TEXT), ...frame });
      break;
    }
    if (frames.length > MAX_FRAMES) {
      frames.length = MAX_FRAMES;
      truncated = true;
      break;
    }
  }
  return { frames, languages: languagesOf(frames), truncated };
}

function languagesOf(frames: readonly StackFrame[]): TraceLanguage[] {
  const counts = new Map<TraceLanguage, number>();
  for (const frame of frames) counts.set(frame.language, (counts.get(frame.language) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([language]) => language);
}
