/**
 * Reads and writes the PowerShell of ActiveSync device access (seed 001): New-, Set- and
 * Remove-ActiveSyncDeviceAccessRule, Set-ActiveSyncOrganizationSettings -DefaultAccessLevel and
 * Set-CASMailbox with -ActiveSyncEnabled, -ActiveSyncAllowedDeviceIDs, -ActiveSyncBlockedDeviceIDs.
 *
 * Decisions:
 * - The reader works over the project's PowerShell tokenizer (`tokenizePowerShell`) with a small
 *   statement reader of its own; it replays the commands in order on a starting config.
 * - A parameter name may be abbreviated when the prefix is unambiguous, as PowerShell allows.
 * - Values that cannot be known without running PowerShell (`$variables`, `"$(…)"`, pipelines into
 *   these cmdlets such as `Get-Mailbox | Set-CASMailbox`) are errors with their line and column,
 *   never guessed. Other cmdlets are skipped with an info finding.
 * - `@{Add=…; Remove=…}` edits a personal list in place; a plain list or `$null` replaces it.
 * - The writer quotes only through `powershell/quote.ts`; it writes the whole state (default, every
 *   rule, every changed mailbox), so running it on a tenant without rules reproduces the design.
 */
import type { SourceFinding } from '../model/types.ts';
import { formatList, formatValue, quoteLiteral } from '../powershell/quote.ts';
import { tokenizePowerShell, type Token } from '../powershell/tokenizer.ts';
import {
  addEasRule,
  createEasConfig,
  EAS_ACCESS_LEVELS,
  EAS_CHARACTERISTICS,
  easRuleName,
  easQueryWarning,
  easRuleProblem,
  mailboxFor,
  removeEasRule,
  sameEasText,
  setEasDefaultAccessLevel,
  updateEasRule,
  upsertEasMailbox,
  type EasConfig,
} from './model.ts';

type Value =
  | { kind: 'text'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'bool'; value: boolean }
  | { kind: 'null' }
  | { kind: 'edit'; add: string[]; remove: string[] }
  | { kind: 'switch' };

interface Argument {
  name: string | null;
  value: Value;
  /** The value's first token. */
  token: Token;
  parameterToken?: Token;
}

interface Statement {
  cmdlet: Token;
  args: Argument[];
  piped: boolean;
}

class ReadError extends Error {
  constructor(
    message: string,
    readonly token: Token,
  ) {
    super(message);
  }
}

const OPENERS = new Set(['lparen', 'array-start', 'hash-start']);
const CLOSERS = new Set(['rparen', 'rbrace']);

/** Splits tokens into statements (newline or `;` at depth 0). */
function statements(tokens: Token[]): Token[][] {
  const out: Token[][] = [];
  let current: Token[] = [];
  let depth = 0;
  for (const t of tokens) {
    if (OPENERS.has(t.kind)) depth += 1;
    if (CLOSERS.has(t.kind)) depth = Math.max(0, depth - 1);
    if ((t.kind === 'newline' || t.kind === 'semicolon') && depth === 0) {
      if (current.length > 0) out.push(current);
      current = [];
      continue;
    }
    if (t.kind === 'newline') continue;
    current.push(t);
  }
  if (current.length > 0) out.push(current);
  return out;
}

