import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { createRule } from '../model/rule-set.ts';
import { LIST_FIELDS } from '../model/types.ts';
import type { Connection, ListField, Protocol, Rule, RuleSet, TestCase } from '../model/types.ts';
import { canDenyRemotePowerShell, isActiveGuard, letsRemotePowerShellThrough } from '../model/guard.ts';
import { generateChangeScript, generateScript, generateTestCommand, generateTestCommands, planChanges } from './generate.ts';

// ---------------------------------------------------------------------------------------------------
// A tiny reader for exactly the shapes the generator emits, and a tiny spec-4 model to replay them.
// Independent of the project's real reader and replay, so these tests prove the generator on its own.
// ---------------------------------------------------------------------------------------------------

const QUOTES = new Set(["'", '\u2018', '\u2019', '\u201A', '\u201B']);

type Value = string | string[] | null | boolean | { add: string[]; remove: string[] };
interface Statement {
  cmdlet: string;
  params: Map<string, Value>;
}

class Scanner {
  i = 0;
  constructor(private readonly src: string) {}

  private fail(what: string): never {
    throw new Error(`${what} at ${this.i} in ${JSON.stringify(this.src)}`);
  }

  eat(text: string): boolean {
    if (this.src.startsWith(text, this.i)) {
      this.i += text.length;
      return true;
    }
    return false;
  }

  atEnd(): boolean {
    return this.i >= this.src.length;
  }

  private quoted(): string {
    if (!QUOTES.has(this.src[this.i] ?? '')) this.fail('expected a quote');
    this.i++;
    let text = '';
    for (;;) {
      const c = this.src[this.i];
      if (c === undefined) this.fail('unterminated string');
      if (QUOTES.has(c)) {
        const next = this.src[this.i + 1];
        if (next !== undefined && QUOTES.has(next)) {
          text += next;
          this.i += 2;
          continue;
        }
        this.i++;
        return text;
      }
      text += c;
      this.i++;
    }
  }

  private concatenation(): string {
    let text = '';
    for (;;) {
      if (this.eat('[char]0x')) {
        const hex = this.src.slice(this.i, this.i + 4);
        if (!/^[0-9A-F]{4}$/.test(hex)) this.fail('bad [char]');
        text += String.fromCharCode(parseInt(hex, 16));
        this.i += 4;
      } else {
        text += this.quoted();
      }
      if (this.eat(' + ')) continue;
      if (this.eat(')')) return text;
      this.fail('expected + or )');
    }
  }

  private element(): string {
    if (this.eat('(')) return this.concatenation();
    if (QUOTES.has(this.src[this.i] ?? '')) return this.quoted();
    const match = /^[A-Za-z0-9.:/-]+/.exec(this.src.slice(this.i));
    if (!match) this.fail('expected a value');
    this.i += match[0].length;
    return match[0];
  }

  private list(): string[] {
    const values = [this.element()];
    while (this.eat(',')) values.push(this.element());
    return values;
  }

  value(): Value {
    if (this.eat('$null')) return null;
    if (this.eat('$true')) return true;
    if (this.eat('$false')) return false;
    if (this.eat('@{')) {
      const edit = { add: [] as string[], remove: [] as string[] };
      if (this.eat('Add=')) edit.add = this.list();
      if (this.eat('; ')) {
        if (!this.eat('Remove=')) this.fail('expected Remove=');
        edit.remove = this.list();
      } else if (this.eat('Remove=')) {
        edit.remove = this.list();
      }
      if (!this.eat('}')) this.fail('expected }');
      return edit;
    }
    const values = this.list();
    return values.length === 1 ? (values[0] as string) : values;
  }

  parameterName(): string {
    const match = /^-([A-Za-z]+)/.exec(this.src.slice(this.i));
    if (!match) this.fail('expected a parameter');
    this.i += match[0].length;
    return match[1] as string;
  }
}

function readScript(script: string): Statement[] {
  const logical: string[] = [];
  let pending = '';
  for (const line of script.split('\n')) {
    if (pending === '' && (line.startsWith('#') || line.trim() === '')) continue;
    if (line.endsWith(' `')) {
      pending += `${pending === '' ? line : line.trimStart()}`.slice(0, -1);
      continue;
    }
    logical.push(pending === '' ? line : pending + line.trimStart());
    pending = '';
  }
  expect(pending).toBe('');
  return logical.map((text) => {
    const space = text.indexOf(' ');
    const cmdlet = text.slice(0, space);
    const scanner = new Scanner(text.slice(space));
    const params = new Map<string, Value>();
    while (!scanner.atEnd()) {
      if (!scanner.eat(' ')) throw new Error(`expected a space in ${text}`);
      const name = scanner.parameterName();
      if (scanner.eat(':$false')) {
        params.set(name, false);
        continue;
      }
      if (!scanner.eat(' ')) throw new Error(`expected a value for -${name} in ${text}`);
      expect(params.has(name)).toBe(false);
      params.set(name, scanner.value());
    }
    return { cmdlet, params };
  });
}

