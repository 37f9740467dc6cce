// Who to ask about some code: until the experts service lands, the responders of the
// incidents linked there, each with the incidents that make them worth asking. Every
// front-end (trace, MCP, language-model tools, the stack-trace command) asks through this
// one function, and its request carries what src/services/experts.ts's findExperts needs
// (root, path, lines, the links placed now, config, clock), so switching to it changes
// this file only: one findExperts call per place, merged by name.
import type { IncidentConfig } from '../core/config';
import { worstFirst } from '../core/lensSummary';
import type { Incident, LineRange, Link } from '../core/model';

export interface PersonToAsk {
  name: string;
  /** Checkable reasons, e.g. `responded to INC-142`. */
  reasons: string[];
}

/** Code someone is asking about, with the links the anchors place there now. */
export interface CodePlace {
  /** Workspace-folder-relative, forward slashes. */
  path: string;
  lines?: LineRange;
  linked: readonly { incident: Incident; link: Link }[];
}

export interface AskRequest {
  /** The workspace folder's absolute path. */
  root: string;
  config: IncidentConfig;
  now: Date;
  places: readonly CodePlace[];
}

/**
 * The responders of the incidents linked at `places` (worst incident first), each once:
 * those who responded to more of them first, then in the order the incidents list them.
 * Names are compared exactly as written.
 */
export async function peopleToAsk(request: AskRequest): Promise<PersonToAsk[]> {
  const incidents = [...new Set(request.places.flatMap((place) => place.linked.map((item) => item.incident)))]
    .sort(worstFirst(request.config.severities.map((s) => s.label)));
  const people = new Map<string, { name: string; ids: string[]; first: number }>();
  for (const incident of incidents) {
    for (const name of new Set(incident.responders)) {
      const person = people.get(name) ?? { name, ids: [], first: people.size };
      if (!person.ids.includes(incident.id)) person.ids.push(incident.id);
      people.set(name, person);
    }
  }
  return [...people.values()]
    .sort((a, b) => b.ids.length - a.ids.length || a.first - b.first)
    .map(({ name, ids }) => ({ name, reasons: [`responded to ${ids.join(', ')}`] }));
}
