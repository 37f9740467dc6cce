// Who to ask about some code: until the experts service lands, the responders of the
// incidents linked there, each with the incidents that make them worth asking. Every
// front-end (trace, MCP, language-model tools, the stack-trace command) asks through this
// one function, so switching to src/services/experts.ts changes this file only.
import type { Incident } from '../core/model';

export interface PersonToAsk {
  name: string;
  /** Checkable reasons, e.g. `responded to INC-142`. */
  reasons: string[];
}

/**
 * The responders of `incidents` (given worst first), each once: those who responded to more
 * of them first, then in the order the incidents list them. Names are compared exactly as written.
 */
export function peopleToAsk(incidents: readonly Incident[]): PersonToAsk[] {
  const people = new Map<string, { name: string; ids: string[]; first: number }>();
  for (const incident of incidents) {
    for (const name of new Set(incident.responders)) {
      const person = people.get(name) ?? { name, ids: [], first: people.size };
      person.ids.push(incident.id);
      people.set(name, person);
    }
  }
  return [...people.values()]
    .sort((a, b) => b.ids.length - a.ids.length || a.first - b.first)
    .map(({ name, ids }) => ({ name, reasons: [`responded to ${ids.join(', ')}`] }));
}