const PARAM_FIELD: Record<string, ListField> = {
  AnyOfProtocols: 'anyOfProtocols',
  ExceptAnyOfProtocols: 'exceptAnyOfProtocols',
  AnyOfAuthenticationTypes: 'anyOfAuthenticationTypes',
  ExceptAnyOfAuthenticationTypes: 'exceptAnyOfAuthenticationTypes',
  AnyOfClientIPAddressesOrRanges: 'anyOfClientIPAddressesOrRanges',
  ExceptAnyOfClientIPAddressesOrRanges: 'exceptAnyOfClientIPAddressesOrRanges',
  UsernameMatchesAnyOfPatterns: 'usernameMatchesAnyOfPatterns',
  ExceptUsernameMatchesAnyOfPatterns: 'exceptUsernameMatchesAnyOfPatterns',
};

interface ModelRule {
  name: string;
  action: string;
  enabled: boolean;
  scope: string;
  filter: string;
  lists: Record<ListField, string[]>;
}

function asList(value: Value): string[] {
  if (value === null) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value;
  throw new Error(`not a list: ${JSON.stringify(value)}`);
}

function applyParams(rule: ModelRule, params: Map<string, Value>): void {
  for (const [name, value] of params) {
    const field = PARAM_FIELD[name];
    if (field) {
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const kept = rule.lists[field].filter((v) => !value.remove.includes(v));
        rule.lists[field] = [...kept, ...value.add.filter((v) => !kept.includes(v))];
      } else {
        rule.lists[field] = asList(value);
      }
    } else if (name === 'Action') rule.action = value as string;
    else if (name === 'Enabled') rule.enabled = value as boolean;
    else if (name === 'Scope') rule.scope = value as string;
    else if (name === 'UserRecipientFilter') rule.filter = value === null ? '' : (value as string);
    else if (!['Name', 'Identity', 'Priority', 'Confirm'].includes(name)) throw new Error(`unknown -${name}`);
  }
}

function priorityOf(params: Map<string, Value>): number | undefined {
  const value = params.get('Priority');
  if (value === undefined) return undefined;
  expect(value).toMatch(/^\d+$/);
  return Number(value);
}

/** Spec 4: New inserts at p (appends outside 1..N+1), Set -Priority moves, Remove closes the gap. */
function replay(start: readonly ModelRule[], statements: readonly Statement[]): ModelRule[] {
  const rules = start.map((r) => structuredClone(r));
  const find = (identity: Value): number => {
    const index = rules.findIndex((r) => r.name.toLowerCase() === String(identity).toLowerCase());
    if (index < 0) throw new Error(`no rule ${String(identity)}`);
    return index;
  };
  for (const { cmdlet, params } of statements) {
    if (cmdlet === 'New-ClientAccessRule') {
      const name = params.get('Name') as string;
      if (rules.some((r) => r.name.toLowerCase() === name.toLowerCase())) throw new Error(`duplicate ${name}`);
      const rule: ModelRule = {
        name,
        action: 'AllowAccess',
        enabled: true,
        scope: 'All',
        filter: '',
        lists: Object.fromEntries(LIST_FIELDS.map((f) => [f, []])) as unknown as Record<ListField, string[]>,
      };
      applyParams(rule, params);
      const p = priorityOf(params);
      // The generator promises a priority valid at the time the command runs.
      expect(p).toBeGreaterThanOrEqual(1);
      expect(p).toBeLessThanOrEqual(rules.length + 1);
      rules.splice((p ?? rules.length + 1) - 1, 0, rule);
    } else if (cmdlet === 'Set-ClientAccessRule') {
      const index = find(params.get('Identity') ?? null);
      const rule = rules[index] as ModelRule;
      applyParams(rule, params);
      const p = priorityOf(params);
      if (p !== undefined) {
        expect(p).toBeGreaterThanOrEqual(1);
        expect(p).toBeLessThanOrEqual(rules.length);
        rules.splice(index, 1);
        rules.splice(p - 1, 0, rule);
      }
    } else if (cmdlet === 'Remove-ClientAccessRule') {
      expect(params.get('Confirm')).toBe(false);
      rules.splice(find(params.get('Identity') ?? null), 1);
    } else {
      throw new Error(`unexpected ${cmdlet}`);
    }
  }
  return rules;
}

function toModel(rule: Rule): ModelRule {
  return {
    name: rule.name,
    action: rule.action,
    enabled: rule.enabled,
    scope: rule.scope,
    filter: rule.userRecipientFilter,
    lists: Object.fromEntries(LIST_FIELDS.map((f) => [f, [...rule[f]]])) as unknown as Record<ListField, string[]>,
  };
}

/** List order carries no meaning (values are ORed), so lists compare as sorted sets. */
function normalize(rules: readonly ModelRule[]): ModelRule[] {
  return rules.map((r) => ({
    ...r,
    lists: Object.fromEntries(LIST_FIELDS.map((f) => [f, [...new Set(r.lists[f])].sort()])) as unknown as Record<ListField, string[]>,
  }));
}

function managed(set: RuleSet): ModelRule[] {
  return set.rules.filter((r) => !r.datacenterAdminsOnly).map(toModel);
}

