// Problems in incident files, at their line and column, in the Problems panel.
import * as vscode from 'vscode';
import type { ConfigStore } from '../adapters/configStore';
import type { IncidentStore } from '../adapters/incidentStore';
import type { Problem } from '../core/model';
import { Disposable } from './disposable';

export class IncidentDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('Incident Lens'));

  private configFiles = new Set<string>();

  constructor(private readonly store: IncidentStore, private readonly configs: ConfigStore) {
    super();
    this._register(store.onDidChange((files) => this.update(files)));
    this._register(configs.onDidChange(() => this.updateConfigs()));
  }

  private updateConfigs(): void {
    const problems = this.configs.problems();
    for (const file of this.configFiles) if (!problems.has(file)) this.collection.delete(vscode.Uri.file(file));
    for (const [file, found] of problems) this.collection.set(vscode.Uri.file(file), found.map(toDiagnostic));
    this.configFiles = new Set(problems.keys());
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
