// The outbox shared by several windows over one folder (issue 14, examples 1 and 6): two outboxes
// on one directory post a note exactly once, and sent notes leave the queue for a capped log.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Outbox, type OutboxEntry } from '../../../src/adapters/outbox';
import { PagerDutyClient } from '../../../src/adapters/providers/pagerduty/client';
import type { IncidentPlatform } from '../../../src/core/platform';
import { PD_FROM, PD_TOKEN, startFakePagerDuty, type FakePagerDuty } from '../providers/fakes/fakePagerDuty';

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('Outbox shared by windows', function () {
  this.timeout(60_000);
  let dir: string;
  let pd: FakePagerDuty | undefined;
  const outboxes: Outbox[] = [];
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'outbox-windows-')); });
  afterEach(async () => {
    await Promise.all(outboxes.splice(0).map((o) => o.stop()));
    await pd?.close();
    pd = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  const window = async (platform: IncidentPlatform) => {
    const outbox = await Outbox.open({ dir, platform: (kind) => (kind === platform.kind ? platform : undefined), baseDelayMs: 20, maxDelayMs: 100, pollMs: 50 });
    outboxes.push(outbox);
    return outbox;
  };

  it('1. a note logged while PagerDuty is down reaches it exactly once when it is back, with two windows open', async () => {
    pd = await startFakePagerDuty();
    const id = pd.incidents[0]?.id as string;
    let down = true;
    // Down: refused, or dropped after PagerDuty took the note (then the windows must look before posting again).
    pd.faults = (req, index) => (down ? (req.method === 'POST' && index === 0 ? 'reset-after' : 'reset') : undefined);
    const client = () => new PagerDutyClient({ apiKey: PD_TOKEN, fromEmail: PD_FROM, baseUrl: pd?.url, timeoutMs: 2000, getRetries: 0 });
    const first = await window(client());
    const second = await window(client());
    first.start();
    second.start();
    await first.enqueue({ key: 'k1', incidentId: 'INC-1', platform: 'pagerduty', remoteIncidentId: id, text: 'p99 jumped while PagerDuty was down' });
    await until(() => (pd?.requests.length ?? 0) >= 6, 'several failed attempts');
    down = false;
    await until(() => second.get('k1')?.state === 'sent' && first.get('k1')?.state === 'sent', 'both windows to show the note as sent');
    await new Promise((resolve) => setTimeout(resolve, 300)); // a late duplicate would land now
    assert.equal(pd.notes.get(id)?.length, 1);
    assert.deepEqual((await readdir(dir)).filter((n) => n.startsWith('note-')), []);
  });

  const memoryPlatform = (posted: string[]): IncidentPlatform => ({
    kind: 'memory', displayName: 'Memory', idempotentNotes: true,
    // eslint-disable-next-line require-yield
    listIncidents: async function* () { return; },
    postNote: async (_id, note) => { posted.push(note.idempotencyKey); return { remoteId: `r${posted.length}` }; },
  });

  it('6. the 5,000 sent-note files an earlier version left become a capped log, and opening then reads only that', async () => {
    // The folder as the issue found it: one file per note ever sent.
    for (let n = 0; n < 5000; n++) {
      const key = `old-${n}`;
      const entry: OutboxEntry = {
        key, seq: n + 1, incidentId: 'INC-1', platform: 'memory', remoteIncidentId: 'R1', text: `note ${n}`, createdAt: '2026-03-02T14:00:00.000Z',
        state: 'sent', attempts: 1, remoteId: `r${n}`, sentAt: '2026-03-02T14:00:01.000Z',
      };
      await writeFile(join(dir, `note-${createHash('sha256').update(key).digest('hex').slice(0, 24)}.json`), JSON.stringify(entry));
    }
    const posted: string[] = [];
    await Outbox.open({ dir, platform: () => memoryPlatform(posted), sentLogCap: 100 });
    assert.deepEqual((await readdir(dir)).sort(), ['claims', 'sent.jsonl']);
    const lines = (await readFile(join(dir, 'sent.jsonl'), 'utf8')).trim().split('\n');
    assert.equal(lines.length, 100);
    const reopened = await Outbox.open({ dir, platform: () => memoryPlatform(posted), sentLogCap: 100 });
    assert.equal(reopened.list().length, 100);
    assert.deepEqual([reopened.get('old-4999')?.state, reopened.get('old-4999')?.remoteId], ['sent', 'r4999']);
    assert.equal(reopened.get('old-0'), undefined);
    assert.deepEqual(posted, []);
  });

  it('6. sent notes leave the queue as they are acknowledged; the log stays under twice its cap', async () => {
    const posted: string[] = [];
    const outbox = await Outbox.open({ dir, platform: () => memoryPlatform(posted), sentLogCap: 20 });
    for (let n = 0; n < 150; n++) {
      await outbox.enqueue({ key: `n${n}`, incidentId: 'INC-1', platform: 'memory', remoteIncidentId: `R${n % 3}`, text: `note ${n}` });
      if (n % 10 === 9) await outbox.drain();
    }
    await outbox.drain();
    assert.deepEqual([...posted].sort(), Array.from({ length: 150 }, (_, n) => `n${n}`).sort());
    assert.deepEqual((await readdir(dir)).sort(), ['claims', 'sent.jsonl']);
    assert.deepEqual(await readdir(join(dir, 'claims')), []);
    const lines = (await readFile(join(dir, 'sent.jsonl'), 'utf8')).trim().split('\n');
    assert.ok(lines.length >= 20 && lines.length < 40, String(lines.length));
    assert.deepEqual([outbox.get('n149')?.state, outbox.get('n149')?.remoteId], ['sent', `r${posted.indexOf('n149') + 1}`]);
  });
});
