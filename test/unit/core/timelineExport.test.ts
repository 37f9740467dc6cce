import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import MarkdownIt from 'markdown-it';
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
      deepLinkBase: 'vscode://incident-lens.incident-lens',
    });
    const golden = join(repo(), 'test/unit/core/golden/INC-142.review.md');
    // UPDATE_GOLDEN=1 rewrites the file; review its diff like code.
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, markdown);
    assert.equal(markdown, readFileSync(golden, 'utf8'));
  });

  it('links code by relative path when the remote is not a known host, and without a deep-link base adds no editor links', () => {
    const markdown = exportTimeline(demoIncident(), { permalinks: { head: HEAD, relativePrefix: '../' }, now: NOW });
    assert.ok(!markdown.includes('open in editor'), markdown);
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

describe('timeline export of hostile values', () => {
  // Every field a repository writes, each trying a different way out of plain text.
  const hostile: Incident = {
    id: 'INC-9 <b>',
    title: 'Outage ##\n# Forged heading\n<details open><summary>x</summary> \u202Eevil',
    severity: 'SEV1|<img src=x>',
    status: 'resolved',
    startedAt: '2026-11-24T23:50:00Z',
    resolvedAt: '2026-11-25T01:00:00Z',
    url: 'https://example.com/incidents/9',
    services: ['a|b', '`x`', '[s](https://evil.example)'],
    responders: ['**bob**', '<script>alert(1)</script>'],
    summary: '1. list\n  # indented heading\n---\n===\n<details open>\n\n    indented code\n```\nfence\n```\n$x^2$ www.evil.example http://evil.example/a foo@evil.example &lt; &#x41;\r# after a lone CR',
    links: [
      {
        path: 'src/we ird)(<b>.ts',
        symbol: 'charge`\n\n# Forged\n<img src=x onerror=alert(1)>\n[click](https://evil.example)',
        lines: { start: 3, end: 5 },
        role: 'root-cause',
        note: ']: javascript:alert(1)\n[x]: http://evil.example\n![i](https://evil.example/i.png)',
      },
      { path: 'lib/``a``.ts', symbol: '`', role: 'related' },
    ],
    notes: [
      { at: '2026-11-25T00:10:00Z', author: '<img src=x>\n|', kind: 'observation', text: 'line1\r# heading via CR\n| a | b |\n- [x] done\n> quote\n<!-- hidden -->', code: { path: 'docs/x y(1).md](https://evil.example)', lines: { start: 1, end: 2 } } },
      { at: 'not a date | <b>x</b>', kind: 'decision', author: '@everyone', text: 'Ship it\n# and forge <details>' },
    ],
  };
  const options = { permalinks: { relativePrefix: '../' }, sourcePath: '.incidents/INC`9\n# x.yaml', now: NOW };

  it('renders as the golden draft', () => {
    const markdown = exportTimeline(hostile, options);
    const golden = join(repo(), 'test/unit/core/golden/hostile.review.md');
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, markdown);
    assert.equal(markdown, readFileSync(golden, 'utf8'));
  });

  it('has, once rendered by a CommonMark parser, only the structure, links and HTML the exporter made', () => {
    const md = new MarkdownIt({ html: true, linkify: true });
    const tokens = md.parse(exportTimeline(hostile, options), {});
    const all = tokens.flatMap((t) => [t, ...(t.children ?? [])]);
    const headings = tokens.filter((_, i) => tokens[i - 1]?.type === 'heading_open').map((t) => t.content);
    assert.deepEqual(headings, [
      'INC-9 \\<b\\>: Outage \\#\\# \\# Forged heading \\<details open\\>\\<summary\\>x\\</summary\\> \\<U+202E\\>evil',
      'Facts', 'Summary', 'Timeline (UTC)', 'Linked code', 'Follow-ups',
    ]);
    const rendered = md.renderer.renderInline(tokens.find((t) => t.type === 'inline')?.children ?? [], {}, {});
    assert.equal(rendered, 'INC-9 &lt;b&gt;: Outage ## # Forged heading &lt;details open&gt;&lt;summary&gt;x&lt;/summary&gt; &lt;U+202E&gt;evil');
    // Only what the exporter writes as HTML: line breaks in cells and the follow-ups comment.
    const html = all.filter((t) => t.type === 'html_inline' || t.type === 'html_block').map((t) => t.content.trim());
    assert.deepEqual([...new Set(html)], ['<br>', '<!-- One line per action: what, who, by when. Decisions from the timeline are listed to start with. -->']);
    assert.deepEqual(all.filter((t) => ['image', 'fence', 'code_block', 'blockquote_open', 'hr'].includes(t.type)).map((t) => t.type), []);
    // Links: the code references and the incident page, nothing from the text.
    const hrefs = all.filter((t) => t.type === 'link_open').map((t) => t.attrGet('href'));
    assert.deepEqual(hrefs, [
      'https://example.com/incidents/9',
      '../docs/x%20y%281%29.md%5D%28https%3A//evil.example%29#L1',
      '../src/we%20ird%29%28%3Cb%3E.ts#L3',
      '../lib/%60%60a%60%60.ts',
    ]);
    // One list item per link, one per decision, and one table row per timeline entry.
    assert.equal(all.filter((t) => t.type === 'list_item_open').length, 3);
    assert.equal(all.filter((t) => t.type === 'tr_open').length, (1 + 9) + (1 + 4));
    // The symbols read as they are written, in code spans.
    assert.deepEqual(all.filter((t) => t.type === 'code_inline').map((t) => t.content), [
      '.incidents/INC`9 # x.yaml',
      'charge`  # Forged <img src=x onerror=alert(1)> [click](https://evil.example)',
      '`',
    ]);
  });
});
