// Which workspace file a stack frame's path names. A trace comes from another machine, a
// container or a bundler, so its paths rarely start at the workspace: `/srv/app/src/a.ts`,
// `C:\Users\dev\app\src\a.ts`, `file:///home/dev/app/src/a.ts`, `webpack:///./src/a.ts` and
// the JVM's `com/acme/A.java` (under `src/main/java/`) all name `src/a.ts`-like files. The
// frame's path, cleaned of URL prefixes and drive letters, is matched by its longest
// trailing run of folder names against the workspace's files of the same name, so any
// source root (src/, src/main/java/, packages/x/) is found without being configured.

/** What a frame path resolved to: a workspace file, or why it was skipped. */
export type FramePath =
  | { kind: 'workspace'; path: string; /** Other files matched as well (same name, same depth of match). */ ambiguous?: string[] }
  | { kind: 'skipped'; reason: string };

/** The workspace's files by base name (workspace-relative paths, forward slashes). */
export interface FileNameIndex {
  withName(name: string, caseInsensitive: boolean): readonly string[];
}

/** Folders whose code belongs to a dependency or the runtime, never to the workspace. */
const LIBRARY_FOLDERS = new Set(['node_modules', 'site-packages', 'dist-packages', 'gems', '.cargo', 'bower_components', 'jspm_packages']);

/**
 * Maps `file` (as a frame wrote it) to a workspace file. `root` is the workspace folder's
 * absolute path (a path under it maps directly); `preferred` are paths to choose among
 * equally good matches (the linked files). Never reads the disk itself: `files` answers.
 */
export function mapFramePath(file: string, root: string, files: FileNameIndex, preferred: ReadonlySet<string> = new Set()): FramePath {
  const cleaned = cleanPath(file);
  if (typeof cleaned !== 'string') return cleaned;
  const windows = /^[A-Za-z]:\//.test(cleaned) || file.includes('\\');
  const segments = segmentsOf(cleaned);
  if (segments.length === 0) return { kind: 'skipped', reason: 'no file name' };
  const library = segments.find((segment) => LIBRARY_FOLDERS.has(segment));
  if (library) return { kind: 'skipped', reason: `library code (${library})` };

  const same = (a: string, b: string) => (windows ? a.toLowerCase() === b.toLowerCase() : a === b);
  const rootSegments = segmentsOf(normalizeSlashes(root));
  if (/^(?:\/|[A-Za-z]:\/)/.test(cleaned) && rootSegments.length < segments.length && rootSegments.every((s, i) => same(s, segments[i] ?? ''))) {
    const inside = segments.slice(rootSegments.length).join('/');
    const found = files.withName(segments.at(-1) ?? '', windows).find((path) => same(path, inside));
    return found ? { kind: 'workspace', path: found } : { kind: 'skipped', reason: `${inside} is not in the workspace` };
  }

  const name = segments.at(-1) ?? '';
  let best = 0;
  let matches: string[] = [];
  for (const candidate of files.withName(name, windows)) {
    const theirs = candidate.split('/');
    let common = 0;
    while (common < theirs.length && common < segments.length && same(theirs[theirs.length - 1 - common] ?? '', segments[segments.length - 1 - common] ?? '')) common++;
    // A file name alone is weak evidence, unless it is all either side has (a root-level file, a bare name).
    if (common < 2 && common !== theirs.length && common !== segments.length) continue;
    if (common > best) [best, matches] = [common, [candidate]];
    else if (common === best) matches.push(candidate);
  }
  if (matches.length === 0) return { kind: 'skipped', reason: 'outside the workspace' };
  matches.sort((a, b) => Number(preferred.has(b)) - Number(preferred.has(a)) || a.split('/').length - b.split('/').length || a.localeCompare(b));
  const [path, ...others] = matches as [string, ...string[]];
  return { kind: 'workspace', path, ...(others.length > 0 ? { ambiguous: others } : {}) };
}

/** The path inside a URL or prefix, with forward slashes; or why the frame has no file. */
function cleanPath(file: string): string | FramePath {
  let path = file.trim();
  if (/^<.*>$/.test(path) || path === '' || /^(?:node|internal|native|eval)(?::|\/|$)/.test(path)) return { kind: 'skipped', reason: 'runtime internals' };
  const url = /^([a-z][\w+.-]*):\/\/(.*)$/i.exec(path);
  if (url) {
    const scheme = (url[1] ?? '').toLowerCase();
    const rest = url[2] ?? '';
    if (scheme === 'file') path = decode(rest.replace(/^[^/]*\//, '/')).replace(/^\/([A-Za-z]:)/, '$1');
    else if (scheme === 'webpack' || scheme === 'webpack-internal') path = rest.replace(/^[^/]*\//, '').replace(/^\([^)]*\)\//, '');
    else if (scheme === 'http' || scheme === 'https') path = decode(rest.replace(/^[^/]*/, '').replace(/[?#].*$/, ''));
    else return { kind: 'skipped', reason: `not a file (${scheme}:)` };
  }
  path = normalizeSlashes(path);
  if (path.startsWith('~/')) return { kind: 'skipped', reason: 'library code (~/)' };
  return path;
}

function normalizeSlashes(path: string): string {
  return path.replace(/\\/g, '/');
}

/** Folder names and the file name, without the drive letter, `.`, empty parts or what `..` undoes. */
function segmentsOf(path: string): string[] {
  const out: string[] = [];
  for (const segment of path.replace(/^[A-Za-z]:(?=\/)/, '').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  return out;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
