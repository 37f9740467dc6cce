// "Clear Incident Filter": show every incident again.
import { NO_FILTER } from '../../core/incidentQuery';
import type { IncidentsTreeProvider } from '../tree/incidentsTreeProvider';
import type { Command } from './command';

export class ClearIncidentFilterCommand implements Command {
  readonly id = 'incidentLens.clearIncidentFilter';

  constructor(private readonly tree: IncidentsTreeProvider) {}

  execute(): Promise<void> {
    return this.tree.setFilter(NO_FILTER);
  }
}
