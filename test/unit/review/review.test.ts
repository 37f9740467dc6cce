import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import { appendNote } from '../../../src/core/incidentEdits';
import type { Incident } from '../../../src/core/model';
import { parseConfigFile } from '../../../src/core/config';
import { parseIncidentFile } from '../../../src/core/parseIncident';
import { exportTimeline } from '../../../src/core/timelineExport';
import { DEFAULT_PRACTICES, isStaleFollowUp, staleFollowUpProblems } from '../../../src/core/review';
import { addFollowUp, addLesson, setFollowUpStatus } from '../../../src/core/reviewEdits';

const BASE = `# INC-7: kept comment
id: INC-7
title: Gateway timeouts
severity: SEV2
status: resolved  # resolved since the fix
started_at: 2026-03-02T14:05:00Z
resolved_at: 2026-03-02T16:40:00Z
links:
  - path: src/gateway/client.ts
    role: root-cause
  - path: src/gateway/retry.ts
    role: trigger
`;

function parsed(text: string): { incident: Incident; errors: string[]; warnings: string[]; lines: number[] } {
  const { incident, problems } = parseIncidentFile(text);
  assert.ok(incident, `no incident: ${JSON.stringify(problems)}`);
  return {
    incident,
    errors: problems.filter((p) => p.severity === 'error').map((p) => p.message),
    warnings: problems.filter((p) => p.severity === 'warning').map((p) => p.message),
    lines: problems.map((p) => p.line),
  };
}

const HOSTILE = [
  'No log line said which call timed out: #no-comment, [not] {a} map',
  '- not a list item\nsecond line: still text',
  'yes',
  'null',
  '0x1F',
  '<img src=x onerror=alert(1)> [link](javascript:alert(1)) `code` *bold*',
  '&anchor *alias !!binary',
  '"quoted" and \'single\'',
  '  leading and trailing spaces are trimmed  ',
  'Ünïcödé ✓ 日本語 \u202Ereversed',
  'x'.repeat(5000),
];

