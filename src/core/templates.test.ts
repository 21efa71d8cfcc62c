import { describe, it, expect } from 'vitest';
import { GUARD_RULE_NAME, insertGuardRuleWithId } from './analysis/lockout.ts';
import { addRule, createRule, createRuleSet } from './model/rule-set.ts';
import { parseIpEntry } from './match/ip.ts';
import { parseOPath } from './opath/parser.ts';
import { RULE_TEMPLATES, applyTemplate, applyTemplateWithIds, findTemplate } from './templates.ts';
import { proveAdminPath } from './analysis/admin-path.ts';

const names = (set: { rules: { name: string }[] }) => set.rules.map((r) => r.name);

function template(id: string) {
  const t = findTemplate(id);
  if (!t) throw new Error(`no template ${id}`);
  return t;
}

describe('RULE_TEMPLATES', () => {
  it('have unique ids, a description and valid values', () => {
    expect(new Set(RULE_TEMPLATES.map((t) => t.id)).size).toBe(RULE_TEMPLATES.length);
    for (const t of RULE_TEMPLATES) {
      expect(t.description.length).toBeGreaterThan(20);
      const rules = t.rules();
      expect(rules.length).toBeGreaterThan(0);
      for (const rule of rules) {
        for (const ip of [...rule.anyOfClientIPAddressesOrRanges, ...rule.exceptAnyOfClientIPAddressesOrRanges]) {
          expect(parseIpEntry(ip).ok, `${t.id}: ${ip}`).toBe(true);
        }
        if (rule.userRecipientFilter) expect(parseOPath(rule.userRecipientFilter).ok, t.id).toBe(true);
      }
    }
  });

  it('give fresh ids on every call', () => {
    const t = template('eac-only-it');
    expect(t.rules()[1]!.id).not.toBe(t.rules()[1]!.id);
  });

  it('cover the seed scenarios', () => {
    const filter = template('eac-only-it').rules()[1]!.userRecipientFilter;
    expect(filter).toBe("Department -ne 'IT'");
    expect(template('deny-outside-company-except-activesync').rules()[1]!.exceptAnyOfProtocols).toEqual(['ExchangeActiveSync']);
  });
});

describe('applyTemplate', () => {
  it('puts the guard at priority 1 and the rest at the end', () => {
    const start = addRule(createRuleSet(), createRule({ name: 'Existing', action: 'DenyAccess', anyOfProtocols: ['OutlookWebApp'] }));
    const next = applyTemplate(start, template('block-eac-except-management'));
    expect(names(next)).toEqual([GUARD_RULE_NAME, 'Existing', 'Allow EAC access only from the management network']);
  });

  it('does not add a second guard', () => {
    const once = applyTemplate(createRuleSet(), template('guard-remote-powershell'));
    const twice = applyTemplate(once, template('eac-only-it'));
    expect(names(twice)).toEqual([GUARD_RULE_NAME, 'Allow access to EAC only for IT']);
  });

  it('places a bypass above existing rules, below the guard', () => {
    const guarded = applyTemplate(addRule(createRuleSet(), createRule({ name: 'Deny all', action: 'DenyAccess' })), template('guard-remote-powershell'));
    const next = applyTemplate(guarded, template('temporary-vendor-bypass'));
    expect(names(next)).toEqual([GUARD_RULE_NAME, 'Temporary vendor bypass', 'Deny all', 'Restrict admin center and services']);
  });

  it('makes names unique when a template is added twice', () => {
    const t = template('block-basic-auth-pop-imap');
    const next = applyTemplate(applyTemplate(createRuleSet(), t), t);
    expect(names(next)).toEqual(['Block basic authentication for POP and IMAP', 'Block basic authentication for POP and IMAP (2)']);
    expect(new Set(next.rules.map((r) => r.id)).size).toBe(2);
  });
});

describe('applyTemplateWithIds (issue 11: created rules come with their ids)', () => {
  it('returns the ids of the template rules in the result, the guard included', () => {
    for (const template of RULE_TEMPLATES) {
      const { ruleSet, ids } = applyTemplateWithIds(createRuleSet(), template);
      expect(ids).toHaveLength(template.rules().length);
      for (const id of ids) expect(ruleSet.rules.some((r) => r.id === id)).toBe(true);
      expect(applyTemplate(createRuleSet(), template).rules.map((r) => r.name)).toEqual(ruleSet.rules.map((r) => r.name));
    }
  });

  it('insertGuardRuleWithId names the guard already in place', () => {
    const guarded = insertGuardRuleWithId(createRuleSet());
    expect(guarded.ruleSet.rules[0]?.id).toBe(guarded.id);
    expect(insertGuardRuleWithId(guarded.ruleSet)).toEqual(guarded);
  });
});

describe('admin paths of the templates (issue 7)', () => {
  const withPath = RULE_TEMPLATES.filter((t) => t.adminPath);

  it('every template that locks down Remote PowerShell or the admin center by network or user offers its admin path', () => {
    // (Blocking one sign-in method, such as AD FS, is not a lockdown to a network or to accounts.)
    const lockdowns = RULE_TEMPLATES.filter((t) =>
      t.rules().some((r) => r.action === 'DenyAccess' && r.anyOfAuthenticationTypes.length === 0 && (r.anyOfProtocols.includes('ExchangeAdminCenter') || r.anyOfProtocols.includes('RemotePowerShell'))),
    );
    expect(lockdowns.length).toBeGreaterThan(0);
    for (const t of lockdowns) expect(t.adminPath, t.id).toBeDefined();
  });

  it('records the admin path with the rules in one result, and the proof passes on the template alone', () => {
    for (const t of withPath) {
      const set = applyTemplate(createRuleSet(t.profiles[0]), t, { recordAdminPath: true });
      expect(set.adminPath, t.id).toEqual(t.adminPath);
      expect(proveAdminPath(set, set.adminPath!).proven, t.id).toBe(true);
    }
  });

  it('leaves the admin path alone unless asked', () => {
    const t = withPath[0]!;
    expect(applyTemplate(createRuleSet(), t).adminPath).toBeUndefined();
    const declared = { protocols: ['RemotePowerShell' as const], addresses: ['10.0.0.0/8'], users: [{ user: 'x@contoso.com', attributes: {} }] };
    expect(applyTemplate({ ...createRuleSet(), adminPath: declared }, t).adminPath).toEqual(declared);
  });
});
