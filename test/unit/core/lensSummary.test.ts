import * as assert from 'node:assert/strict';
import { IncidentIndex } from '../../../src/core/incidentIndex';
import { summarizeLinks } from '../../../src/core/lensSummary';
import { formatAge, formatElapsed } from '../../../src/core/time';
import type { Incident } from '../../../src/core/model';

const NOW = new Date('2026-03-14T12:00:00Z');

function incident(id: string, severity: string, startedAt: string, links: Incident['links']): Incident {
  return { id, title: id, severity, status: 'resolved', startedAt, services: [], responders: [], links, notes: [] };
}

describe('summarizeLinks', () => {
  it('aggregates incidents that share a range, worst first, with the latest age', () => {
    const index = new IncidentIndex();
    index.set('/w/.incidents/a.yaml', 'w', incident('INC-142', 'SEV1', '2026-01-10T00:00:00Z', [{ path: 'src/a.ts', lines: { start: 40, end: 62 }, role: 'root-cause' }]));
    index.set('/w/.incidents/b.yaml', 'w', incident('INC-150', 'SEV3', '2026-03-02T08:00:00Z', [{ path: 'src/a.ts', lines: { start: 40, end: 62 }, role: 'trigger' }]));
    index.set('/w/.incidents/c.yaml', 'w', incident('INC-151', 'SEV2', '2026-03-13T08:00:00Z', [{ path: 'src/a.ts', role: 'related' }]));

    const groups = summarizeLinks(index.linksForFile('w', 'src/a.ts'), NOW);
    assert.deepEqual(groups.map((g) => [g.anchor.kind, g.title]), [
      ['file', '1 incident · yesterday · SEV2 INC-151'],
      ['lines', '2 incidents · last 12 days ago · SEV1 INC-142'],
    ]);
  });

  it('counts an incident once when it links the same range twice', () => {
    const index = new IncidentIndex();
    index.set('s', 'w', incident('INC-1', 'SEV4', '2025-01-01T00:00:00Z', [
      { path: 'x.ts', lines: { start: 1, end: 2 }, role: 'trigger' },
      { path: 'x.ts', lines: { start: 1, end: 2 }, role: 'related' },
    ]));
    assert.deepEqual(summarizeLinks(index.linksForFile('w', 'x.ts'), NOW).map((g) => g.title), ['1 incident · 14 months ago · SEV4 INC-1']);
  });

  it('formats ages the way people say them', () => {
    const day = 86_400_000;
    assert.equal(formatAge(NOW.getTime() - 3 * 3600_000, NOW), 'today');
    assert.equal(formatAge(NOW.getTime() - 45 * day, NOW), '45 days ago');
    assert.equal(formatAge(NOW.getTime() - 800 * day, NOW), '2 years ago');
  });

  it('formats a live incident\'s elapsed time as a clock', () => {
    assert.equal(formatElapsed(NOW.getTime() - 42 * 60_000, NOW), '00:42');
    assert.equal(formatElapsed(NOW.getTime() - (27 * 60 + 5) * 60_000, NOW), '1d 03:05');
    assert.equal(formatElapsed(NOW.getTime() + 60_000, NOW), '00:00');
  });
});

describe('IncidentIndex', () => {
  it('replaces and removes exactly what one file contributed', () => {
    const index = new IncidentIndex();
    index.set('a', 'w', incident('INC-1', 'SEV1', '2026-01-01T00:00:00Z', [{ path: 'f.ts', role: 'trigger' }]));
    index.set('b', 'w', incident('INC-2', 'SEV2', '2026-01-01T00:00:00Z', [{ path: 'f.ts', role: 'trigger' }]));
    index.set('a', 'w', incident('INC-1', 'SEV1', '2026-01-01T00:00:00Z', [{ path: 'g.ts', role: 'trigger' }]));
    assert.deepEqual(index.linksForFile('w', 'f.ts').map((l) => l.incident.id), ['INC-2']);
    assert.deepEqual(index.linksForFile('w', 'g.ts').map((l) => l.incident.id), ['INC-1']);
    index.remove('b');
    assert.deepEqual(index.linksForFile('w', 'f.ts'), []);
    assert.deepEqual(index.linksForFile('other-folder', 'g.ts'), []);
    assert.equal(index.size, 1);
  });
});

describe('IncidentIndex by id', () => {
  it('finds an incident by id and lists every file that claims the id', () => {
    const index = new IncidentIndex();
    index.set('/w/.incidents/b.yaml', 'w', incident('INC-1', 'SEV1', '2026-01-01T00:00:00Z', []));
    index.set('/w/.incidents/a.yaml', 'w', incident('INC-1', 'SEV2', '2026-01-01T00:00:00Z', []));
    assert.deepEqual(index.sourcesOf('INC-1'), ['/w/.incidents/a.yaml', '/w/.incidents/b.yaml']);
    assert.equal(index.byId('INC-1')?.incident.severity, 'SEV2');
    index.remove('/w/.incidents/a.yaml');
    index.remove('/w/.incidents/b.yaml');
    assert.equal(index.byId('INC-1'), undefined);
    assert.deepEqual(index.sourcesOf('INC-1'), []);
  });
});
