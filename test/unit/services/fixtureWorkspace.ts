// The demo repository copied to a temporary folder (outside any git work tree), as the
// fixture workspace the services, the trace command and the MCP server are tested against.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The repository root, wherever the bundled test runs from. */
export function repo(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'demo'))) dir = dirname(dir);
  return dir;
}

export function copyDemo(): { root: string; dispose(): void } {
  const root = mkdtempSync(join(tmpdir(), 'incident-lens-agents-'));
  cpSync(join(repo(), 'demo'), root, { recursive: true });
  return { root, dispose: () => rmSync(root, { recursive: true, force: true }) };
}