describe('review block: schema and parsing', () => {
  it('reads lessons by practice and follow-ups, with link indexes', () => {
    const { incident, errors, warnings } = parsed(`${BASE}review:
  lessons:
    - practice: debuggability      # comment
      text: No log line said which gateway call timed out
      links: [0]
    - practice: alerting
      text: The alert named the symptom
  follow_ups:
    - title: Log the gateway call id on timeout
      owner: payments-oncall
      status: open
      url: https://tracker.example/ISSUE-12
      opened_at: 2026-03-03T09:00:00Z
    - title: Add jitter
      status: done
`);
    assert.deepEqual(errors, []);
    assert.deepEqual(warnings, []);
    assert.deepEqual(incident.review?.followUps.map((f) => f.position), [
      { line: 21, column: 7, endLine: 26, endColumn: 1 },
      { line: 26, column: 7, endLine: 28, endColumn: 1 },
    ]);
    assert.deepEqual({ ...incident.review, followUps: incident.review?.followUps.map(({ position: _, ...f }) => f) }, {
      lessons: [
        { practice: 'debuggability', text: 'No log line said which gateway call timed out', links: [0] },
        { practice: 'alerting', text: 'The alert named the symptom' },
      ],
      followUps: [
        { title: 'Log the gateway call id on timeout', owner: 'payments-oncall', status: 'open', url: 'https://tracker.example/ISSUE-12', openedAt: '2026-03-03T09:00:00Z' },
        { title: 'Add jitter', status: 'done' },
      ],
    });
  });

  it('a broken entry costs only that entry, with an error at its line; the incident still loads', () => {
    const text = `${BASE}review:
  lessons:
    - practice: debuggability
      text: kept
    - practice: alerting
    - practice: debuggability
      text: kept too
      links: [-1]
  follow_ups:
    - title: bad status
      status: closed
    - title: script url
      status: open
      url: javascript:alert(1)
    - title: kept follow-up
      status: open
    - title: data url
      status: open
      url: "data:text/html,<script>alert(1)</script>"
`;
    const { incident, errors, lines } = parsed(text);
    assert.deepEqual(incident.review?.lessons.map((l) => l.text), ['kept']);
    assert.deepEqual(incident.review?.followUps.map((f) => f.title), ['kept follow-up']);
    assert.ok(errors.some((m) => m.includes('Missing required field "text"')), errors.join('\n'));
    assert.ok(errors.some((m) => m.includes('status must be one of: open, done, dropped')), errors.join('\n'));
    assert.ok(errors.filter((m) => m.startsWith('url')).length >= 2, errors.join('\n'));
    // Every problem points into the review block, not at the top of the file.
    const reviewLine = text.split('\n').indexOf('review:') + 1;
    assert.ok(lines.every((line) => line > reviewLine), String(lines));
  });

  it('a review that is not a mapping is an error that costs the review only', () => {
    for (const bad of ['review: 5', 'review: [a, b]', 'review: { lessons: 3 }', 'review: { surprise: 1, lessons: [] }']) {
      const { incident, errors, warnings } = parsed(`${BASE}${bad}\n`);
      assert.equal(incident.id, 'INC-7');
      assert.equal(incident.links.length, 2);
      if (bad.includes('surprise')) {
        assert.deepEqual(incident.review, { lessons: [], followUps: [] });
        assert.ok(warnings.some((m) => m.includes('Unknown field "surprise"')));
      } else {
        assert.equal(incident.review, undefined, bad);
        assert.equal(errors.length, 1, `${bad}: ${errors.join('\n')}`);
      }
    }
  });

  it('unknown practices and links past the incident\'s are warnings, the lesson still counts', () => {
    const { incident, errors, warnings } = parsed(`${BASE}review:
  lessons:
    - { practice: __proto__, text: odd name, links: [1, 7] }
`);
    assert.deepEqual(errors, []);
    assert.ok(warnings.some((m) => m.includes('Unknown practice "__proto__"')));
    assert.ok(warnings.some((m) => m.includes('Link 7 does not exist: this incident has 2 links')));
    assert.deepEqual(incident.review?.lessons, [{ practice: '__proto__', text: 'odd name', links: [1] }]);
    const custom = parseIncidentFile(`${BASE}review:\n  lessons: [{ practice: security, text: t }]\n`, { practices: ['debuggability', 'security'] });
    assert.deepEqual(custom.problems, []);
  });

  it('an alias bomb inside the review ends as a problem, not a hang', () => {
    const bomb = `${BASE}x: &a [1,1,1,1,1,1,1,1,1,1]\ny: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nz: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nreview: { lessons: [*c, *c, *c, *c, *c, *c, *c, *c, *c] }\n`;
    const { incident, problems } = parseIncidentFile(bomb);
    assert.equal(incident, undefined);
    assert.ok(problems[0]?.message.includes('could not be read'));
  });
});

