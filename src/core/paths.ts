// Link paths are workspace-folder-relative and may never leave the folder.

/** Why a stored path is unsafe, or undefined when it is a plain relative path. */
export function unsafePathReason(path: string): string | undefined {
  if (path.includes('\0')) return 'contains a NUL character';
  if (path.includes('\\')) return 'uses backslashes; use forward slashes';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.startsWith('~')) return 'is absolute; use a path relative to the workspace folder';
  if (path.split('/').some((segment) => segment === '..')) return "contains '..' and would leave the workspace folder";
  return undefined;
}

/** `./src//a.ts` as `src/a.ts`. Assumes `unsafePathReason(path)` is undefined. */
export function normalizePath(path: string): string {
  return path
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .join('/');
}