class ValueReader {
  i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly source: string,
  ) {}

  peek(): Token | undefined {
    return this.tokens[this.i];
  }

  /** One scalar: a word (with glued punctuation such as `a()b`), a string or a variable. */
  scalar(): Value {
    const t = this.tokens[this.i];
    if (!t) throw new ReadError('a value is missing', this.tokens[this.tokens.length - 1]!);
    if (t.kind === 'string') {
      this.i += 1;
      if (t.parts?.some((p) => p.kind !== 'text')) {
        throw new ReadError(`"${t.text}" holds a $variable or $(…) that only PowerShell can expand; write the value in single quotes`, t);
      }
      return { kind: 'text', text: t.text };
    }
    if (t.kind === 'variable') {
      this.i += 1;
      const name = t.text.toLowerCase();
      if (name === 'true') return { kind: 'bool', value: true };
      if (name === 'false') return { kind: 'bool', value: false };
      if (name === 'null') return { kind: 'null' };
      throw new ReadError(`$${t.text} is a variable whose value is not in the script; write the value itself`, t);
    }
    if (t.kind === 'bracket' || t.kind === 'placeholder') {
      throw new ReadError(`${this.source.slice(t.offset, t.end)} is a placeholder from an example; write the real value`, t);
    }
    if (t.kind === 'lparen' && this.tokens[this.i + 1]?.kind === 'string') return this.concatenation();
    if (t.kind === 'word' || t.kind === 'lparen' || t.kind === 'other') {
      // A bare argument: glue adjacent tokens (no space between), as PowerShell reads `NokiaE521/2.00()MailforExchange`.
      let j = this.i + 1;
      while (j < this.tokens.length) {
        const n = this.tokens[j]!;
        if (n.spaceBefore || !['word', 'lparen', 'rparen', 'other'].includes(n.kind)) break;
        j += 1;
      }
      const text = this.source.slice(t.offset, this.tokens[j - 1]!.end);
      this.i = j;
      return { kind: 'text', text };
    }
    throw new ReadError(`expected a value, found '${this.source.slice(t.offset, t.end)}'`, t);
  }

  /** `('abc' + [char]0x00E9 + 'def')`: what `quoteLiteral` writes for characters it escapes. */
  private concatenation(): Value {
    const open = this.tokens[this.i]!;
    this.i += 1;
    let text = '';
    for (;;) {
      const t = this.tokens[this.i];
      if (!t) throw new ReadError('( is not closed with )', open);
      if (t.kind === 'string') {
        if (t.parts?.some((p) => p.kind !== 'text')) throw new ReadError(`"${t.text}" holds a $variable or $(…) that only PowerShell can expand`, t);
        text += t.text;
        this.i += 1;
      } else if (t.kind === 'bracket' && t.text.toLowerCase() === 'char' && /^0x[0-9a-f]{1,4}$/i.test(this.tokens[this.i + 1]?.text ?? '')) {
        text += String.fromCharCode(Number.parseInt(this.tokens[this.i + 1]!.text.slice(2), 16));
        this.i += 2;
      } else throw new ReadError(`only 'text' + [char]0xHHHH concatenations can be read without running PowerShell`, t);
      const n = this.tokens[this.i];
      if (n?.kind === 'plus') {
        this.i += 1;
        continue;
      }
      if (n?.kind === 'rparen') {
        this.i += 1;
        return { kind: 'text', text };
      }
      throw new ReadError("expected '+' or ')' in a concatenation", n ?? t);
    }
  }

  /** A value with lists: `a,b`, `@('a','b')`, `@{Add='a'; Remove='b'}`. */
  value(): Value {
    const t = this.peek();
    if (t?.kind === 'array-start') {
      this.i += 1;
      const items = this.items('rparen');
      return { kind: 'list', items };
    }
    if (t?.kind === 'hash-start') return this.edit();
    const first = this.scalar();
    if (this.peek()?.kind !== 'comma') return first;
    const items = [this.itemText(first, t!)];
    while (this.peek()?.kind === 'comma') {
      this.i += 1;
      const at = this.peek()!;
      items.push(this.itemText(this.scalar(), at));
    }
    return { kind: 'list', items };
  }

  private itemText(v: Value, at: Token): string {
    if (v.kind !== 'text') throw new ReadError('a list item must be text', at);
    return v.text;
  }

  private items(close: 'rparen' | 'rbrace'): string[] {
    const items: string[] = [];
    for (;;) {
      const t = this.peek();
      if (!t) throw new ReadError(`the list is not closed with ${close === 'rparen' ? ')' : '}'}`, this.tokens[this.tokens.length - 1]!);
      if (t.kind === close) {
        this.i += 1;
        return items;
      }
      if (t.kind === 'comma') {
        this.i += 1;
        continue;
      }
      if (close === 'rbrace' && t.kind === 'semicolon') return items;
      const at = t;
      items.push(this.itemText(this.scalar(), at));
    }
  }

  private edit(): Value {
    const open = this.peek()!;
    this.i += 1;
    const add: string[] = [];
    const remove: string[] = [];
    for (;;) {
      const t = this.peek();
      if (!t) throw new ReadError('@{ is not closed with }', open);
      if (t.kind === 'rbrace') {
        this.i += 1;
        return { kind: 'edit', add, remove };
      }
      if (t.kind === 'semicolon') {
        this.i += 1;
        continue;
      }
      const key = t.kind === 'word' || t.kind === 'string' ? t.text.toLowerCase() : '';
      if (key !== 'add' && key !== 'remove') throw new ReadError(`expected Add= or Remove= inside @{…}, found '${this.source.slice(t.offset, t.end)}'`, t);
      this.i += 1;
      if (this.peek()?.kind !== 'equals') throw new ReadError(`expected '=' after ${t.text}`, this.peek() ?? t);
      this.i += 1;
      const v = this.peek()?.kind === 'array-start' ? (this.i++, { kind: 'list' as const, items: this.items('rparen') }) : this.valueUntilHashEnd();
      const list = v.kind === 'list' ? v.items : v.kind === 'text' ? [v.text] : [];
      (key === 'add' ? add : remove).push(...list);
    }
  }

  private valueUntilHashEnd(): Value {
    const first = this.scalar();
    if (this.peek()?.kind !== 'comma') return first;
    const items = [first.kind === 'text' ? first.text : ''];
    while (this.peek()?.kind === 'comma') {
      this.i += 1;
      const v = this.scalar();
      items.push(v.kind === 'text' ? v.text : '');
    }
    return { kind: 'list', items };
  }
}

