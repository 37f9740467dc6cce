// "Add Incident-Risk Trailer": writes `Incident-Risk: INC-142, INC-157` (the trailer name is
// a setting) into the Source Control commit message of each repository whose changes touch
// linked code. It only edits the message in the input box; committing stays the user's act.
import * as vscode from 'vscode';
import { withTrailer } from '../../core/changeRiskTrailer';
import { readSettings } from '../config';
import type { ChangeRiskView } from '../scm/changeRiskView';
import type { Command } from './command';

export class AddRiskTrailerCommand implements Command {
  readonly id = 'incidentLens.addRiskTrailer';
  readonly requiresTrust = true;

  constructor(private readonly view: ChangeRiskView) {}

  async execute(): Promise<void> {
    await this.view.refresh();
    const results = this.view.current();
    if (results.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No change touches code linked to an incident: there is no Incident-Risk trailer to add.'));
      return;
    }
    const { trailer } = readSettings().changeRisk;
    for (const { repository, check } of results) {
      const ids = check.risk.incidents.map((risk) => risk.incident.id);
      repository.inputBox.value = withTrailer(repository.inputBox.value, trailer, ids);
    }
    await vscode.commands.executeCommand('workbench.view.scm');
  }
}
