import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Incident } from '../../../src/core/model';
import { parseIncidentFile } from '../../../src/core/parseIncident';
import { parseRemote } from '../../../src/core/permalinks';
import { exportTimeline, formatDuration, inline } from '../../../src/core/timelineExport';

/** The repository root, wherever the bundled test runs from. */
function repo(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'demo'))) dir = dirname(dir);
  return dir;
}

const HEAD = '3f2a9c1d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b';
const NOW = new Date('2026-11-25T09:00:00Z');

function demoIncident(): Incident {
  const { incident, problems } = parseIncidentFile(readFileSync(join(repo(), 'demo/.incidents/INC-142.yaml'), 'utf8'));
  assert.deepEqual(problems, []);
  assert.ok(incident);
  return incident;
}

describe('timeline export', () => {
  it('renders the demo incident as the golden post-incident draft', () => {
    const markdown = exportTimeline(demoIncident(), {
      permalinks: { remote: parseRemote('git@github.com:acme/checkout.git'), head: HEAD },
      sourcePath: '.incidents/INC-142.yaml',
      now: NOW,
    });
    const golden = join(repo(), 'test/unit/core/golden/INC-142.review.md');
    // UPDATE_GOLDEN=1 rewrites the file; review its diff like code.
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, markdown);
    assert.equal(markdown, readFileSync(golden, 'utf8'));
  });

  it('links code by relative path when the remote is not a known host', () => {
    const markdown = exportTimeline(demoIncident(), { permalinks: { head: HEAD, relativePrefix: '../' }, now: NOW });
    assert.ok(markdown.includes('| 14:07 | observation | alice | p99 on /charge jumped to 30s | [src/payments/charge.ts:36-39](../src/payments/charge.ts#L36) |'), markdown);
    assert.ok(markdown.includes('- **root-cause**: [`PaymentService.charge` in src/payments/charge.ts lines 23–42](../src/payments/charge.ts#L23): Retry loop had no jitter'), markdown);
  });

  it('keeps notes in time order, counts an ongoing incident up to now, and lists decisions as follow-ups', () => {
    const incident: Incident = {
      id: 'INC-171', title: 'Refunds stuck', severity: 'SEV2', status: 'identified', startedAt: '2026-11-24T23:50:00Z',
      services: [], responders: ['erin'], links: [],
      notes: [
        { at: '2026-11-25T00:10:00Z', author: 'frank', kind: 'decision', text: 'Pause the refund worker' },
        { at: '2026-11-24T23:55:00Z', author: 'erin', kind: 'observation', text: 'Queue depth 40k' },
      ],
    };
    const markdown = exportTimeline(incident, { permalinks: {}, now: NOW });
    assert.ok(markdown.includes('| Duration | ongoing, 9 h 10 min so far |'), markdown);
    assert.ok(markdown.includes('| Responders | erin, frank |'), markdown);
    const rows = markdown.split('\n').filter((l) => /^\| (\d{4}-|\d\d:)/.test(l));
    assert.deepEqual(rows.map((r) => r.split(' | ').slice(0, 2).join(' | ')), ['| 2026-11-24 23:50 | ', '| 23:55 | observation', '| 2026-11-25 00:10 | decision']);
    assert.ok(markdown.includes('- [ ] Pause the refund worker (decided by frank at 2026-11-25 00:10 UTC)'), markdown);
    assert.ok(markdown.includes('_No code is linked to this incident yet._'));
  });

  it('escapes incident text so that it renders as the text it is', () => {
    const incident: Incident = {
      id: 'INC-9', title: '<img src=x onerror=alert(1)> **bold** [x](command:workbench.action.quit)', severity: 'SEV3', status: 'resolved',
      services: ['a|b'], responders: [], links: [], summary: '# not a heading\n<script>alert(1)</script>',
      notes: [{ at: '2026-11-24T23:55:00Z', kind: 'action', text: 'line one\nline | two &amp; `code`' }],
    };
    const markdown = exportTimeline(incident, { permalinks: {}, now: NOW });
    assert.ok(markdown.startsWith('# INC-9: \\<img src=x onerror=alert(1)\\> \\*\\*bold\\*\\* \\[x\\](command:workbench.action.quit)\n'), markdown);
    assert.ok(markdown.includes('| Services | a\\|b |'));
    assert.ok(markdown.includes('\\# not a heading\n\\<script\\>alert(1)\\</script\\>'));
    assert.ok(markdown.includes('| line one<br>line \\| two \\&amp; \\`code\\` |'), markdown);
    assert.doesNotMatch(markdown, /(?<!\\)<(img|script)/);
  });

  it('escapes only what could become markup', () => {
    assert.equal(inline('Cut MAX_ATTEMPTS to 2'), 'Cut MAX_ATTEMPTS to 2');
    assert.equal(inline('_emphasis_ and snake_case'), '\\_emphasis\\_ and snake_case');
    assert.equal(inline('1. not a list'), '\\1. not a list');
    assert.equal(formatDuration(45 * 60_000), '45 min');
    assert.equal(formatDuration((26 * 60 + 5) * 60_000), '1 d 2 h 5 min');
  });
});