describe('review block: edits', () => {
  it('adds a lesson and a follow-up to a file without a review, keeping every line before it', () => {
    let text = addLesson(BASE, { practice: 'debuggability', text: 'No log line said which gateway call timed out', links: [0] });
    text = addFollowUp(text, { title: 'Log the gateway call id', owner: 'payments-oncall', url: 'https://tracker.example/ISSUE-12', openedAt: '2026-03-03T09:00:00Z' });
    assert.ok(text.startsWith(BASE), text);
    assert.equal(text.slice(BASE.length), `review:
  lessons:
    - practice: debuggability
      text: No log line said which gateway call timed out
      links: [0]
  follow_ups:
    - title: Log the gateway call id
      owner: payments-oncall
      status: open
      url: https://tracker.example/ISSUE-12
      opened_at: 2026-03-03T09:00:00Z
`);
    const { incident, errors } = parsed(text);
    assert.deepEqual(errors, []);
    assert.equal(incident.review?.lessons[0]?.links?.[0], 0);
    assert.equal(incident.review?.followUps[0]?.status, 'open');
  });

  it('hostile text round-trips exactly: what is written reads back as given, as text', () => {
    let text = BASE;
    for (const value of HOSTILE) {
      text = addLesson(text, { practice: 'alerting', text: value });
      text = addFollowUp(text, { title: value, owner: value });
    }
    const { incident, errors } = parsed(text);
    assert.deepEqual(errors, []);
    const expected = HOSTILE.map((v) => v.trim());
    assert.deepEqual(incident.review?.lessons.map((l) => l.text), expected);
    assert.deepEqual(incident.review?.followUps.map((f) => f.title), expected);
    assert.deepEqual(incident.review?.followUps.map((f) => f.owner), expected);
    // Nothing the values held became structure: the file has exactly the keys it had, plus review.
    assert.deepEqual(Object.keys(parse(text) as object), ['id', 'title', 'severity', 'status', 'started_at', 'resolved_at', 'links', 'review']);
    assert.ok(text.startsWith(BASE));
  });

  it('rejects what the schema rejects, with a message, and changes nothing', () => {
    assert.throws(() => addFollowUp(BASE, { title: 'x', url: 'javascript:alert(1)' }), /Cannot add the follow-up: url/);
    assert.throws(() => addFollowUp(BASE, { title: 'x', url: 'file:///etc/passwd' }), /Cannot add the follow-up: url/);
    assert.throws(() => addFollowUp(BASE, { title: '   ' }), /Cannot add the follow-up: title must not be empty/);
    assert.throws(() => addLesson(BASE, { practice: 'alerting', text: '' }), /Cannot add the lesson: text must not be empty/);
    assert.throws(() => addLesson(BASE, { practice: 'alerting', text: 't', links: [2] }), /no link 2 \(it has 2, numbered from 0\)/);
    assert.throws(() => setFollowUpStatus(BASE, 0, 'done'), /no follow-up number 1 \(it has 0\)/);
    assert.throws(() => setFollowUpStatus(BASE, 0, 'closed' as never), /Unknown follow-up status "closed"/);
    assert.throws(() => addLesson(`${BASE}review: [oops]\n`, { practice: 'alerting', text: 't' }), /not valid: review must be a mapping/);
  });

  it('sets a follow-up status in place, keeping its comment and the other entries', () => {
    const text = `${BASE}review:
  follow_ups:
    - title: one   # first
      status: open # still open
    - { title: two, status: open }
`;
    const done = setFollowUpStatus(text, 1, 'done');
    assert.ok(done.includes('    - title: one   # first\n      status: open # still open\n'), done);
    assert.deepEqual(parsed(done).incident.review?.followUps.map((f) => f.status), ['open', 'done']);
    const dropped = setFollowUpStatus(done, 0, 'dropped');
    assert.ok(dropped.includes('status: dropped # still open'), dropped);
    assert.equal(setFollowUpStatus(dropped, 0, 'dropped'), dropped);
    assert.throws(() => setFollowUpStatus(dropped, 0, 'done', 'two'), /no longer "two"; the file was changed/);
    assert.notEqual(setFollowUpStatus(dropped, 0, 'done', 'one'), dropped);
  });

  it('inserts into an existing review where its lists end, changing no other byte', () => {
    const text = `${BASE}review:
    # the review, by hand
    follow_ups:
        -   title: one   # first
            status: open
    # trailing comment stays after the list

# end of file
`;
    const withLesson = addLesson(text, { practice: 'alerting', text: 'Paged on symptoms' });
    assert.equal(withLesson, text.replace('    # the review, by hand\n', '    # the review, by hand\n    lessons:\n      - practice: alerting\n        text: Paged on symptoms\n'));
    const withTwo = addFollowUp(withLesson, { title: 'two' });
    assert.equal(withTwo, withLesson.replace('            status: open\n', '            status: open\n        - title: two\n          status: open\n'));
    const again = addLesson(withTwo, { practice: 'debuggability', text: 'second', links: [1] });
    assert.ok(again.includes('        text: Paged on symptoms\n      - practice: debuggability\n        text: second\n        links: [1]\n    follow_ups:'), again);
    assert.deepEqual(parsed(again).incident.review?.lessons.map((l) => l.text), ['Paged on symptoms', 'second']);
  });

  it('a review in flow style stays in flow style, every other byte kept', () => {
    const text = `${BASE}review: { lessons: [] }   # flow, by hand\n`;
    const withLesson = addLesson(text, { practice: 'alerting', text: 'Paged late, [x]' });
    assert.equal(withLesson, `${BASE}review: { lessons: [{ practice: alerting, text: "Paged late, [x]" }] }   # flow, by hand\n`);
    const withFollowUp = addFollowUp(withLesson, { title: 'x' });
    assert.equal(withFollowUp, `${BASE}review: { lessons: [{ practice: alerting, text: "Paged late, [x]" }], follow_ups: [{ title: x, status: open }] }   # flow, by hand\n`);
    const review = parsed(withFollowUp).incident.review;
    assert.deepEqual(review?.lessons, [{ practice: 'alerting', text: 'Paged late, [x]' }]);
    assert.deepEqual(review?.followUps.map((f) => [f.title, f.status]), [['x', 'open']]);
  });

  it('keeps CRLF line endings and a BOM', () => {
    const crlf = `\uFEFF${BASE.replace(/\n/g, '\r\n')}`;
    const text = addLesson(crlf, { practice: 'blast-radius', text: 'A report query took checkout down' });
    assert.ok(text.startsWith(crlf), JSON.stringify(text.slice(0, 80)));
    assert.ok(!/[^\r]\n/.test(text));
    assert.equal(parsed(text.slice(1)).incident.review?.lessons[0]?.practice, 'blast-radius');
  });

  it('other edits still work on a file whose review has a broken entry', () => {
    const text = `${BASE}review:\n  lessons:\n    - practice: alerting\n`;
    const after = appendNote(text, { at: '2026-03-02T15:00:00Z', kind: 'action', text: 'noted' });
    assert.equal(parsed(after).incident.notes.length, 1);
    assert.equal(parsed(addLesson(text, { practice: 'alerting', text: 'fine' })).incident.review?.lessons.length, 1);
  });
});