function readStatement(tokens: Token[], source: string): Statement {
  const cmdlet = tokens[0]!;
  const rest = tokens.slice(1);
  const pipe = rest.findIndex((t) => t.kind === 'pipe');
  if (pipe >= 0) {
    // `Get-Mailbox | Set-CASMailbox …`: report the modelled cmdlet that receives the pipeline.
    const target = rest.slice(pipe + 1).find((t, k, arr) => t.kind === 'word' && (k === 0 || arr[k - 1]!.kind === 'pipe') && CMDLETS[t.text.toLowerCase()]);
    if (target) return { cmdlet: target, args: [], piped: true };
  }
  const piped = pipe >= 0 && CMDLETS[cmdlet.text.toLowerCase()] !== undefined;
  const body = pipe >= 0 ? rest.slice(0, pipe) : rest;
  const reader = new ValueReader(body, source);
  const args: Argument[] = [];
  while (reader.i < body.length) {
    const t = body[reader.i]!;
    if (t.kind === 'parameter') {
      reader.i += 1;
      const next = reader.peek();
      // Messages about a value point at the value itself.
      if (t.colon) args.push({ name: t.text, value: reader.scalar(), token: next ?? t, parameterToken: t });
      else if (!next || next.kind === 'parameter') args.push({ name: t.text, value: { kind: 'switch' }, token: t, parameterToken: t });
      else args.push({ name: t.text, value: reader.value(), token: next, parameterToken: t });
    } else {
      args.push({ name: null, value: reader.value(), token: t });
    }
  }
  return { cmdlet, args, piped };
}

const CMDLETS: Readonly<Record<string, readonly string[]>> = {
  'new-activesyncdeviceaccessrule': ['Characteristic', 'QueryString', 'AccessLevel', 'Confirm', 'WhatIf', 'DomainController'],
  'set-activesyncdeviceaccessrule': ['Identity', 'AccessLevel', 'Confirm', 'WhatIf', 'DomainController'],
  'remove-activesyncdeviceaccessrule': ['Identity', 'Confirm', 'WhatIf', 'DomainController'],
  'set-activesyncorganizationsettings': ['DefaultAccessLevel', 'Confirm', 'WhatIf', 'DomainController', 'Identity'],
  'set-casmailbox': ['Identity', 'ActiveSyncEnabled', 'ActiveSyncAllowedDeviceIDs', 'ActiveSyncBlockedDeviceIDs', 'Confirm', 'WhatIf', 'DomainController'],
};

/** Parameters of these cmdlets that do not affect device access: read and ignored silently. */
const INERT = new Set(['Confirm', 'WhatIf', 'DomainController']);

export interface EasScriptResult {
  config: EasConfig;
  findings: SourceFinding[];
  /** How many commands changed the config. */
  applied: number;
}

function canonicalParameter(name: string, known: readonly string[]): string | null {
  const lower = name.toLowerCase();
  const exact = known.find((k) => k.toLowerCase() === lower);
  if (exact) return exact;
  const prefixed = known.filter((k) => k.toLowerCase().startsWith(lower));
  return prefixed.length === 1 ? prefixed[0]! : null;
}

function enumText<T extends string>(v: Value, values: readonly T[], what: string, at: Token): T {
  if (v.kind !== 'text') throw new ReadError(`${what} needs one of ${values.join(', ')}`, at);
  const found = values.find((x) => x.toLowerCase() === v.text.toLowerCase());
  if (!found) throw new ReadError(`${what}: '${v.text}' is not one of ${values.join(', ')}`, at);
  return found;
}

