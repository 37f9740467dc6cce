import * as assert from 'node:assert/strict';
import { hasNoteMarker, noteMarker, noteTitle, PlatformError, severityFromLabel, withNoteMarker } from '../../../src/core/platform';

describe('platform port helpers', () => {
  it('reads the common severity conventions into SEV1..SEV4', () => {
    const labels = ['P1', 'p2', 'SEV-3', 'sev 4', 'S0', 'P5', 'Critical', 'Major', 'high', 'Minor', 'medium', 'Low', 'info', 'banana', '', undefined];
    assert.deepEqual(labels.map((l) => severityFromLabel(l)),
      ['SEV1', 'SEV2', 'SEV3', 'SEV4', 'SEV1', 'SEV4', 'SEV1', 'SEV2', 'SEV2', 'SEV3', 'SEV3', 'SEV4', 'SEV4', 'SEV3', 'SEV3', 'SEV3']);
    assert.equal(severityFromLabel('banana', 'SEV4'), 'SEV4');
  });

  it('marks a note with a short, stable tag of its key, found again only by that key', () => {
    assert.match(noteMarker('key-1'), /^\[il:[0-9a-z]{13}\]$/);
    assert.equal(noteMarker('key-1'), noteMarker('key-1'));
    assert.notEqual(noteMarker('key-1'), noteMarker('key-2'));
    const text = withNoteMarker('p99 jumped  \n', 'key-1');
    assert.equal(text, `p99 jumped\n\n${noteMarker('key-1')}`);
    assert.ok(hasNoteMarker(text, 'key-1'));
    assert.ok(!hasNoteMarker(text, 'key-2'));
    assert.ok(!hasNoteMarker(undefined, 'key-1'));
  });

  it('titles a note by its first line, cut at a word', () => {
    assert.equal(noteTitle('  first line\nsecond'), 'first line');
    assert.equal(noteTitle('word '.repeat(40), 30), 'word word word word word…');
    assert.equal(noteTitle(''), 'Note');
  });

  it('says which failures are worth retrying', () => {
    const retryable = ['rate-limited', 'server', 'timeout', 'connection', 'malformed', 'auth', 'not-found', 'rejected', 'config'] as const;
    assert.deepEqual(retryable.map((kind) => new PlatformError('x', kind).retryable), [true, true, true, true, true, false, false, false, false]);
  });
});
