import { describe, expect, it } from 'vitest';
import { createRule } from '../model/rule-set.ts';
import { RULE_FIELD_LIST } from '../model/rule-fields.ts';
import { renderCommand, renderPlan, renderTestCommand, resolveWidth } from './generate-render.ts';

describe('renderCommand', () => {
  it('keeps a short command on one line and puts each further parameter of a long one on its own line', () => {
    expect(renderCommand('Remove-ClientAccessRule', ["-Identity 'A'", '-Confirm:$false'], 100)).toBe("Remove-ClientAccessRule -Identity 'A' -Confirm:$false");
    expect(renderCommand('Remove-ClientAccessRule', ["-Identity 'A'", '-Confirm:$false'], 20)).toBe(
      "Remove-ClientAccessRule -Identity 'A' `\n    -Confirm:$false",
    );
  });
  it('uses 100 characters unless a finite width is given', () => {
    expect(resolveWidth({})).toBe(100);
    expect(resolveWidth({ width: Number.NaN })).toBe(100);
    expect(resolveWidth({ width: 60 })).toBe(60);
  });
});

describe('renderPlan', () => {
  it('writes New parameters in table order, leaving out values at Exchange default', () => {
    const rule = createRule({
      name: 'All of it',
      action: 'DenyAccess',
      enabled: false,
      scope: 'Users',
      anyOfProtocols: ['OutlookWebApp'],
      exceptUsernameMatchesAnyOfPatterns: ['*\\admin*'],
      userRecipientFilter: "City -eq 'Redmond'",
    });
    const [block] = renderPlan([{ cmdlet: 'New-ClientAccessRule', rule, priority: 1, finalPriority: 1, guard: false }], { width: 1000 });
    expect(block).toBe(
      "New-ClientAccessRule -Name 'All of it' -Action DenyAccess -AnyOfProtocols OutlookWebApp -ExceptUsernameMatchesAnyOfPatterns '*\\admin*' -UserRecipientFilter 'City -eq ''Redmond''' -Scope Users -Enabled $false -Priority 1",
    );
    const order = RULE_FIELD_LIST.map((s) => `-${s.parameter} `).filter((p) => (block as string).includes(p));
    expect(order.map((p) => (block as string).indexOf(p))).toEqual([...order.map((p) => (block as string).indexOf(p))].sort((a, b) => a - b));
  });
  it('writes Set changes: list edits, a cleared filter as $null, scalars, then the priority', () => {
    const [block] = renderPlan(
      [
        {
          cmdlet: 'Set-ClientAccessRule',
          identity: 'R',
          changes: { userRecipientFilter: '', enabled: true, lists: { anyOfProtocols: { kind: 'edit', add: ['POP3'], remove: ['IMAP4'] }, exceptAnyOfProtocols: { kind: 'clear' } } },
          priority: 2,
          finalPriority: 2,
          guard: false,
        },
      ],
      { width: 1000 },
    );
    expect(block).toBe(
      "Set-ClientAccessRule -Identity 'R' -AnyOfProtocols @{Add='POP3'; Remove='IMAP4'} -ExceptAnyOfProtocols $null -UserRecipientFilter $null -Enabled $true -Priority 2",
    );
  });
});

describe('renderTestCommand', () => {
  it('comments out what the cmdlet cannot run and says why', () => {
    const { command, notes, runnable } = renderTestCommand(
      { protocol: 'UniversalOutlook', authenticationType: 'BasicAuthentication', ipAddress: '10.0.0.1', port: 443, user: 'a@contoso.com', attributes: {}, connectionType: 'EndUser' },
      {},
    );
    expect(runnable).toBe(false);
    expect(command.startsWith('# Test-ClientAccessRule')).toBe(true);
    expect(notes[0]).toContain('does not accept UniversalOutlook');
  });
});