function textOf(v: Value | undefined, what: string, at: Token): string {
  if (!v || v.kind !== 'text') throw new ReadError(`${what} needs a text value`, at);
  return v.text;
}

function applyList(current: readonly string[], v: Value, what: string, at: Token): string[] {
  switch (v.kind) {
    case 'null':
      return [];
    case 'text':
      return [v.text];
    case 'list':
      return [...v.items];
    case 'edit': {
      const kept = current.filter((id) => !v.remove.some((r) => sameEasText(r, id)));
      for (const id of v.add) if (!kept.some((k) => sameEasText(k, id))) kept.push(id);
      return kept;
    }
    default:
      throw new ReadError(`${what} needs device IDs ('ID1','ID2'), @{Add=…; Remove=…} or $null`, at);
  }
}

function applyStatement(config: EasConfig, st: Statement, findings: SourceFinding[]): EasConfig | null {
  const name = st.cmdlet.text.toLowerCase();
  const known = CMDLETS[name];
  if (!known) {
    findings.push({ severity: 'info', line: st.cmdlet.line, column: st.cmdlet.column, message: `${st.cmdlet.text}: skipped, not part of ActiveSync device access` });
    return null;
  }
  if (st.piped) {
    throw new ReadError(`${st.cmdlet.text} in a pipeline cannot be read without running PowerShell; write one command per mailbox or rule`, st.cmdlet);
  }
  const params = new Map<string, { value: Value; token: Token }>();
  const positional: Argument[] = [];
  for (const a of st.args) {
    if (a.name === null) {
      positional.push(a);
      continue;
    }
    const canonical = canonicalParameter(a.name, known);
    if (!canonical) {
      const at = a.parameterToken ?? a.token;
      findings.push({ severity: 'warning', line: at.line, column: at.column, message: `-${a.name} is not modelled for ${st.cmdlet.text}; ignored` });
      continue;
    }
    if (!INERT.has(canonical)) params.set(canonical, { value: a.value, token: a.token });
  }
  if (positional.length > 0 && known.includes('Identity') && !params.has('Identity')) {
    const p = positional.shift()!;
    params.set('Identity', { value: p.value, token: p.token });
  }
  if (positional.length > 0) throw new ReadError(`unexpected argument for ${st.cmdlet.text}`, positional[0]!.token);
  const need = (key: string) => {
    const p = params.get(key);
    if (!p) throw new ReadError(`${st.cmdlet.text} needs -${key}`, st.cmdlet);
    return p;
  };

  switch (name) {
    case 'new-activesyncdeviceaccessrule': {
      const c = need('Characteristic');
      const q = need('QueryString');
      const l = need('AccessLevel');
      const rule = {
        characteristic: enumText(c.value, EAS_CHARACTERISTICS, '-Characteristic', c.token),
        queryString: textOf(q.value, '-QueryString', q.token),
        accessLevel: enumText(l.value, EAS_ACCESS_LEVELS, '-AccessLevel', l.token),
      };
      const problem = easRuleProblem(config, rule);
      if (problem) throw new ReadError(`Exchange would refuse this rule: ${problem}`, q.token);
      const warning = easQueryWarning(rule.queryString);
      if (warning) findings.push({ severity: 'warning', line: q.token.line, column: q.token.column, message: `-QueryString ${warning}` });
      return addEasRule(config, rule);
    }
    case 'set-activesyncdeviceaccessrule':
    case 'remove-activesyncdeviceaccessrule': {
      const idp = need('Identity');
      const identity = textOf(idp.value, '-Identity', idp.token);
      const rule = config.rules.find((r) => sameEasText(easRuleName(r), identity));
      if (!rule) throw new ReadError(`no device access rule named '${identity}' (names look like 'Android (DeviceType)')`, idp.token);
      if (name.startsWith('remove')) return removeEasRule(config, rule.id);
      const l = need('AccessLevel');
      return updateEasRule(config, rule.id, { accessLevel: enumText(l.value, EAS_ACCESS_LEVELS, '-AccessLevel', l.token) });
    }
    case 'set-activesyncorganizationsettings': {
      const l = need('DefaultAccessLevel');
      return setEasDefaultAccessLevel(config, enumText(l.value, EAS_ACCESS_LEVELS, '-DefaultAccessLevel', l.token));
    }
    default: {
      const idp = need('Identity');
      const identity = textOf(idp.value, '-Identity', idp.token);
      const current = mailboxFor(config, identity);
      const patch: Parameters<typeof upsertEasMailbox>[2] = {};
      const enabled = params.get('ActiveSyncEnabled');
      if (enabled) {
        if (enabled.value.kind !== 'bool') throw new ReadError('-ActiveSyncEnabled needs $true or $false', enabled.token);
        patch.activeSyncEnabled = enabled.value.value;
      }
      const allowed = params.get('ActiveSyncAllowedDeviceIDs');
      if (allowed) patch.allowedDeviceIds = applyList(current.allowedDeviceIds, allowed.value, '-ActiveSyncAllowedDeviceIDs', allowed.token);
      const blocked = params.get('ActiveSyncBlockedDeviceIDs');
      if (blocked) patch.blockedDeviceIds = applyList(current.blockedDeviceIds, blocked.value, '-ActiveSyncBlockedDeviceIDs', blocked.token);
      if (Object.keys(patch).length === 0) {
        findings.push({ severity: 'info', line: st.cmdlet.line, column: st.cmdlet.column, message: 'Set-CASMailbox without ActiveSync parameters: nothing to model' });
        return null;
      }
      return upsertEasMailbox(config, identity, patch);
    }
  }
}

