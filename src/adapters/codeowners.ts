// The repository's CODEOWNERS file, found where GitHub looks for it (.github/, the root,
// docs/; the first one found is the only one read) and parsed by src/core/codeowners.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CODEOWNERS_LOCATIONS, parseCodeowners, type Codeowners } from '../core/codeowners';

/** Larger than any real CODEOWNERS file; past it the file is ignored rather than parsed. */
const MAX_BYTES = 1024 * 1024;

/** The parsed file and its folder-relative path, or undefined when the repository has none. */
export async function loadCodeowners(root: string): Promise<{ file: string; codeowners: Codeowners } | undefined> {
  for (const file of CODEOWNERS_LOCATIONS) {
    const text = await readFile(join(root, file), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    if (text.length > MAX_BYTES) return { file, codeowners: { rules: [], problems: [{ line: 1, message: `Larger than ${MAX_BYTES / 1024} KiB; ignored.` }] } };
    return { file, codeowners: parseCodeowners(text) };
  }
  return undefined;
}
