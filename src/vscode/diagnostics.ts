// Problems in incident files, at their line and column, in the Problems panel.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConfigStore } from '../adapters/configStore';
import type { IncidentStore } from '../adapters/incidentStore';
import type { Problem } from '../core/model';
import { MAX_INCIDENT_FILE_BYTES } from '../core/parseIncident';
import { folderOfIncidentFile, readFileBytesInside } from '../adapters/workspaceFiles';
import { topLevelKeyLine } from '../core/yamlKeys';
import { Disposable } from './disposable';

/** Other files named in a duplicate id's message; past them, a count (a stranger's 1,500 copies made each message 1,500 names). */
const MAX_NAMED = 5;

export class IncidentDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('Incident Lens'));

  private configFiles = new Set<string>();
  private readonly idByFile = new Map<string, string>();
  /** Incident files with diagnostics in the collection now: a load of 10,000 clean files then touches none. */
  private readonly flagged = new Set<string>();
  /** The id line of each flagged duplicate, read once until the file changes (a change re-flags every file sharing its id). */
  private readonly idLines = new Map<string, number>();

  constructor(private readonly store: IncidentStore, private readonly configs: ConfigStore) {
    super();
    this._register(store.onDidChange((files) => this.update(files)));
    this._register(configs.onDidChange(() => this.updateConfigs()));
  }

  /** The changed files and every file that shares an id with one of them, before or after the change. */
  private withSameIds(files: readonly string[]): Set<string> {
    const affected = new Set(files);
    for (const file of files) {
      const before = this.idByFile.get(file);
      const after = this.store.index.incidentAt(file)?.id;
      for (const id of [before, after]) if (id !== undefined) this.store.index.sourcesOf(id).forEach((s) => affected.add(s));
      if (after === undefined) this.idByFile.delete(file);
      else this.idByFile.set(file, after);
    }
    return affected;
  }

  /** Two files with one id are both flagged; both still load, so neither silently wins. */
  private duplicateIdProblems(file: string, sourcesOf: (id: string) => readonly string[]): Problem[] {
    const id = this.store.index.incidentAt(file)?.id;
    const sources = id === undefined ? [] : sourcesOf(id);
    const others = sources.length - 1;
    if (id === undefined || others < 1) return [];
    let line = this.idLines.get(file);
    if (line === undefined) this.idLines.set(file, (line = idLine(file)));
    const named = sources.slice(0, MAX_NAMED + 1).filter((s) => s !== file).slice(0, MAX_NAMED).map((o) => path.basename(o)).join(', ');
    const names = others > MAX_NAMED ? vscode.l10n.t('{0} and {1} more', named, others - MAX_NAMED) : named;
    return [{ message: vscode.l10n.t('The id {0} is also used by {1}. Ids must be unique: rename one of them.', id, names), severity: 'error', line, column: 1, endLine: line, endColumn: 1 + 'id'.length }];
  }

  private updateConfigs(): void {
    const problems = this.configs.problems();
    for (const file of this.configFiles) if (!problems.has(file)) this.collection.delete(vscode.Uri.file(file));
    for (const [file, found] of problems) this.collection.set(vscode.Uri.file(file), found.map(toDiagnostic));
    this.configFiles = new Set(problems.keys());
  }

  private update(files: readonly string[]): void {
    for (const file of files) this.idLines.delete(file);
    const problems = this.store.problems();
    // Each id's files listed once for this update, not once for every file that shares it.
    const sourcesById = new Map<string, readonly string[]>();
    const sourcesOf = (id: string) => sourcesById.get(id) ?? (sourcesById.set(id, this.store.index.sourcesOf(id)).get(id) as readonly string[]);
    for (const file of this.withSameIds(files)) {
      const found = [...(problems.get(file) ?? []), ...this.duplicateIdProblems(file, sourcesOf)];
      if (found.length === 0 && !this.flagged.has(file)) continue;
      this.collection.set(vscode.Uri.file(file), found.length > 0 ? found.map(toDiagnostic) : undefined);
      if (found.length > 0) this.flagged.add(file);
      else this.flagged.delete(file);
    }
  }
}

/** The 1-based line of the top-level `id:` key; 1 when it cannot be read. Found in the bytes: nothing decoded here. */
function idLine(file: string): number {
  const read = readFileBytesInside(folderOfIncidentFile(file), file, MAX_INCIDENT_FILE_BYTES);
  if (typeof read !== 'object' || 'skipped' in read) return 1;
  return topLevelKeyLine(read.bytes, 'id') ?? 1;
}

function toDiagnostic(problem: Problem): vscode.Diagnostic {
  const range = new vscode.Range(problem.line - 1, problem.column - 1, problem.endLine - 1, problem.endColumn - 1);
  const severity = problem.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error;
  const diagnostic = new vscode.Diagnostic(range, problem.message, severity);
  diagnostic.source = 'Incident Lens';
  return diagnostic;
}