function set(rules: Rule[], profile: RuleSet['profile'] = 'ExchangeOnline'): RuleSet {
  return { profile, rules, tests: [] };
}

/** The commands of a script (blocks after the header), comments included. */
function body(script: string): string {
  return script.split('\n\n').slice(1).join('\n\n');
}

function commandLines(script: string): string[] {
  return script.split('\n').filter((l) => /^(New|Set|Remove|Test)-ClientAccessRule/.test(l));
}

// ---------------------------------------------------------------------------------------------------
// Rules from the seeds.
// ---------------------------------------------------------------------------------------------------

const guard = (): Rule => createRule({ name: 'Always Allow Remote PowerShell', action: 'AllowAccess', anyOfProtocols: ['RemotePowerShell'] });
const eacMgmt = (): Rule =>
  createRule({
    name: 'Allow EAC access only for MGMT',
    action: 'DenyAccess',
    anyOfProtocols: ['ExchangeAdminCenter'],
    exceptAnyOfClientIPAddressesOrRanges: ['172.17.17.26/24'],
  });
const eacIt = (): Rule =>
  createRule({
    name: 'Allow access to EAC only for IT',
    action: 'DenyAccess',
    anyOfProtocols: ['ExchangeAdminCenter'],
    userRecipientFilter: "Department -ne 'IT'",
  });
const named = (name: string, extra: Partial<Rule> = {}): Rule => createRule({ name, ...extra });

