import { SEVERITIES, type Severity } from './model';

/** Lower rank is more severe; labels outside the known list rank last. */
export function severityRank(severity: Severity, labels: readonly string[] = SEVERITIES): number {
  const index = labels.indexOf(severity);
  return index === -1 ? labels.length : index;
}
