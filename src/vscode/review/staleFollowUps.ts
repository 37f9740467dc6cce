// Stale follow-ups in Problems: an open review follow-up older than config.yaml's
// review.stale_follow_up_days (default 30) is a warning at its line in the incident file.
// Computed from the index (the parser keeps each follow-up's position), never by reading files.
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import type { IncidentConfig } from '../../core/config';
import type { Clock } from '../../core/ports';
import { staleFollowUpProblems } from '../../core/review';
import { Disposable } from '../disposable';

/** Follow-ups turn stale as days pass, so the warnings are recomputed this often too. */
const RECHECK_MS = 60 * 60 * 1000;

export class StaleFollowUpDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('Incident Lens reviews'));

  constructor(
    private readonly store: IncidentStore,
    private readonly configOf: (folder: string) => IncidentConfig,
    private readonly clock: Clock,
    onConfigChange: (listener: () => void) => { dispose(): void },
  ) {
    super();
    this._register(store.onDidChange(() => this.refresh()));
    this._register(onConfigChange(() => this.refresh()));
    const timer = setInterval(() => this.refresh(), RECHECK_MS);
    this._register({ dispose: () => clearInterval(timer) });
    this.refresh();
  }

  /** Replaces every warning with those of the index as it is now. */
  refresh(): void {
    const now = this.clock.now();
    const entries: [vscode.Uri, vscode.Diagnostic[]][] = [];
    for (const { source, folder, incident } of this.store.index.entries()) {
      const problems = staleFollowUpProblems(incident, this.configOf(folder).review.staleFollowUpDays, now);
      if (problems.length === 0) continue;
      entries.push([vscode.Uri.file(source), problems.map((p) => {
        const diagnostic = new vscode.Diagnostic(new vscode.Range(p.line - 1, p.column - 1, p.endLine - 1, p.endColumn - 1), p.message, vscode.DiagnosticSeverity.Warning);
        diagnostic.source = 'Incident Lens';
        diagnostic.code = 'stale-follow-up';
        return diagnostic;
      })]);
    }
    this.collection.clear();
    this.collection.set(entries);
  }
}