/**
 * Replays ActiveSync device access commands on `start` (default: an empty config with default access
 * Allow) and returns the resulting config, the findings (errors with line and column: the command
 * was not applied) and how many commands were applied.
 *
 * @example readEasScript('New-ActiveSyncDeviceAccessRule -AccessLevel Block -Characteristic DeviceType -QueryString Android').config.rules[0].queryString // 'Android'
 */
export function readEasScript(text: string, start: EasConfig = createEasConfig()): EasScriptResult {
  const tokenized = tokenizePowerShell(text);
  const findings: SourceFinding[] = [...tokenized.findings];
  let config = start;
  let applied = 0;
  for (const tokens of statements(tokenized.tokens)) {
    const first = tokens[0]!;
    if (first.kind !== 'word') continue;
    try {
      const next = applyStatement(config, readStatement(tokens, text), findings);
      if (next) {
        config = next;
        applied += 1;
      }
    } catch (e) {
      if (!(e instanceof ReadError)) throw e;
      findings.push({ severity: 'error', line: e.token.line, column: e.token.column, message: e.message });
    }
  }
  return { config, findings, applied };
}

/**
 * Writes the whole ActiveSync configuration as PowerShell: the organization default, one
 * New-ActiveSyncDeviceAccessRule per rule, one Set-CASMailbox per mailbox with changed settings.
 * Every value goes through `quote.ts` (`formatValue`, `formatList`, `quoteLiteral`).
 *
 * Edge cases: an empty personal list is written `$null` (clears it); a mailbox with ActiveSync
 * enabled writes `-ActiveSyncEnabled $true` so the script states the whole setting.
 *
 * @example generateEasScript(config) // "Set-ActiveSyncOrganizationSettings -DefaultAccessLevel Quarantine\nNew-ActiveSyncDeviceAccessRule -Characteristic DeviceType -QueryString Android -AccessLevel Block\n"
 */
export function generateEasScript(config: EasConfig): string {
  const lines = [
    '# Exchange ActiveSync device access, written by Client Access Rule Designer.',
    '# Run in Exchange Online PowerShell (or the Exchange Management Shell). New- fails for a rule that already exists.',
    `Set-ActiveSyncOrganizationSettings -DefaultAccessLevel ${config.defaultAccessLevel}`,
  ];
  for (const r of config.rules) {
    lines.push(`New-ActiveSyncDeviceAccessRule -Characteristic ${r.characteristic} -QueryString ${formatValue(r.queryString)} -AccessLevel ${r.accessLevel}`);
  }
  for (const m of config.mailboxes) {
    lines.push(
      `Set-CASMailbox -Identity ${quoteLiteral(m.identity)} -ActiveSyncEnabled ${m.activeSyncEnabled ? '$true' : '$false'}` +
        ` -ActiveSyncAllowedDeviceIDs ${formatList(m.allowedDeviceIds)} -ActiveSyncBlockedDeviceIDs ${formatList(m.blockedDeviceIds)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
