import { describe, expect, it } from 'vitest';
import { createRule } from '../../../core/model/rule-set.ts';
import { ruleMatchesSearch } from './rule-filter.ts';

describe('rule list search and filter', () => {
  const owa = createRule({ name: 'Block web mail', action: 'DenyAccess', anyOfProtocols: ['OutlookWebApp'], anyOfClientIPAddressesOrRanges: ['10.1.0.0/16'] });
  const allow = createRule({ name: 'Admins', enabled: false });

  it('finds by name, display name, PowerShell value and address, case-insensitively', () => {
    expect(ruleMatchesSearch(owa, 'WEB MAIL', 'all', [])).toBe(true);
    expect(ruleMatchesSearch(owa, 'outlook on the web', 'all', [])).toBe(true);
    expect(ruleMatchesSearch(owa, 'outlookwebapp', 'all', [])).toBe(true);
    expect(ruleMatchesSearch(owa, '10.1.0', 'all', [])).toBe(true);
    expect(ruleMatchesSearch(owa, 'imap', 'all', [])).toBe(false);
  });

  it('filters by action, disabled state and findings', () => {
    expect(ruleMatchesSearch(owa, '', 'deny', [])).toBe(true);
    expect(ruleMatchesSearch(owa, '', 'allow', [])).toBe(false);
    expect(ruleMatchesSearch(allow, '', 'disabled', [])).toBe(true);
    expect(ruleMatchesSearch(owa, '', 'findings', [])).toBe(false);
    expect(ruleMatchesSearch(owa, 'shadowed', 'findings', [{ code: 'shadowed-rule', severity: 'warning', message: 'This rule is shadowed' }])).toBe(true);
  });

  it('finds by notes (description, owner, ticket, review date) and by a finding headline', () => {
    const noted = createRule({ name: 'Block web mail', notes: { description: 'Requested by the security board', owner: 'Messaging team', ticket: 'CHG-1234', reviewDate: '2026-06-30' } });
    expect(ruleMatchesSearch(noted, 'security board', 'all', [])).toBe(true);
    expect(ruleMatchesSearch(noted, 'messaging', 'all', [])).toBe(true);
    expect(ruleMatchesSearch(noted, 'chg-1234', 'all', [])).toBe(true);
    expect(ruleMatchesSearch(noted, '2026-06', 'all', [])).toBe(true);
    expect(ruleMatchesSearch(owa, 'messaging', 'all', [])).toBe(false);
    expect(ruleMatchesSearch(owa, 'never decides', 'all', [{ code: 'shadowed-rule', severity: 'warning', message: 'Decided first by another rule.' }])).toBe(true);
  });
});
