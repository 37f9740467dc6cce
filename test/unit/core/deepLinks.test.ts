import * as assert from 'node:assert/strict';
import { deepLink, parseDeepLink } from '../../../src/core/deepLinks';

describe('deep links', () => {
  const base = 'vscode://incident-lens.incident-lens';

  it('builds the link to an incident, one of its links and one of its notes', () => {
    assert.equal(deepLink(base, { incident: 'INC-142' }), 'vscode://incident-lens.incident-lens/open?incident=INC-142');
    assert.equal(deepLink(`${base}/`, { incident: 'INC-142', link: 0 }), 'vscode://incident-lens.incident-lens/open?incident=INC-142&link=0');
    assert.equal(deepLink('cursor://incident-lens.incident-lens', { incident: 'INC-142', note: 3 }), 'cursor://incident-lens.incident-lens/open?incident=INC-142&note=3');
  });

  it('refuses an id that would carry path or query syntax', () => {
    assert.equal(deepLink(base, { incident: '../x' }), undefined);
    assert.equal(deepLink(base, { incident: 'INC-1&link=2' }), undefined);
    assert.equal(deepLink(base, { incident: '' }), undefined);
  });

  it('reads back what it builds', () => {
    const url = new URL(deepLink(base, { incident: 'INC-7', link: 2, note: 1 }) ?? '');
    assert.deepEqual(parseDeepLink(url.pathname, url.search.slice(1)), { incident: 'INC-7', link: 2, note: 1 });
  });

  it('refuses other paths, missing or malformed ids and bad indexes with a message', () => {
    assert.match((parseDeepLink('/delete', 'incident=INC-1') as { error: string }).error, /\/open/);
    assert.match((parseDeepLink('/open', '') as { error: string }).error, /does not name an incident/);
    assert.match((parseDeepLink('/open', 'incident=%2E%2E%2Fetc') as { error: string }).error, /does not name an incident/);
    assert.match((parseDeepLink('/open', 'incident=INC-1&link=-1') as { error: string }).error, /bad link number/);
    assert.match((parseDeepLink('/open', 'incident=INC-1&note=1e3') as { error: string }).error, /bad note number/);
  });
});
