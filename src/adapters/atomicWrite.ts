// Replaces a file so that a reader, or a crash, sees the old text or the new, never a mix or a
// truncation: the text goes to a temporary file beside it, reaches the disk, then is renamed over it.
import { randomBytes } from 'node:crypto';
import { link, open, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** When false, fail with code EEXIST instead of replacing a file that exists. Default true. */
  overwrite?: boolean;
}

/** The temporary files of `file`: hidden, and ending in .tmp so that no reader takes one for an incident. */
export function isTempFileOf(file: string, name: string): boolean {
  const prefix = `.${basename(file)}.`;
  return name.startsWith(prefix) && /^[0-9a-f]{12}\.tmp$/.test(name.slice(prefix.length));
}

export async function writeFileAtomic(file: string, text: string, options: AtomicWriteOptions = {}): Promise<void> {
  // Through a symlink to its target, so the link stays a link.
  const target = await realpath(file).catch(() => file);
  const dir = dirname(target);
  const temp = join(dir, `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const mode = (await stat(target).catch(() => undefined))?.mode;
    const handle = await open(temp, 'wx');
    try {
      // Keep the replaced file's permissions; a file system without them is no reason to fail.
      if (mode !== undefined) await handle.chmod(mode & 0o7777).catch(() => undefined);
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.overwrite === false) await moveIfAbsent(temp, target);
    else await rename(temp, target);
  } finally {
    // Gone already after a rename; after a link, or a failure, this is the only copy left to remove.
    await rm(temp, { force: true }).catch(() => undefined);
  }
  await syncDirectory(dir);
}

/** A hard link fails with EEXIST when `target` exists: an atomic "create, never replace". */
async function moveIfAbsent(temp: string, target: string): Promise<void> {
  try {
    await link(temp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw error;
    // No hard links on this file system: check, then rename (callers hold a lock around this).
    if (await stat(target).then(() => true, () => false)) {
      throw Object.assign(new Error(`EEXIST: file already exists, '${target}'`), { code: 'EEXIST', path: target });
    }
    await rename(temp, target);
  }
}

/** Makes the rename itself durable. Windows cannot open a directory, and does not need to. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  try {
    await handle?.sync();
  } catch {
    // Not supported on this file system; the rename is still atomic.
  } finally {
    await handle?.close();
  }
}
