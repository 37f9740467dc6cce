import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'incident-lens.incident-lens';

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need the demo workspace open');
  return folder.uri;
}

export function fileIn(...segments: string[]): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...segments);
}

export async function activated(): Promise<void> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  await extension.activate();
}

/** Polls until `check` stops throwing, then returns its value; fails with the last error. The deadline is generous because CI machines are busy: a passing check returns at once. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await check();
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw lastError;
}

/** What the editor shows: each lens as `line: title` (1-based lines). */
export async function lensesIn(uri: vscode.Uri): Promise<string[]> {
  // The workbench only runs providers over documents it has a model for.
  await vscode.workspace.openTextDocument(uri);
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
  return (lenses ?? [])
    .filter((lens) => lens.command?.command.startsWith('incidentLens.'))
    .map((lens) => `${lens.range.start.line + 1}: ${lens.command?.title ?? ''}`);
}

export async function readText(uri: vscode.Uri): Promise<string> {
  return Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
}

export async function writeText(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
}

export const AGE = String.raw`(today|yesterday|\d+ days ago|\d+ months ago|\d+ years ago)`;
