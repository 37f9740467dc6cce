import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated, eventually, fileIn, lensesIn, writeText } from './helpers';

describe('Problems in incident files', () => {
  before(activated);

  it('puts a schema error in the Problems panel at its line and column, and every other incident still shows', async () => {
    const file = fileIn('.incidents/INC-190.yaml');
    await writeText(file, 'id: INC-190\ntitle: Broken\nseverity: SEV2\nstatus: finished\nlinks:\n  - { path: src/api/server.ts, role: trigger }\n');
    try {
      const diagnostics = await eventually(() => {
        const found = vscode.languages.getDiagnostics(file);
        assert.equal(found.length, 1);
        return found;
      });
      const [problem] = diagnostics;
      assert.equal(problem?.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(problem?.source, 'Incident Lens');
      assert.match(problem?.message ?? '', /^status must be one of: triage, investigating/);
      assert.deepEqual([problem?.range.start.line, problem?.range.start.character], [3, 8]);
      assert.deepEqual(await lensesIn(fileIn('src/api/server.ts')), []);
      assert.equal((await lensesIn(fileIn('src/payments/charge.ts'))).length, 1);
    } finally {
      await vscode.workspace.fs.delete(file);
    }
    await eventually(() => assert.deepEqual(vscode.languages.getDiagnostics(file), []));
  });

  it('reports invalid YAML at the place it breaks', async () => {
    const file = fileIn('.incidents/INC-191.yaml');
    await writeText(file, 'id: INC-191\ntitle: a: b\nseverity: SEV1\nstatus: triage\n');
    try {
      const [problem] = await eventually(() => {
        const found = vscode.languages.getDiagnostics(file);
        assert.equal(found.length, 1);
        return found;
      });
      assert.deepEqual([problem?.range.start.line, problem?.range.start.character], [1, 7]);
    } finally {
      await vscode.workspace.fs.delete(file);
    }
  });
});
