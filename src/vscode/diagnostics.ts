// Problems in incident files, at their line and column, in the Problems panel.
import * as vscode from 'vscode';
import type { IncidentStore } from '../adapters/incidentStore';
import type { Problem } from '../core/model';
import { Disposable } from './disposable';

export class IncidentDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('Incident Lens'));

  constructor(private readonly store: IncidentStore) {
    super();
    this._register(store.onDidChange((files) => this.update(files)));
  }

  private update(files: readonly string[]): void {
    const problems = this.store.problems();
    for (const file of files) {
      const found = problems.get(file);
      this.collection.set(vscode.Uri.file(file), found ? found.map(toDiagnostic) : undefined);
    }
  }
}

function toDiagnostic(problem: Problem): vscode.Diagnostic {
  const range = new vscode.Range(problem.line - 1, problem.column - 1, problem.endLine - 1, problem.endColumn - 1);
  const severity = problem.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error;
  const diagnostic = new vscode.Diagnostic(range, problem.message, severity);
  diagnostic.source = 'Incident Lens';
  return diagnostic;
}