describe('review edits change only the bytes they mean to', () => {
  const CRLF_FILE = [
    '\uFEFF# INC-9, written on Windows',
    'id: INC-9   # id',
    'title: "Quoted: title"',
    'severity: SEV1',
    'status: resolved',
    'links:',
    '- path: src/a.ts   # unindented list',
    '  role: root-cause',
    'review:',
    '  # what we learned',
    '  lessons:',
    '  - practice: alerting    # aligned',
    '    text: late page',
    '  follow_ups:',
    "  - title: 'single quoted'",
    "    status: 'open'          # keep me",
    '',
    '# trailing comment',
    '',
  ].join('\r\n');

  it('keeps a BOM, CRLF, comments, quoting and an unindented list style', () => {
    const lesson = addLesson(CRLF_FILE, { practice: 'debuggability', text: 'no trace id', links: [0] });
    assert.equal(lesson, CRLF_FILE.replace('    text: late page\r\n', '    text: late page\r\n  - practice: debuggability\r\n    text: no trace id\r\n    links: [0]\r\n'));
    const followUp = addFollowUp(lesson, { title: 'add the trace id', owner: 'yes' });
    assert.equal(followUp, lesson.replace("# keep me\r\n", "# keep me\r\n  - title: add the trace id\r\n    owner: \"yes\"\r\n    status: open\r\n"));
    const done = setFollowUpStatus(followUp, 0, 'done', 'single quoted');
    assert.equal(done, followUp.replace("status: 'open'          # keep me", "status: 'done'          # keep me"));
    assert.deepEqual(parsed(done.slice(1)).incident.review?.followUps.map((f) => [f.title, f.status, f.owner]), [['single quoted', 'done', undefined], ['add the trace id', 'open', 'yes']]);
  });

  it('fills an empty review or list below its key, keeping the comment on its line', () => {
    const empty = `${BASE}review:   # to do after the meeting\nnotes: []\n`;
    const text = addFollowUp(empty, { title: 'write the runbook' });
    assert.equal(text, `${BASE}review:   # to do after the meeting\n  follow_ups:\n    - title: write the runbook\n      status: open\nnotes: []\n`);
    const emptyList = `${BASE}review:\n  lessons:   # none yet\n  follow_ups: []\n`;
    assert.equal(addLesson(emptyList, { practice: 'alerting', text: 't' }), `${BASE}review:\n  lessons:   # none yet\n    - practice: alerting\n      text: t\n  follow_ups: []\n`);
    const emptyFollowUps = `${BASE}review:\n  lessons: []\n  follow_ups:\n`;
    assert.equal(addFollowUp(emptyFollowUps, { title: 'f' }), `${BASE}review:\n  lessons: []\n  follow_ups:\n    - title: f\n      status: open\n`);
  });

  it('adds a review after the last field of a file without a final line break, before a trailing comment', () => {
    const noBreak = BASE.trimEnd();
    assert.equal(addLesson(noBreak, { practice: 'alerting', text: 't' }), `${noBreak}\nreview:\n  lessons:\n    - practice: alerting\n      text: t\n`);
    const commented = `${BASE}\n# the end\n`;
    assert.equal(addFollowUp(commented, { title: 'f' }), `${BASE}review:\n  follow_ups:\n    - title: f\n      status: open\n\n# the end\n`);
  });

  it('reads titles as written: a title like 0042 or yes matches the one shown', () => {
    const text = `${BASE}review:\n  follow_ups:\n    - { title: 0042, status: open }\n    - { title: yes, status: open }\n`;
    const done = setFollowUpStatus(setFollowUpStatus(text, 0, 'done', '0042'), 1, 'dropped', 'yes');
    assert.equal(done, text.replace('0042, status: open', '0042, status: done').replace('yes, status: open', 'yes, status: dropped'));
  });

  it('writes values every YAML tool reads as given: no as-written warnings', () => {
    let text = BASE;
    for (const value of ['yes', 'no', 'null', '~', '0x1F', '1e3', '2026-01-01', 'on']) {
      text = addLesson(text, { practice: 'alerting', text: value });
      text = addFollowUp(text, { title: value, owner: value, openedAt: '2026-03-03T09:00:00Z' });
    }
    const { incident, errors, warnings } = parsed(text);
    assert.deepEqual([errors, warnings], [[], []]);
    assert.deepEqual(incident.review?.followUps.map((f) => f.owner), ['yes', 'no', 'null', '~', '0x1F', '1e3', '2026-01-01', 'on']);
    assert.ok(text.includes('opened_at: 2026-03-03T09:00:00Z\n'), 'a date-time stays plain');
  });

  it('a review in the middle of the file grows in place; what follows it is untouched', () => {
    const text = `${BASE}review:\n  follow_ups:\n    - title: one\n      status: open\nnotes:\n  - at: 2026-03-02T15:00:00Z\n    kind: action\n    text: restarted\n`;
    const after = addFollowUp(addLesson(text, { practice: 'alerting', text: 'a' }), { title: 'two' });
    assert.equal(after, `${BASE}review:\n  lessons:\n    - practice: alerting\n      text: a\n  follow_ups:\n    - title: one\n      status: open\n    - title: two\n      status: open\nnotes:\n  - at: 2026-03-02T15:00:00Z\n    kind: action\n    text: restarted\n`);
  });

  it('refuses a review or list that is not one, and a status that is not a value, changing nothing', () => {
    assert.throws(() => addFollowUp(`${BASE}review:\n  follow_ups: nope\n`, { title: 'f' }), /review.follow_ups must be a list/);
    assert.throws(() => addLesson(`${BASE}review: text\n`, { practice: 'alerting', text: 't' }), /review must be a mapping/);
    assert.throws(() => setFollowUpStatus(`${BASE}review:\n  follow_ups:\n    - title: f\n      status: [open]\n`, 0, 'done'), /no single status value/);
  });
});

