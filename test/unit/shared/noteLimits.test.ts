// A note too long to log is answered and kept, never dropped: the protocol carries it (and the
// draft) so the extension can say why, and the writer refuses a note that would make the incident
// file too big for the reader before anything is written.
import * as assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IncidentWriter } from '../../../src/adapters/incidentWriter';
import { appendNote } from '../../../src/core/incidentEdits';
import { MAX_INCIDENT_FILE_BYTES, parseIncidentFile } from '../../../src/core/parseIncident';
import { isPanelState, isPanelToExtension, MAX_NOTE_TEXT, noteTextProblem } from '../../../src/shared/protocol';

describe('note limits', () => {
  const long = 'x'.repeat(MAX_NOTE_TEXT + 1);

  it('says why a 20,001-character note is not logged, and takes one of 20,000', () => {
    assert.equal(noteTextProblem('x'.repeat(MAX_NOTE_TEXT)), undefined);
    assert.equal(noteTextProblem(long), 'The note is 20,001 characters, over the 20,000 a note may have. Shorten it, or put a long log in a file and attach its code instead.');
  });

  it('carries an oversize note to the extension to be answered, and keeps it as a draft across a reload', () => {
    assert.equal(isPanelToExtension({ type: 'logNote', kind: 'observation', text: long, attachSelection: false }), true);
    assert.equal(isPanelToExtension({ type: 'draftChanged', draft: { kind: 'observation', text: long, attachSelection: true } }), true);
    assert.equal(isPanelState({ source: '/w/.incidents/INC-1.yaml', draft: { kind: 'action', text: long, attachSelection: false }, filter: 'all' }), true);
  });

  it('refuses a note that would push the incident file past the size the reader accepts, writing nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'note-limits-'));
    try {
      const file = join(dir, 'INC-1.yaml');
      // Notes of the most a note may have, up to just under the limit.
      const start = 'id: INC-1\ntitle: Big\nseverity: SEV2\nstatus: investigating\n';
      let text = start;
      for (let n = 0; Buffer.byteLength(appendNote(text, { at: '2026-01-01T00:00:00Z', kind: 'observation', text: 'y'.repeat(MAX_NOTE_TEXT) })) <= MAX_INCIDENT_FILE_BYTES; n++) {
        text = appendNote(text, { at: '2026-01-01T00:00:00Z', kind: 'observation', text: `${n} ${'y'.repeat(MAX_NOTE_TEXT - 10)}` });
      }
      await writeFile(file, text);
      const writer = new IncidentWriter({ staleMs: 2_000 });
      const note = { at: '2026-01-01T00:00:01Z', kind: 'observation' as const, text: 'z'.repeat(MAX_NOTE_TEXT) };
      await assert.rejects(writer.update(file, (current) => appendNote(current, note)), /INC-1\.yaml would grow to \d+ KiB, over the 1024 KiB an incident file may have \(a bigger one is not read\); nothing was written/);
      const after = await readFile(file, 'utf8');
      assert.equal(after, text);
      // The file as it stands still loads, every note in it.
      assert.equal(parseIncidentFile(after).incident?.notes.length, (text.match(/kind: observation/g) ?? []).length);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
