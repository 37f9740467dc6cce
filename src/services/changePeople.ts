// The people to ask about a change: for each place a change touches (src/services/changeRisk.ts),
// the top experts of that code (peopleToAsk), so `incident-lens check` and the Source Control
// view name who to ask beside the incidents. Git's history is read once for all places.
import type { TouchedCode } from '../core/changeRisk';
import type { IncidentConfig } from '../core/config';
import { repositoryHistory } from './experts';
import { peopleToAsk, type GitFacts, type PersonToAsk } from './peopleToAsk';

export interface ChangePeopleOptions {
  now: Date;
  /** May git run (blame, mined fixes)? False in an untrusted workspace: links and CODEOWNERS only. */
  git: boolean;
  facts?: GitFacts;
  /** People per place (default 3). */
  limit?: number;
}

/** Who to ask about each touched place: a function of the place, empty for a place not in `touched`. */
export type PeopleOfTouched = (touched: TouchedCode) => readonly PersonToAsk[];

/**
 * The top people to ask about each place of `touched`: where the code is after the change
 * (`lines`, else the file), with the links anchored there. Never rejects: a place whose
 * experts cannot be found gets its incidents' responders, or nobody.
 */
export async function peopleForChange(workspace: { root: string; config: IncidentConfig }, touched: readonly TouchedCode[], options: ChangePeopleOptions): Promise<PeopleOfTouched> {
  const found = new Map<TouchedCode, readonly PersonToAsk[]>();
  if (touched.length === 0) return () => [];
  let facts = options.facts;
  if (options.git && !(facts?.fixes && facts.renames)) {
    const history = repositoryHistory(workspace.root, workspace.config.references, facts?.cacheFile);
    facts = { fixes: () => history.then((h) => h.fixes), renames: () => history.then((h) => h.renames), ...facts };
  }
  for (const place of touched) {
    found.set(place, await peopleToAsk({
      root: workspace.root,
      config: workspace.config,
      now: options.now,
      places: [{ path: place.path, ...(place.lines ? { lines: place.lines } : {}), linked: place.links }],
      git: options.git,
      ...(facts ? { facts } : {}),
      limit: options.limit ?? 3,
    }));
  }
  return (place) => found.get(place) ?? [];
}
