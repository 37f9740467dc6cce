import * as assert from 'node:assert/strict';
import { incidentIdProblem, matchesReferencePatterns, nextIncidentId } from '../../../src/core/incidentIds';

describe('new incident ids', () => {
  it('proposes the next number after the highest one with the default prefix', () => {
    assert.equal(nextIncidentId(['INC-\\d+'], ['INC-142', 'INC-7', 'INC-170', 'PD-Q1W2E3R']), 'INC-171');
  });

  it('starts at 1 in an empty repository, with the default pattern when none is numbered', () => {
    assert.equal(nextIncidentId(['INC-\\d+'], []), 'INC-1');
    assert.equal(nextIncidentId(['PD-[A-Z0-9]{7}'], ['INC-4']), 'INC-5');
    assert.equal(nextIncidentId([], []), 'INC-1');
  });

  it('uses the first numbered pattern, skipping platform ids', () => {
    assert.equal(nextIncidentId(['PD-[A-Z0-9]{7}', 'OPS-[0-9]+', 'INC-\\d+'], ['OPS-9', 'INC-500']), 'OPS-10');
  });

  it('reads escaped literals, word boundaries and anchors in the prefix', () => {
    assert.equal(nextIncidentId(['\\bSEC\\-\\d+\\b'], ['SEC-41']), 'SEC-42');
    assert.equal(nextIncidentId(['^ops\\.inc\\.\\d+$'], ['ops.inc.3']), 'ops.inc.4');
    // An unescaped dot is a wildcard, so that pattern has no literal prefix.
    assert.equal(nextIncidentId(['ops.\\d+'], []), 'INC-1');
  });

  it('pads like the pattern or the existing ids do', () => {
    assert.equal(nextIncidentId(['OPS-\\d{4}'], []), 'OPS-0001');
    assert.equal(nextIncidentId(['OPS-\\d{4,}'], ['OPS-0099']), 'OPS-0100');
    assert.equal(nextIncidentId(['INC-\\d+'], ['INC-007', 'INC-012']), 'INC-013');
    assert.equal(nextIncidentId(['INC-\\d+'], ['INC-9']), 'INC-10');
  });

  it('ignores ids whose tail is not a number', () => {
    assert.equal(nextIncidentId(['INC-\\d+'], ['INC-12a', 'INC-', 'INC-3']), 'INC-4');
  });

  it('says why an id cannot be used', () => {
    assert.equal(incidentIdProblem('INC-143', ['INC-142']), undefined);
    assert.match(incidentIdProblem('', []) ?? '', /Give the incident an id/);
    assert.match(incidentIdProblem('INC 143', []) ?? '', /only letters, digits/);
    assert.match(incidentIdProblem('../x', []) ?? '', /only letters, digits/);
    assert.match(incidentIdProblem('inc-142', ['INC-142']) ?? '', /already exists/);
    assert.match(incidentIdProblem('x'.repeat(129), []) ?? '', /at most 128/);
  });

  it('tells whether references in code will find an id', () => {
    assert.equal(matchesReferencePatterns('INC-143', ['INC-\\d+']), true);
    assert.equal(matchesReferencePatterns('INC-143b', ['INC-\\d+']), false);
    assert.equal(matchesReferencePatterns('X', ['(bad']), false);
  });
});