describe('stale follow-ups', () => {
  it('are warnings at the follow-up\'s line, with its age and the setting', () => {
    const text = addFollowUp(addFollowUp(BASE, { title: 'old one', openedAt: '2026-01-01T00:00:00Z' }), { title: 'fresh', openedAt: '2026-03-30T00:00:00Z' });
    const problems = staleFollowUpProblems(parsed(text).incident, 30, new Date('2026-04-01T00:00:00Z'));
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.severity, 'warning');
    assert.equal(text.split('\n')[(problems[0]?.line ?? 0) - 1], '    - title: old one');
    assert.match(problems[0]?.message ?? '', /Follow-up "old one" has been open for 90 days \(more than 30, review.stale_follow_up_days in config.yaml\)/);
  });

  const incident = { resolvedAt: '2026-03-02T16:40:00Z' };
  const now = new Date('2026-04-02T00:00:00Z');
  it('counts from opened_at, else the resolution; only open ones', () => {
    assert.equal(isStaleFollowUp({ title: 't', status: 'open' }, incident, 30, now), true);
    assert.equal(isStaleFollowUp({ title: 't', status: 'open', openedAt: '2026-03-10T00:00:00Z' }, incident, 30, now), false);
    assert.equal(isStaleFollowUp({ title: 't', status: 'open', openedAt: '2026-03-02T23:59:59Z' }, incident, 30, now), true);
    assert.equal(isStaleFollowUp({ title: 't', status: 'open', openedAt: '2026-03-03T00:00:00Z' }, incident, 30, now), false);
    assert.equal(isStaleFollowUp({ title: 't', status: 'done' }, incident, 30, now), false);
    assert.equal(isStaleFollowUp({ title: 't', status: 'open' }, {}, 30, now), false);
  });
});

