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

describe('Two incident files with one id', () => {
  before(activated);

  it('flags both at their id line, and neither silently wins', async () => {
    const original = fileIn('.incidents/INC-157.yaml');
    const copy = fileIn('.incidents/INC-157-copy.yaml');
    const text = Buffer.from(await vscode.workspace.fs.readFile(original)).toString('utf8');
    await writeText(copy, `# Copied by mistake\n${text}`);
    try {
      await eventually(() => {
        const onOriginal = vscode.languages.getDiagnostics(original);
        const onCopy = vscode.languages.getDiagnostics(copy);
        assert.equal(onOriginal.length, 1);
        assert.equal(onCopy.length, 1);
        assert.equal(onOriginal[0]?.message, 'The id INC-157 is also used by INC-157-copy.yaml. Ids must be unique: rename one of them.');
        assert.equal(onOriginal[0]?.range.start.line, 0);
        assert.equal(onCopy[0]?.range.start.line, 1);
      });
    } finally {
      await vscode.workspace.fs.delete(copy);
    }
    await eventually(() => assert.deepEqual(vscode.languages.getDiagnostics(original), []));
  });

  it('names five of many files sharing the id, then counts the rest', async () => {
    // A stranger's repository may hold any number of copies: each message stays short.
    const original = fileIn('.incidents/INC-157.yaml');
    const copies = Array.from({ length: 7 }, (_, i) => fileIn(`.incidents/INC-157-c${i}.yaml`));
    const text = Buffer.from(await vscode.workspace.fs.readFile(original)).toString('utf8');
    for (const copy of copies) await writeText(copy, text);
    try {
      await eventually(() => {
        assert.equal(vscode.languages.getDiagnostics(original)[0]?.message, 'The id INC-157 is also used by INC-157-c0.yaml, INC-157-c1.yaml, INC-157-c2.yaml, INC-157-c3.yaml, INC-157-c4.yaml and 2 more. Ids must be unique: rename one of them.');
        assert.equal(vscode.languages.getDiagnostics(copies[0] as vscode.Uri)[0]?.message, 'The id INC-157 is also used by INC-157-c1.yaml, INC-157-c2.yaml, INC-157-c3.yaml, INC-157-c4.yaml, INC-157-c5.yaml and 2 more. Ids must be unique: rename one of them.');
        for (const copy of copies) assert.equal(vscode.languages.getDiagnostics(copy)[0]?.range.start.line, 0);
      });
    } finally {
      for (const copy of copies) await vscode.workspace.fs.delete(copy);
    }
    await eventually(() => assert.deepEqual(vscode.languages.getDiagnostics(original), []));
  });
});
