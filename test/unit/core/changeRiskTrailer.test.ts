import * as assert from 'node:assert/strict';
import { trailerName, withTrailer } from '../../../src/core/changeRiskTrailer';

describe('withTrailer', () => {
  it('starts a trailer paragraph after the message', () => {
    assert.equal(withTrailer('Retry with jitter', 'Incident-Risk', ['INC-142', 'INC-157']), 'Retry with jitter\n\nIncident-Risk: INC-142, INC-157');
    assert.equal(withTrailer('Subject\n\nBody text.\n\n', 'Incident-Risk', ['INC-1']), 'Subject\n\nBody text.\n\nIncident-Risk: INC-1');
  });

  it('joins an existing trailer block, and replaces its own line there', () => {
    const signed = 'Subject\n\nBody\n\nSigned-off-by: A <a@example.com>';
    assert.equal(withTrailer(signed, 'Incident-Risk', ['INC-1']), `${signed}\nIncident-Risk: INC-1`);
    const again = withTrailer(`${signed}\nincident-risk: INC-9`, 'Incident-Risk', ['INC-1', 'INC-2', 'INC-1']);
    assert.equal(again, `${signed}\nIncident-Risk: INC-1, INC-2`);
  });

  it('leaves the rest of the message byte for byte, and leaves room for a subject in an empty one', () => {
    const odd = 'Subject  \n \t\nbody with  spaces\n  \nFixes: INC-3';
    assert.equal(withTrailer(odd, 'Incident-Risk', ['INC-3']), `${odd}\nIncident-Risk: INC-3`);
    assert.equal(withTrailer('', 'Incident-Risk', ['INC-1']), '\n\nIncident-Risk: INC-1');
    assert.equal(withTrailer('Subject', 'Incident-Risk', []), 'Subject');
    assert.equal(withTrailer('Subject: not a trailer block', 'Incident-Risk', ['INC-1']), 'Subject: not a trailer block\n\nIncident-Risk: INC-1');
  });

  it('uses the default name when the configured one is not a trailer token', () => {
    assert.equal(trailerName('Risk-Incidents'), 'Risk-Incidents');
    assert.equal(trailerName('Bad Name:'), 'Incident-Risk');
    assert.equal(trailerName(undefined), 'Incident-Risk');
  });
});