describe('generateScript', () => {
  it('says so for an empty rule set (exact output)', () => {
    expect(generateScript(set([]))).toBe(
      [
        '# Client Access Rules: full script (0 rules)',
        '# Generated by Client Access Rule Designer.',
        '#',
        '# What it does: nothing. The rule set is empty: there are no rules to create.',
        '# Target: Exchange Online. Connect first: Connect-ExchangeOnline (ExchangeOnlineManagement module).',
        '# Exchange Online no longer supports Client Access Rules since September 2025 (move to Conditional Access).',
        '# Rules are cached: the first rule of an organisation can take up to 24 hours to apply, later changes up to 1 hour.',
        '#',
        '# Formatting: a command that fits in 100 characters is one line; a longer one has one parameter per line,',
        '# every line but the last ending in a backtick (`) continuation.',
        '# Quoting: names, patterns, filters and other text are single-quoted literals, with every single-quote',
        '# character (the apostrophe and the typographic quotes U+2018 to U+201B) doubled; nothing is double-quoted.',
        '# Protocol and authentication names and IP addresses, ranges and CIDRs are bare words.',
        '# Control, invisible, bidirectional and non-ASCII characters are written as [char]0xHHHH joined with + in',
        "# parentheses, e.g. ('Z' + [char]0x00FC + 'rich'): the script is pure ASCII and reads the same in any encoding.",
        '',
      ].join('\n'),
    );
  });

  it('writes the seed rules in priority order with explicit priorities (exact output, wide)', () => {
    const script = generateScript(set([guard(), eacMgmt()]), { width: 200 });
    expect(body(script)).toBe(
      [
        "New-ClientAccessRule -Name 'Always Allow Remote PowerShell' -Action AllowAccess -AnyOfProtocols RemotePowerShell -Priority 1",
        '',
        "New-ClientAccessRule -Name 'Allow EAC access only for MGMT' -Action DenyAccess -AnyOfProtocols ExchangeAdminCenter -ExceptAnyOfClientIPAddressesOrRanges 172.17.17.26/24 -Priority 2",
        '',
      ].join('\n'),
    );
  });

  it('puts one parameter per line with backtick continuations past the width (exact output)', () => {
    const script = generateScript(set([eacIt()]));
    expect(body(script)).toBe(
      [
        "New-ClientAccessRule -Name 'Allow access to EAC only for IT' `",
        '    -Action DenyAccess `',
        '    -AnyOfProtocols ExchangeAdminCenter `',
        "    -UserRecipientFilter 'Department -ne ''IT''' `",
        '    -Priority 1',
        '',
      ].join('\n'),
    );
    expect(script).toContain('fits in 100 characters');
    expect(commandLines(generateScript(set([eacIt()]), { width: 200 }))).toEqual([
      "New-ClientAccessRule -Name 'Allow access to EAC only for IT' -Action DenyAccess -AnyOfProtocols ExchangeAdminCenter -UserRecipientFilter 'Department -ne ''IT''' -Priority 1",
    ]);
  });

  it('writes only the parameters in use: -Scope Users, -Enabled $false, lists', () => {
    const rule = named('Block POP and IMAP', {
      action: 'DenyAccess',
      enabled: false,
      scope: 'Users',
      anyOfProtocols: ['POP3', 'IMAP4'],
      anyOfAuthenticationTypes: ['BasicAuthentication'],
      usernameMatchesAnyOfPatterns: ['*\\jeff*', 'contoso.com\\admin*'],
    });
    expect(commandLines(generateScript(set([rule]), { width: 500 }))).toEqual([
      "New-ClientAccessRule -Name 'Block POP and IMAP' -Action DenyAccess -AnyOfProtocols POP3,IMAP4 -AnyOfAuthenticationTypes BasicAuthentication -UsernameMatchesAnyOfPatterns '*\\jeff*','contoso.com\\admin*' -Scope Users -Enabled $false -Priority 1",
    ]);
    const plain = commandLines(generateScript(set([named('Allow all')]), { width: 500 }));
    expect(plain).toEqual(["New-ClientAccessRule -Name 'Allow all' -Action AllowAccess -Priority 1"]);
  });

  it('creates the allow rules that let Remote PowerShell through first when a rule can deny it, and still ends with the draft order', () => {
    const draft = set([named('One', { action: 'DenyAccess' }), named('Two'), guard(), named('Four')]);
    const script = generateScript(draft, { width: 500 });
    const lines = commandLines(script);
    expect(lines.map((l) => /-Name '([^']+)'/.exec(l)?.[1])).toEqual(['Two', 'Always Allow Remote PowerShell', 'Four', 'One']);
    expect(lines.map((l) => /-Priority (\d+)$/.exec(l)?.[1])).toEqual(['1', '2', '3', '1']);
    expect(script).toContain('# Priority 1 now; it becomes 2 once the commands below have run.');
    expect(normalize(replay([], readScript(script)))).toEqual(normalize(managed(draft)));
  });

  it('keeps the plain order when no rule can deny Remote PowerShell, and never counts a disabled allow rule', () => {
    const narrowed = named('RPS for Joe', { anyOfProtocols: ['RemotePowerShell'], usernameMatchesAnyOfPatterns: ['Domain\\JoeAdmin'] });
    const disabled = { ...guard(), enabled: false };
    for (const rule of [narrowed, disabled]) {
      const script = generateScript(set([named('First', { action: 'DenyAccess', anyOfProtocols: ['OutlookWebApp'] }), rule]));
      expect(script).not.toContain('Lets Remote PowerShell through');
      expect(commandLines(script)[0]).toContain("'First'");
    }
    const withDeny = generateScript(set([named('Deny RPS', { action: 'DenyAccess', anyOfProtocols: ['RemotePowerShell'] }), disabled]));
    expect(withDeny).not.toContain('Lets Remote PowerShell through');
  });

  it('skips DatacenterAdminsOnly rules with a comment and leaves them out of the priorities', () => {
    const dc = named('Datacenter rule', { datacenterAdminsOnly: true });
    const script = generateScript(set([dc, named('Mine')]));
    expect(script).toContain("# Skipped 1 DatacenterAdminsOnly rule(s)");
    expect(script).toContain("#   'Datacenter rule'");
    expect(commandLines(script)).toEqual(["New-ClientAccessRule -Name 'Mine' -Action AllowAccess -Priority 1"]);
  });

  it('states the profile: Exchange Online connection or the Exchange Management Shell, and the cache delay', () => {
    const online = generateScript(set([guard()]));
    expect(online).toContain('Connect-ExchangeOnline');
    expect(online).toContain('up to 24 hours');
    expect(online).toContain('up to 1 hour');
    const server = generateScript(set([guard()], 'ExchangeServer'));
    expect(server).toContain('Exchange Management Shell');
    expect(server).not.toContain('Connect-ExchangeOnline');
  });

  it('is deterministic, with a timestamp only when asked', () => {
    const draft = set([guard(), eacMgmt()]);
    expect(generateScript(draft)).toBe(generateScript(draft));
    expect(generateScript(draft)).not.toMatch(/\d{4}-\d\d-\d\dT/);
    expect(generateScript(draft, { now: new Date('2026-01-02T03:04:05Z') })).toContain('# Generated at 2026-01-02T03:04:05.000Z.');
    expect(generateScript(draft, { now: new Date('nonsense') })).toBe(generateScript(draft));
  });

  it('quotes hostile names so they read back exactly and stay on one line', () => {
    const hostile = [
      "'; Remove-Mailbox -Identity x; '",
      '\u2019; Remove-Mailbox -Identity x; \u2018',
      '$(Remove-Mailbox x) `n # <# x #> {y}',
      'line1\nRemove-Mailbox x',
      'abc\u202Edef\0',
    ];
    const draft = set(hostile.map((name) => named(name, { usernameMatchesAnyOfPatterns: [name] })));
    for (const nonAscii of ['escape', 'literal'] as const) {
      const script = generateScript(draft, { nonAscii });
      const statements = readScript(script);
      expect(statements.map((s) => s.cmdlet)).toEqual(hostile.map(() => 'New-ClientAccessRule'));
      expect(normalize(replay([], statements))).toEqual(normalize(managed(draft)));
      expect(script).not.toMatch(/[\0\u202E]/);
      expect(script).not.toContain('"');
    }
    expect(generateScript(draft)).toMatch(/^[\x20-\x7E\n]*$/);
  });

  it('warns about duplicate names', () => {
    const script = generateScript(set([named('Block OWA'), named('block owa')]));
    expect(script).toContain("# WARNING: two rules are named 'block owa'");
  });
});

