import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Claims, pidAlive } from '../../../src/adapters/outboxClaim';

const DEAD_PID = spawnSync(process.execPath, ['-e', '']).pid as number;

describe('outbox claims', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'claims-')); });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('one holder at a time, of 20 acquiring at once; free again once released', async () => {
    const claims = Array.from({ length: 20 }, () => new Claims({ dir }));
    const got = await Promise.all(claims.map((c) => c.tryAcquire('incident-a')));
    const held = got.filter((c) => c !== undefined);
    assert.equal(held.length, 1);
    assert.equal(await held[0]?.stillHeld(), true);
    assert.equal(await new Claims({ dir }).tryAcquire('incident-b') !== undefined, true);
    await held[0]?.release();
    assert.equal(await held[0]?.stillHeld(), false);
    assert.ok(await new Claims({ dir }).tryAcquire('incident-a'));
  });

  it('a claim whose process is gone is broken by exactly one of those who find it', async () => {
    assert.equal(pidAlive(DEAD_PID), false);
    assert.equal(pidAlive(process.pid), true);
    const crashed = await new Claims({ dir, pid: DEAD_PID }).tryAcquire('incident-a');
    assert.ok(crashed);
    const got = await Promise.all(Array.from({ length: 10 }, () => new Claims({ dir }).tryAcquire('incident-a')));
    assert.equal(got.filter((c) => c !== undefined).length, 1);
    assert.equal(await crashed.stillHeld(), false);
    assert.deepEqual((await readdir(dir)).filter((n) => n.endsWith('.broken')), []);
  });

  it('a live holder keeps its claim; one whose heartbeat stopped for a lease loses it once it stays still for two beats', async () => {
    const alive = await new Claims({ dir, leaseMs: 60_000 }).tryAcquire('incident-a');
    assert.ok(alive);
    assert.equal(await new Claims({ dir, leaseMs: 60_000 }).tryAcquire('incident-a'), undefined);
    // A hung process: its pid exists, its heartbeat is two minutes old.
    const file = join(dir, 'incident-a.lock');
    await alive.release();
    await writeFile(file, JSON.stringify({ pid: process.pid, token: 'hung' }));
    const old = new Date(Date.now() - 120_000);
    await utimes(file, old, old);
    const breaker = new Claims({ dir, leaseMs: 60_000, heartbeatMs: 100 });
    assert.equal(await breaker.tryAcquire('incident-a'), undefined, 'first seen overdue: watched, not broken');
    await new Promise((resolve) => setTimeout(resolve, 250));
    assert.ok(await breaker.tryAcquire('incident-a'));
  });

  it('a holder that beats again after a machine-wide sleep keeps its claim', async () => {
    // Everyone slept two minutes: the holder's heartbeat looks a lease old until its next beat.
    const file = join(dir, 'incident-a.lock');
    await writeFile(file, JSON.stringify({ pid: process.pid, token: 'woke' }));
    const old = new Date(Date.now() - 120_000);
    await utimes(file, old, old);
    const breaker = new Claims({ dir, leaseMs: 60_000, heartbeatMs: 100 });
    assert.equal(await breaker.tryAcquire('incident-a'), undefined);
    const now = new Date();
    await utimes(file, now, now); // the holder's first beat after waking
    await new Promise((resolve) => setTimeout(resolve, 250));
    assert.equal(await breaker.tryAcquire('incident-a'), undefined);
    assert.equal(JSON.parse(await readFile(file, 'utf8')).token, 'woke');
  });

  it('a lock file still being written (empty) is not broken before a lease has passed', async () => {
    await writeFile(join(dir, 'incident-a.lock'), '');
    const claims = new Claims({ dir, leaseMs: 60_000, heartbeatMs: 50 });
    assert.equal(await claims.tryAcquire('incident-a'), undefined);
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(await claims.tryAcquire('incident-a'), undefined);
  });
});
