// One frame of a stack trace, whatever language printed it, and the limits that keep a
// pasted trace from a stranger cheap to read.

export type TraceLanguage = 'javascript' | 'python' | 'jvm' | 'go' | 'dotnet' | 'ruby';

export interface StackFrame {
  language: TraceLanguage;
  /** 1-based line of the pasted text the frame was read from. */
  traceLine: number;
  /** That line, trimmed and cut to MAX_FRAME_TEXT characters, for display. */
  text: string;
  /** The function, method or block as the runtime named it, when it did. */
  function?: string;
  /**
   * Where the code is, as the trace wrote it: an absolute POSIX or Windows path, a relative
   * path, a `file://`, `webpack:///` or `http(s)://` URL. For the JVM, which prints only a
   * file name, the package path and that name (`com/acme/pay/Charge.java`). Absent for
   * frames without a location (native code, a .NET build without symbols).
   */
  file?: string;
  /** 1-based line in `file`. */
  line?: number;
  /** 1-based column, when the runtime prints one (JavaScript). */
  column?: number;
}

/** Reads one line of a trace; `previous` is the line before it (Go prints the function there). */
export type FrameReader = (line: string, previous: string | undefined) => Omit<StackFrame, 'traceLine' | 'text' | 'language'> | undefined;

/** A pasted trace longer than this (characters) is read up to here only. */
export const MAX_TRACE_CHARS = 256 * 1024;
/** Longer lines are not frames any runtime prints; they are skipped without running a pattern over them. */
export const MAX_LINE_CHARS = 1_000;
/** Frames past this are dropped (a stack overflow prints thousands of the same frame). */
export const MAX_FRAMES = 1_000;
export const MAX_FRAME_TEXT = 300;

/** A positive safe integer from digits, or undefined. */
export function positive(digits: string | undefined): number | undefined {
  if (digits === undefined) return undefined;
  const n = Number(digits);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
