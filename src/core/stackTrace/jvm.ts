// Java, Kotlin, Scala and Groovy frames: `\tat com.acme.pay.Charge.run(Charge.java:42)`,
// possibly with a module or class-loader prefix (`java.base@17/`, `app//`) and a Logback
// suffix (` ~[app.jar:na]`). The JVM prints only the file's name; its folder is the
// package of the class, so `file` becomes `com/acme/pay/Charge.java`, a path suffix that
// finds `src/main/java/com/acme/pay/Charge.java`. `(Native Method)` and `(Unknown Source)`
// are frames without a location. No maintained npm package parses JVM traces.
import { positive, type FrameReader } from './frame';

const FRAME = /^\s*at\s+([^\s()]+)\(([^()]*)\)\s*(?:~?\[[^\]]*\])?\s*$/;
const LOCATION = /^([^:/\\]+?)(?::(\d+))?$/;
const NO_LOCATION = new Set(['Native Method', 'Unknown Source']);

export const readJvmFrame: FrameReader = (line) => {
  const match = FRAME.exec(line);
  if (!match?.[1] || match[2] === undefined) return undefined;
  const qualified = match[1].slice(match[1].lastIndexOf('/') + 1);
  const parts = qualified.split('.');
  if (parts.length < 2 || parts.some((part) => part === '')) return undefined;
  const where = LOCATION.exec(match[2].trim());
  if (!where?.[1]) return undefined;
  if (NO_LOCATION.has(where[1])) return { function: qualified };
  const at = positive(where[2]);
  // `Charge.java` without a line is still a location, but only a file-level one.
  if (!/\.\w+$/.test(where[1])) return undefined;
  const packagePath = parts.slice(0, -2).join('/');
  return { function: qualified, file: packagePath ? `${packagePath}/${where[1]}` : where[1], ...(at !== undefined ? { line: at } : {}) };
};
