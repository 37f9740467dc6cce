// .NET frames: `   at Payments.ChargeService.Charge(Decimal amount) in C:\src\Payments\ChargeService.cs:line 42`.
// A build without symbols prints no ` in ...:line N`; such frames are recognised only when
// the trace is otherwise clearly .NET (readDotnetFrameWithoutLocation), because
// `at Name(args)` alone could be anything. No maintained npm package parses .NET traces.
import { positive, type FrameReader } from './frame';

const FRAME = /^\s*at\s+(\S.*?\))\s+in\s+(\S.*?):line\s+(\d+)\s*$/;
const WITHOUT_LOCATION = /^\s*at\s+([^\s(]+\([^()]*\))\s*$/;
/** Lines only a .NET runtime prints. */
export const DOTNET_MARKER = /^\s*--- End of (?:inner exception )?stack trace|\)\s+in\s+\S.*:line\s+\d+\s*$/;

export const readDotnetFrame: FrameReader = (line) => {
  const match = FRAME.exec(line);
  const at = positive(match?.[3]);
  if (!match?.[1] || !match[2] || at === undefined) return undefined;
  return { function: match[1], file: match[2], line: at };
};

export const readDotnetFrameWithoutLocation: FrameReader = (line) => {
  const match = WITHOUT_LOCATION.exec(line);
  return match?.[1] ? { function: match[1] } : undefined;
};
