import { jiraPollJql } from './jira-issues-source';
import { vendorTime } from './poll-source';
import { salesforcePollSoql } from './salesforce-records-source';

describe('poll queries', () => {
  it('asks Jira from one whole minute before the cursor minute, since JQL dates are minutes', () => {
    expect(jiraPollJql(new Date('2026-12-07T05:37:42.123Z'), 'project = OPS')).toBe('project = OPS AND updated >= "2026-12-07 05:36" ORDER BY updated ASC');
    expect(jiraPollJql(new Date('2026-12-07T05:37:00.000Z'))).toBe('updated >= "2026-12-07 05:36" ORDER BY updated ASC');
  });

  it('asks Salesforce from the cursor itself, inclusive, ordered by SystemModstamp then Id', () => {
    expect(salesforcePollSoql(new Date('2026-12-07T05:37:42.123Z'), 'Account', ['Name', 'Id'])).toBe(
      'SELECT Id, SystemModstamp, Name FROM Account WHERE SystemModstamp >= 2026-12-07T05:37:42.123Z ORDER BY SystemModstamp, Id',
    );
  });

  it("reads the vendors' +0000 offsets, and nothing unreadable", () => {
    expect(vendorTime('2026-12-07T05:37:42.123+0000')?.toISOString()).toBe('2026-12-07T05:37:42.123Z');
    expect(vendorTime('yesterday')).toBeUndefined();
    expect(vendorTime(42)).toBeUndefined();
  });
});
