import { describe, it, expect } from 'vitest';
import { FINDING_HEADLINES, HEADLINE_VALUE_LENGTH, findingHeadline } from './headline.ts';
import { LINT_CODES } from './codes.ts';
import { lintRuleSet } from './lint.ts';
import { analysisFindings } from '../analysis/findings.ts';
import { addRule, createRule, createRuleSet } from '../model/rule-set.ts';

describe('findingHeadline', () => {
  it('every code has a short one-line headline, with or without a long value', () => {
    expect(Object.keys(FINDING_HEADLINES).sort()).toEqual([...LINT_CODES].sort());
    for (const code of LINT_CODES) {
      for (const value of [undefined, '', 'x'.repeat(500)]) {
        const headline = findingHeadline({ code, value });
        expect(headline.trim(), code).not.toBe('');
        expect(headline, code).not.toMatch(/\n/);
        expect(headline.length, `${code}: ${headline}`).toBeLessThanOrEqual(60 + HEADLINE_VALUE_LENGTH);
      }
    }
  });

  it('cuts long values and shows protocols by their display names', () => {
    expect(findingHeadline({ code: 'invalid-ip', value: '10.0.0.300' })).toBe('Not a valid address: 10.0.0.300');
    expect(findingHeadline({ code: 'invalid-ip', value: 'a'.repeat(40) })).toBe(`Not a valid address: ${'a'.repeat(HEADLINE_VALUE_LENGTH - 1)}…`);
    expect(findingHeadline({ code: 'server-unsupported-protocol', value: 'OutlookWebApp' })).toBe('Not governed in Exchange Server: Outlook on the web');
  });

  it('the shadowing finding reads in one line without naming rules; its message keeps the details', () => {
    let set = createRuleSet();
    set = addRule(set, createRule({ name: 'Block OWA', action: 'DenyAccess', anyOfProtocols: ['OutlookWebApp'] }));
    set = addRule(set, createRule({ name: 'Block OWA from outside', action: 'DenyAccess', anyOfProtocols: ['OutlookWebApp'], anyOfClientIPAddressesOrRanges: ['203.0.113.0/24'] }));
    const shadowed = [...lintRuleSet(set), ...analysisFindings(set)].find((f) => f.code === 'shadowed-rule');
    expect(shadowed).toBeDefined();
    const headline = findingHeadline(shadowed!);
    expect(headline).toBe('Never decides: earlier rules decide first');
    expect(headline).not.toContain('Block OWA');
    expect(shadowed!.message).toContain('Block OWA');
  });
});