describe('review settings in config.yaml', () => {
  it('adds practices, replaces a default prompt, and sets the stale threshold', () => {
    const { config, problems } = parseConfigFile('review:\n  practices:\n    security: Could an attacker have caused it?\n    alerting: Did the page name the cause?\n  stale_follow_up_days: 14\n');
    assert.deepEqual(problems, []);
    assert.deepEqual(config.review.practices.map((p) => [p.name, p.prompt.slice(0, 12)]), [
      ['debuggability', 'Was it hard '], ['blast-radius', 'Did a non-es'], ['alerting', 'Did the page'], ['security', 'Could an att'],
    ]);
    assert.equal(config.review.staleFollowUpDays, 14);
  });

  it('a bad value costs that setting only, with a problem at its line', () => {
    const { config, problems } = parseConfigFile('review:\n  practices: { "Bad Name": x, ok: fine }\n  stale_follow_up_days: -3\n');
    assert.equal(config.review.staleFollowUpDays, 30);
    assert.deepEqual([...new Set(problems.map((p) => p.line))], [2, 3]);
    assert.deepEqual(config.review.practices, DEFAULT_PRACTICES);
  });
});

describe('review in the Markdown export', () => {
  it('gains Lessons by practice and the review follow-ups, every value inert text', () => {
    let text = addLesson(BASE, { practice: 'debuggability', text: '<img src=x onerror=alert(1)> [x](javascript:alert(1))', links: [1] });
    text = addLesson(text, { practice: 'security', text: '# not a heading' });
    text = addFollowUp(text, { title: '*bold* | pipe', owner: '@team`x`', url: 'https://tracker.example/ISSUE-12' });
    text = addFollowUp(text, { title: 'done one', status: 'done' });
    text = addFollowUp(text, { title: 'dropped one', status: 'dropped' });
    const markdown = exportTimeline(parsed(text).incident, { permalinks: { head: undefined }, now: new Date('2026-04-01T00:00:00Z') });
    const lessons = markdown.slice(markdown.indexOf('## Lessons'), markdown.indexOf('## Follow-ups'));
    assert.equal(lessons, [
      '## Lessons', '',
      '### debuggability', '', '_Was it hard to see what was wrong? What would have shown it sooner?_', '',
      '- \\<img src=x onerror=alert(1)\\> \\[x\\](javascript:alert(1)) (code: src/gateway/retry.ts)', '',
      '### blast-radius', '', '_Did a non-essential part take a critical one down? What would have contained it?_', '', '_No lesson recorded._', '',
      '### alerting', '', '_Did the signal lead straight to the cause? What alert was missing, late or noisy?_', '', '_No lesson recorded._', '',
      '### security', '', '- \\# not a heading', '', '',
    ].join('\n'));
    const followUps = markdown.slice(markdown.indexOf('## Follow-ups'));
    assert.ok(followUps.includes('- [ ] \\*bold\\* \\| pipe (owner: @team\\`x\\`) <https://tracker.example/ISSUE-12>\n- [x] done one\n- [ ] ~~dropped one~~ (dropped)\n'), followUps);
    assert.ok(!followUps.includes('- [ ] \n'));
  });
});