describe('generateChangeScript', () => {
  it('replaces the MGMT rule by the IT rule, as in the seed article (exact output)', () => {
    const baseline = set([guard(), eacMgmt()]);
    const draft = set([guard(), eacIt()]);
    const script = generateChangeScript(baseline, draft);
    expect(script).toContain('# 1 Remove, 1 New, 0 Set command(s).');
    expect(body(script)).toBe(
      [
        "Remove-ClientAccessRule -Identity 'Allow EAC access only for MGMT' -Confirm:$false",
        '',
        "New-ClientAccessRule -Name 'Allow access to EAC only for IT' `",
        '    -Action DenyAccess `',
        '    -AnyOfProtocols ExchangeAdminCenter `',
        "    -UserRecipientFilter 'Department -ne ''IT''' `",
        '    -Priority 2',
        '',
      ].join('\n'),
    );
  });

  it('says "No changes" when the draft equals the baseline', () => {
    const rules = [guard(), eacMgmt()];
    const script = generateChangeScript(set(rules), set(rules.map((r) => ({ ...r, id: 'other' }))));
    expect(script).toContain('No changes');
    expect(commandLines(script)).toEqual([]);
  });

  it('edits lists in place with @{Add; Remove}, clears with $null, and sets scalars directly (exact output)', () => {
    const before = named('Rule', {
      action: 'DenyAccess',
      scope: 'Users',
      enabled: false,
      anyOfProtocols: ['ExchangeWebServices', 'IMAP4'],
      exceptAnyOfClientIPAddressesOrRanges: ['10.0.0.0/8'],
      usernameMatchesAnyOfPatterns: ['*\\jeff*'],
      userRecipientFilter: "City -eq 'Redmond'",
    });
    const after = {
      ...before,
      action: 'AllowAccess' as const,
      scope: 'All' as const,
      enabled: true,
      anyOfProtocols: ['IMAP4', 'POP3', 'OutlookWebApp'] as Protocol[],
      exceptAnyOfClientIPAddressesOrRanges: [],
      usernameMatchesAnyOfPatterns: ['*\\jeff*', "O'Brien*"],
      userRecipientFilter: '',
    };
    const script = generateChangeScript(set([before]), set([after]), { width: 1000 });
    expect(commandLines(script)).toEqual([
      "Set-ClientAccessRule -Identity 'Rule' -Action AllowAccess -AnyOfProtocols @{Add='POP3','OutlookWebApp'; Remove='ExchangeWebServices'} -ExceptAnyOfClientIPAddressesOrRanges $null -UsernameMatchesAnyOfPatterns @{Add='O''Brien*'} -UserRecipientFilter $null -Scope All -Enabled $true",
    ]);
    const removeOnly = generateChangeScript(set([before]), set([{ ...before, anyOfProtocols: ['IMAP4'] }]));
    expect(commandLines(removeOnly)).toEqual(["Set-ClientAccessRule -Identity 'Rule' -AnyOfProtocols @{Remove='ExchangeWebServices'}"]);
  });

  it('matches names case-insensitively and treats a change of case as remove + new', () => {
    const script = generateChangeScript(set([named('Block OWA')]), set([named('block owa')]), { width: 500 });
    expect(commandLines(script)).toEqual([
      "Remove-ClientAccessRule -Identity 'Block OWA' -Confirm:$false",
      "New-ClientAccessRule -Name 'block owa' -Action AllowAccess -Priority 1",
    ]);
    expect(script).toContain('# Renamed (Set-ClientAccessRule does not rename)');
  });

  it('moves one rule with one Set when the others keep their order', () => {
    const [a, b, c, d] = ['A', 'B', 'C', 'D'].map((n) => named(n));
    const script = generateChangeScript(set([a!, b!, c!, d!]), set([b!, c!, d!, a!]));
    expect(commandLines(script)).toEqual(["Set-ClientAccessRule -Identity 'A' -Priority 4"]);
  });

  it('orders moves so each lands on its final priority when it can', () => {
    const [a1, a2, b, c, d] = ['A1', 'A2', 'B', 'C', 'D'].map((n) => named(n));
    const baseline = set([d!, c!, a1!, a2!, b!]);
    const draft = set([a1!, a2!, c!, d!, b!]);
    const script = generateChangeScript(baseline, draft);
    // In ascending order C would have to go to 4 first (D still sits above it); D first lets both land.
    expect(commandLines(script)).toEqual([
      "Set-ClientAccessRule -Identity 'D' -Priority 4",
      "Set-ClientAccessRule -Identity 'C' -Priority 3",
    ]);
    expect(script).not.toContain('once the commands below have run');
    expect(normalize(replay(managed(baseline), readScript(script)))).toEqual(normalize(managed(draft)));
  });

  it('combines a content change and a move of the same rule in one Set', () => {
    const [a, b] = ['A', 'B'].map((n) => named(n));
    const script = generateChangeScript(set([a!, b!]), set([b!, { ...a!, action: 'DenyAccess' }]));
    expect(commandLines(script)).toEqual(["Set-ClientAccessRule -Identity 'A' -Action DenyAccess -Priority 2"]);
  });

  it('creates a new guard rule before anything else', () => {
    const baseline = set([eacMgmt(), named('Old')]);
    const draft = set([guard(), named('Deny RPS', { action: 'DenyAccess', anyOfProtocols: ['RemotePowerShell'] }), eacMgmt()]);
    const script = generateChangeScript(baseline, draft, { width: 500 });
    const lines = commandLines(script);
    expect(lines[0]).toBe(
      "New-ClientAccessRule -Name 'Always Allow Remote PowerShell' -Action AllowAccess -AnyOfProtocols RemotePowerShell -Priority 1",
    );
    expect(lines[1]).toBe("Remove-ClientAccessRule -Identity 'Old' -Confirm:$false");
    expect(normalize(replay(managed(baseline), readScript(script)))).toEqual(normalize(managed(draft)));
  });

  it('leaves DatacenterAdminsOnly rules alone', () => {
    const dc = named('DC', { datacenterAdminsOnly: true });
    const script = generateChangeScript(set([dc, named('A')]), set([dc, named('A'), named('B')]), { width: 500 });
    expect(commandLines(script)).toEqual(["New-ClientAccessRule -Name 'B' -Action AllowAccess -Priority 2"]);
    expect(script).toContain('DatacenterAdminsOnly');
  });

  it('states the target profile in the header', () => {
    const script = generateChangeScript(set([]), set([named('A')], 'ExchangeServer'));
    expect(script).toContain('Exchange Management Shell');
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties: generate → read → replay (spec 4) gives exactly the draft, with the fewest commands.
// ---------------------------------------------------------------------------------------------------

const NAMES = ['Alpha', 'alpha', 'Beta', 'Block OWA', "O'Brien", 'O\u2019Neil', 'x\u202Ey', 'Zürich', 'Gamma', 'Delta', 'Eps', 'Always Allow Remote PowerShell'];

const contentArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant<Partial<Rule>>({ action: 'AllowAccess', anyOfProtocols: ['RemotePowerShell'] }) },
  {
    weight: 4,
    arbitrary: fc.record<Partial<Rule>>({
      action: fc.constantFrom('AllowAccess', 'DenyAccess'),
      enabled: fc.boolean(),
      scope: fc.constantFrom('All', 'Users'),
      anyOfProtocols: fc.subarray<Protocol>(['ExchangeAdminCenter', 'RemotePowerShell', 'IMAP4', 'POP3']),
      exceptAnyOfProtocols: fc.subarray<Protocol>(['OutlookWebApp', 'REST']),
      anyOfClientIPAddressesOrRanges: fc.subarray(['10.0.0.0/8', '192.168.1.1', '2001:db8::/32', '10.1.1.1-10.1.1.9']),
      exceptUsernameMatchesAnyOfPatterns: fc.subarray(['*\\jeff*', "contoso.com\\o'brien", 'a\nb']),
      userRecipientFilter: fc.constantFrom('', "Department -eq 'IT'", "City -eq 'Z\u00FCrich'"),
    }),
  },
);

const setArb = (maxLength: number) =>
  fc
    .uniqueArray(fc.constantFrom(...NAMES), { selector: (n) => n.toLowerCase(), maxLength })
    .chain((names) => fc.tuple(...names.map((name) => contentArb.map((content) => named(name, content)))));

const pairArb = setArb(8).chain((before) =>
  fc.uniqueArray(fc.constantFrom(...NAMES), { selector: (n) => n.toLowerCase(), maxLength: 8 }).chain((names) =>
    fc.tuple(
      fc.constant(before),
      fc.tuple(
        ...names.map((name) => {
          const old = before.find((r) => r.name === name);
          const fresh = contentArb.map((content) => named(name, content));
          return old ? fc.oneof(fc.constant({ ...old, id: `${old.id}-draft` }), fresh) : fresh;
        }),
      ),
    ),
  ),
);

function lisLength(values: readonly number[]): number {
  const best = values.map(() => 1);
  for (let i = 0; i < values.length; i++) {
    for (let j = 0; j < i; j++) if ((values[j] as number) < (values[i] as number)) best[i] = Math.max(best[i] as number, (best[j] as number) + 1);
  }
  return Math.max(0, ...best);
}

describe('generated scripts replay to the draft (spec 4 model)', () => {
  it('full script from an empty organisation', () => {
    fc.assert(
      fc.property(setArb(10), fc.constantFrom<'escape' | 'literal'>('escape', 'literal'), fc.integer({ min: 20, max: 300 }), (rules, nonAscii, width) => {
        const draft = set(rules);
        const script = generateScript(draft, { nonAscii, width });
        const statements = readScript(script);
        expect(statements.every((s) => s.cmdlet === 'New-ClientAccessRule')).toBe(true);
        expect(statements).toHaveLength(rules.length);
        expect(normalize(replay([], statements))).toEqual(normalize(managed(draft)));
      }),
      { numRuns: 300 },
    );
  });

  it('change script from baseline to draft, with the fewest commands', () => {
    fc.assert(
      fc.property(pairArb, ([before, after]) => {
        const baseline = set(before);
        const draft = set(after);
        const script = generateChangeScript(baseline, draft);
        const statements = readScript(script);
        expect(normalize(replay(managed(baseline), statements))).toEqual(normalize(managed(draft)));

        const matched = after.filter((r) => before.some((b) => b.name === r.name));
        const unchanged = matched.filter((r) => {
          const old = before.find((b) => b.name === r.name) as Rule;
          return JSON.stringify(normalize([toModel(old)])) === JSON.stringify(normalize([toModel(r)]));
        });
        const count = (cmdlet: string) => statements.filter((s) => s.cmdlet === cmdlet).length;
        expect(count('Remove-ClientAccessRule')).toBe(before.length - matched.length);
        expect(count('New-ClientAccessRule')).toBe(after.length - matched.length);
        // Lower bound: rules left without a command are unchanged and keep their relative order.
        const untouchable = lisLength(unchanged.map((r) => before.findIndex((b) => b.name === r.name)));
        expect(count('Set-ClientAccessRule')).toBe(matched.length - untouchable);
        if (statements.length === 0) expect(script).toContain('No changes');
      }),
      { numRuns: 400 },
    );
  });

  it('puts the guard rule first whenever the draft has one that needs a command', () => {
    fc.assert(
      fc.property(pairArb, ([before, after]) => {
        const plan = planChanges(set(before), set(after));
        const guardAt = plan.findIndex((c) => c.cmdlet !== 'Remove-ClientAccessRule' && c.guard);
        if (guardAt < 0) return;
        const guardCommand = plan[guardAt];
        const guardName = guardCommand?.cmdlet === 'New-ClientAccessRule' ? guardCommand.rule.name : '';
        // Only the removal of a deployed rule named like the new guard (in another case) may come first.
        expect(guardAt).toBeLessThanOrEqual(1);
        if (guardAt === 1) {
          expect(plan[0]).toMatchObject({ cmdlet: 'Remove-ClientAccessRule', reason: 'renamed' });
          expect(plan[0]?.cmdlet === 'Remove-ClientAccessRule' && plan[0].identity.toLowerCase()).toBe(guardName.toLowerCase());
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('the admin path while a change script runs (issue 11: guard first)', () => {
  it('creates every allow rule that lets Remote PowerShell through before the Set that widens a deny rule to it', () => {
    const deployed = set([named('Deny all', { action: 'DenyAccess', anyOfProtocols: ['OutlookWebApp'] })]);
    const draft = set([
      named('Admins', { anyOfProtocols: ['RemotePowerShell', 'ExchangeAdminCenter'], anyOfClientIPAddressesOrRanges: ['10.0.0.0/8'] }),
      named('Deny all', { action: 'DenyAccess' }),
    ]);
    const lines = commandLines(generateChangeScript(deployed, draft, { width: 500 }));
    expect(lines[0]).toMatch(/^New-ClientAccessRule -Name 'Admins' .* -Priority 1$/);
    expect(lines[1]).toBe("Set-ClientAccessRule -Identity 'Deny all' -AnyOfProtocols $null");
    const unscoped = set([named('Admins', { anyOfProtocols: ['RemotePowerShell', 'ExchangeAdminCenter'] }), named('Deny all', { action: 'DenyAccess' })]);
    expect(commandLines(generateChangeScript(deployed, unscoped, { width: 500 }))[0]).toMatch(/^New-ClientAccessRule -Name 'Admins'/);
  });

  it('the linter\'s guard is always one the planner protects, and no rule both allows and denies Remote PowerShell', () => {
    fc.assert(
      fc.property(contentArb, fc.boolean(), (content, enabled) => {
        const rule = named('R', { ...content, enabled });
        if (isActiveGuard(rule)) expect(letsRemotePowerShellThrough(rule)).toBe(true);
        expect(letsRemotePowerShellThrough(rule) && canDenyRemotePowerShell(rule)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('places every draft rule that lets Remote PowerShell through before any other command, when a rule can deny it', () => {
    fc.assert(
      fc.property(pairArb, ([before, after]) => {
        const baseline = set(before);
        const draft = set(after);
        const plan = planChanges(baseline, draft);
        const denyPossible = [...before, ...after].some(canDenyRemotePowerShell);
        const nameOf = (c: (typeof plan)[number]): string => (c.cmdlet === 'New-ClientAccessRule' ? c.rule.name : c.identity);
        const guarded = plan.filter((c) => c.cmdlet !== 'Remove-ClientAccessRule' && c.guard).map(nameOf);
        const needing = after.filter(letsRemotePowerShellThrough).map((r) => r.name);
        if (!denyPossible) {
          expect(guarded).toEqual([]);
          return;
        }
        // Each such rule with a command has it in the guard phase, and the guard phase comes first.
        const commanded = new Set(plan.filter((c) => c.cmdlet !== 'Remove-ClientAccessRule').map((c) => nameOf(c).toLowerCase()));
        expect(guarded).toEqual(needing.filter((n) => commanded.has(n.toLowerCase())));
        let seenOther = false;
        for (const command of plan) {
          const isGuard = command.cmdlet !== 'Remove-ClientAccessRule' && command.guard;
          const isClash = command.cmdlet === 'Remove-ClientAccessRule' && needing.some((n) => n.toLowerCase() === command.identity.toLowerCase());
          if (isGuard) expect(seenOther).toBe(false);
          else if (!isClash) seenOther = true;
        }
      }),
      { numRuns: 400 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// Test-ClientAccessRule commands.
// ---------------------------------------------------------------------------------------------------

const connection = (extra: Partial<Connection> = {}): Connection => ({
  protocol: 'ExchangeAdminCenter',
  authenticationType: 'BasicAuthentication',
  ipAddress: '172.17.17.26',
  port: 443,
  user: 'chris@contoso.com',
  attributes: {},
  connectionType: 'EndUser',
  ...extra,
});

describe('generateTestCommand', () => {
  it('writes the seed example (exact output)', () => {
    expect(generateTestCommand(connection())).toBe(
      "Test-ClientAccessRule -AuthenticationType BasicAuthentication -Protocol ExchangeAdminCenter -RemoteAddress 172.17.17.26 -RemotePort 443 -User 'chris@contoso.com'",
    );
  });

  it('quotes hostile users and addresses', () => {
    const line = generateTestCommand(connection({ user: "x'; Remove-Mailbox y; '", ipAddress: '1.2.3.4;calc' }));
    expect(line).toBe(
      "Test-ClientAccessRule -AuthenticationType BasicAuthentication -Protocol ExchangeAdminCenter -RemoteAddress '1.2.3.4;calc' -RemotePort 443 -User 'x''; Remove-Mailbox y; '''",
    );
    expect(generateTestCommand(connection({ user: 'CONTOSO\\jeff', ipAddress: '2001:db8::5' }))).toContain(
      "-RemoteAddress 2001:db8::5 -RemotePort 443 -User 'CONTOSO\\jeff'",
    );
  });

  it('comments the command out for UniversalOutlook, which -Protocol does not accept', () => {
    const text = generateTestCommand(connection({ protocol: 'UniversalOutlook' }));
    expect(text.split('\n')).toEqual([
      "# Not runnable: Test-ClientAccessRule's -Protocol does not accept UniversalOutlook.",
      "# Test-ClientAccessRule -AuthenticationType BasicAuthentication -Protocol UniversalOutlook -RemoteAddress 172.17.17.26 -RemotePort 443 -User 'chris@contoso.com'",
    ]);
  });

  it('explains what the cmdlet cannot express: middle tier, directory attributes, bad port', () => {
    expect(generateTestCommand(connection({ connectionType: 'MiddleTierApp' }))).toContain('# Through a middle-tier application');
    expect(generateTestCommand(connection({ connectionType: 'MicrosoftMiddleTierApp' }))).toContain('always allowed');
    const withAttributes = generateTestCommand(connection({ attributes: { Department: 'IT', City: "Q'x\nRemove-Mailbox" } }));
    expect(withAttributes).toContain("#   Department = 'IT'");
    expect(withAttributes).toContain("#   City = ('Q''x' + [char]0x000A + 'Remove-Mailbox')");
    for (const line of withAttributes.split('\n')) expect(line.startsWith('#') || line.startsWith('Test-ClientAccessRule')).toBe(true);
    const badPort = generateTestCommand(connection({ port: 70000 }));
    expect(badPort).toContain('# Not runnable: -RemotePort must be a whole number from 1 to 65535 (got 70000).');
    expect(commandLines(badPort)).toEqual([]);
  });
});

describe('generateTestCommands', () => {
  const test = (name: string, expected: TestCase['expected'], extra: Partial<Connection> = {}): TestCase => ({
    id: name,
    name,
    expected,
    connection: connection(extra),
  });

  it('writes one command per test with the expected outcome as a comment (exact output)', () => {
    const text = generateTestCommands([
      test('EAC from outside is blocked', 'DenyAccess'),
      test('IT from MGMT', 'AllowAccess', { ipAddress: '10.0.0.5', attributes: { Department: 'IT' } }),
    ]);
    expect(body(text)).toBe(
      [
        "# Test 1: 'EAC from outside is blocked'",
        "Test-ClientAccessRule -AuthenticationType BasicAuthentication -Protocol ExchangeAdminCenter -RemoteAddress 172.17.17.26 -RemotePort 443 -User 'chris@contoso.com'  # expected: DenyAccess (the first row is DenyAccess)",
        '',
        "# Test 2: 'IT from MGMT'",
        "# The cmdlet reads the user's attributes from the directory, not from parameters; this test assumes:",
        "#   Department = 'IT'",
        "Test-ClientAccessRule -AuthenticationType BasicAuthentication -Protocol ExchangeAdminCenter -RemoteAddress 10.0.0.5 -RemotePort 443 -User 'chris@contoso.com'  # expected: AllowAccess (no row, or the first row is AllowAccess)",
        '',
      ].join('\n'),
    );
  });

  it('says so when there are no tests', () => {
    expect(generateTestCommands([])).toContain('# No saved tests.');
  });

  it('keeps hostile test names inside the comment line', () => {
    const text = generateTestCommands([test('x\nRemove-Mailbox y', 'DenyAccess')]);
    expect(text).toContain("# Test 1: ('x' + [char]0x000A + 'Remove-Mailbox y')");
    expect(commandLines(text)).toHaveLength(1);
  });
});
