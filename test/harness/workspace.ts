// Each run works on its own copy of the demo workspace, so tests may change it.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './codeServer';

export function makeRunDir(name: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `incident-lens-${name}-`));
  // INCIDENT_LENS_KEEP_RUNS=1 keeps each run's folder (logs, user data) for debugging.
  if (process.env.INCIDENT_LENS_KEEP_RUNS) return { dir, remove: () => console.log(`  (kept ${dir})`) };
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function copyDemoWorkspace(runDir: string): string {
  const workspace = join(runDir, 'workspace');
  cpSync(join(REPO, 'demo'), workspace, { recursive: true });
  return workspace;
}
