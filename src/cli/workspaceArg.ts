// The workspace a command works on: found from the current directory, loaded once.
import { findWorkspaceRoot, loadWorkspace, type LoadedWorkspace } from '../services/workspace';
import { CliError, type CliIO } from './io';

/**
 * Loads the workspace around `io.cwd` (the nearest folder with .incidents/, else the git
 * root); a CliError when there is none. Problems in incident files are printed to stderr
 * as `file:line:column: message` and the rest of the incidents still count.
 */
export async function openWorkspace(io: CliIO): Promise<LoadedWorkspace> {
  const root = await findWorkspaceRoot(io.cwd);
  if (!root) throw new CliError(`No workspace here: ${io.cwd} has no .incidents/ folder above it and is not in a git repository. Run incident-lens inside your repository (or create .incidents/ at its root).`);
  const workspace = await loadWorkspace(root);
  for (const [file, problems] of workspace.problems) {
    for (const problem of problems) io.stderr(`${file}:${problem.line}:${problem.column}: ${problem.severity}: ${problem.message}\n`);
  }
  return workspace;
}
