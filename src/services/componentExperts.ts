// The experts of a component (a service or folder of the where-to-invest roll-up): the people
// to ask about the linked code behind it, merged over its files. Each file is asked through
// findExperts (src/services/experts.ts) with the repository's fixes and renames read once and
// without blame (one git process per file would not scale to a component of many files), so a
// person's reasons are responded to an incident linked there, wrote a fix that changed it,
// owns it by CODEOWNERS. Vscode-free; git runs only when the caller says it may.
import type { ComponentRollup } from '../core/components';
import type { Incident } from '../core/model';
import { findExperts, historyOf, linksInto, type Expert, type HistorySource } from './experts';
import { REASON_WEIGHTS } from './expertsRanking';

/** People per component when the caller names no limit: enough to know whom to ask. */
export const DEFAULT_COMPONENT_EXPERTS = 3;

/** Fixes and renames not given are read here once for all the components (HistorySource). */
export interface ComponentExpertsRequest extends HistorySource {
  /** Every incident of the folder; each component's own are picked by its incidentIds. */
  incidents: readonly Incident[];
  now: Date;
  /** People per component, default DEFAULT_COMPONENT_EXPERTS. */
  limit?: number;
}

/**
 * The experts of each of `components`, in the same order: people ranked by their summed score
 * over the component's linked files (highest first, then by name), each once with every distinct
 * reason. A person is the same across files when their email, else their name, matches
 * (case-insensitive). A component hit only through an incident's `services` has no files: no experts.
 */
export async function componentExperts(components: readonly ComponentRollup[], request: ComponentExpertsRequest): Promise<Expert[][]> {
  // No git process when no component has a file to ask about.
  const paths = components.some((c) => c.paths.length > 0);
  const { fixes, renames } = await historyOf({ ...request, gitAllowed: paths && request.gitAllowed });
  const byId = new Map(request.incidents.map((incident) => [incident.id, incident]));
  const result: Expert[][] = [];
  for (const component of components) {
    const incidents = component.incidentIds.map((id) => byId.get(id)).filter((i): i is Incident => i !== undefined);
    const perFile = await Promise.all(component.paths.map((path) => findExperts({
      root: request.root,
      path,
      incidents,
      linked: linksInto(incidents, path),
      references: request.references,
      now: request.now,
      gitAllowed: request.gitAllowed,
      fixes,
      renames,
      noBlame: true,
      limit: Number.MAX_SAFE_INTEGER,
    })));
    result.push(mergeExperts(perFile.flat(), request.limit ?? DEFAULT_COMPONENT_EXPERTS));
  }
  return result;
}

/**
 * One Expert per person (email, else name, case-insensitive), each reason once: a responder once
 * per incident, a fix author once per fix and incident, an owner once per CODEOWNERS rule. The
 * score is the sum of the weights (REASON_WEIGHTS) of the reasons kept, so a fix that changed
 * three files of the component counts once.
 */
export function mergeExperts(experts: readonly Expert[], limit: number): Expert[] {
  const people = new Map<string, Expert & { seen: Set<string> }>();
  for (const expert of experts) {
    const key = (expert.email ?? expert.name).toLowerCase();
    let person = people.get(key);
    if (!person) {
      person = { name: expert.name, ...(expert.email ? { email: expert.email } : {}), score: 0, reasons: [], seen: new Set() };
      people.set(key, person);
    }
    person.email ??= expert.email;
    for (const reason of expert.reasons) {
      const same = reason.incident !== undefined || reason.commit !== undefined ? `${reason.incident ?? ''}\n${reason.commit ?? ''}` : reason.detail;
      if (person.seen.has(`${reason.kind}\n${same}`)) continue;
      person.seen.add(`${reason.kind}\n${same}`);
      person.reasons.push(reason);
      person.score += reason.kind === 'recent-author' ? REASON_WEIGHTS.recentAuthor : REASON_WEIGHTS[reason.kind];
    }
  }
  return [...people.values()]
    .map(({ seen: _, ...person }) => ({ ...person, score: Math.round(person.score * 100) / 100 }))
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name))
    .slice(0, limit);
}
