// The incident files of a folder as the store finds them: the listing of .incidents/, and a
// quick glance at a file's text to tell whether it could link a given code file.
import type { Dirent } from 'node:fs';
import { opendir } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { MAX_INCIDENT_FILE_BYTES } from '../core/parseIncident';
import { TimeSlices } from './indexCache';
import { MISSING, readRegularFileBytes, resolveInside } from './workspaceFiles';

const CONFIG_FILES = new Set(['config.yaml', 'config.yml']);

/** Whether a directory entry's name is an incident file's (YAML, and not the folder's config file). */
export function isIncidentFileName(name: string): boolean {
  return /\.ya?ml$/i.test(name) && !CONFIG_FILES.has(name.toLowerCase());
}

/**
 * Whether an incident file's text could link a code file named one of `names`: it contains the
 * name, or a backslash (a YAML escape could spell it). Anything not plainly readable: yes, so the
 * full read reports it.
 */
export function mayLink(file: string, root: string, names: readonly string[]): boolean {
  const real = resolveInside(root, file, true);
  if (typeof real !== 'string') return true;
  // In the bytes, undecoded (a name's UTF-8 is found where its text is): no strict UTF-8 check for
  // this glance (a file that fails it is read and reported later), and no string of the file made.
  const read = readRegularFileBytes(real, MAX_INCIDENT_FILE_BYTES);
  if (read === MISSING || 'skipped' in read) return true;
  return textMayLink(read.bytes, names);
}

/** mayLink for what was already read: the text, or its bytes (a name's UTF-8 is found where its text is). */
export function textMayLink(text: string | Buffer, names: readonly string[]): boolean {
  return text.includes('\\') || names.some((name) => text.includes(name));
}

/**
 * Every entry named like an incident file but a directory: links, pipes and devices too, so that
 * each is reported, not silently passed over; with the ones that are symbolic links. `sliceMs`: the
 * longest stretch of listing before a turn of the event loop.
 */
export async function listIncidentFiles(dir: string, sliceMs = 20): Promise<{ files: string[]; links: Set<string> }> {
  try {
    // In batches of 256 names with turns between stretches of 20 ms: one readdir of 50,000 names blocks the
    // host for 50 to 90 ms. readSync hands out the batch opendir holds, without a promise per name.
    const entries: Dirent[] = [];
    const listing = await opendir(dir, { bufferSize: 256 });
    try {
      const slices = new TimeSlices(sliceMs);
      for (let e = listing.readSync(); e !== null; e = listing.readSync()) {
        if (!e.isDirectory() && isIncidentFileName(e.name)) entries.push(e);
        if (slices.due) await slices.next();
      }
    } finally {
      listing.closeSync();
    }
    // A listed name has no separator: joining by hand gives join()'s path without normalising 10,000 of them.
    const prefix = join(dir, sep);
    return { files: entries.map((e) => prefix + e.name).sort(), links: new Set(entries.filter((e) => e.isSymbolicLink()).map((e) => prefix + e.name)) };
  } catch {
    return { files: [], links: new Set() };
  }
}
