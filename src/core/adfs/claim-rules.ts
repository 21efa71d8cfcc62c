/**
 * A reader for the AD FS claim rule language, as far as issuance authorization rules use it (seed
 * 004): `@RuleName = "…"` annotations, conditions `c:[Type == "…", Value =~ "…"]`, `exists([…])`,
 * `NOT exists([…])` joined by `&&`, then `=> issue(Type = "…", Value = "…");` (or `add(…)`,
 * `issue(claim = c)`).
 *
 * Decisions (the language is only partly documented):
 * - Keywords (`exists`, `NOT`, `issue`, `add`, `Type`, `Value`, `claim`) are read in any case.
 * - A string is `"…"`; `\"` stands for a quote, every other backslash is kept as it is, so regular
 *   expressions are written as in the article (`"\b10\.0\.0\.1\b"`).
 * - `//` line comments and `/* … *\/` block comments are skipped.
 * - A regular expression is checked when it is read: .NET syntax that JavaScript cannot run (an
 *   inline option other than a leading `(?i)`, possessive or atomic groups) is reported at its line
 *   and column instead of being guessed at.
 * - After an error the reader skips to the next `;` and goes on, so one run reports every rule's error.
 */
import type { SourceFinding } from '../model/types.ts';

export type ClaimOperator = '==' | '!=' | '=~' | '!~';
export type ClaimProperty = 'Type' | 'Value' | 'Issuer' | 'OriginalIssuer' | 'ValueType';
const PROPERTIES: readonly ClaimProperty[] = ['Type', 'Value', 'Issuer', 'OriginalIssuer', 'ValueType'];

export interface Position {
  line: number;
  column: number;
}

/** One `Property op "text"` test inside `[…]`. */
export interface ClaimTest extends Position {
  property: ClaimProperty;
  operator: ClaimOperator;
  value: string;
  /** For `=~` / `!~`: the compiled pattern (JavaScript form of the .NET pattern). */
  regex?: RegExp;
}

/** `c:[…]` or `[…]` (`match`), `exists([…])`, `NOT exists([…])`. */
export interface ClaimCondition extends Position {
  kind: 'match' | 'exists' | 'not-exists';
  variable?: string;
  tests: ClaimTest[];
  /** The condition as written, whitespace collapsed, for the trace. */
  text: string;
}

/** `issue(...)` adds to the output (the authorization decision); `add(...)` only to the input of later rules. */
export interface ClaimIssue extends Position {
  verb: 'issue' | 'add';
  /** `issue(claim = c)`: copy the claim that condition `c` matched. */
  copyOf?: string;
  type?: ClaimValueExpr;
  value?: ClaimValueExpr;
}

/** A string literal or `c.Type` / `c.Value`. */
export type ClaimValueExpr = { kind: 'literal'; text: string } | { kind: 'reference'; variable: string; property: ClaimProperty };

export interface ClaimRule extends Position {
  /** `@RuleName`, or `Rule N` when there is none. */
  name: string;
  conditions: ClaimCondition[];
  issue: ClaimIssue;
  /** The rule's source text, trimmed. */
  text: string;
}

export interface ClaimRulesResult {
  rules: ClaimRule[];
  findings: SourceFinding[];
}

type TokenKind = 'ident' | 'string' | 'punct' | 'end';
interface Token extends Position {
  kind: TokenKind;
  text: string;
  offset: number;
  end: number;
}

const PUNCT = ['&&', '||', '=>', '==', '!=', '=~', '!~', '[', ']', '(', ')', ',', ';', ':', '=', '@', '.'];

function tokenize(text: string, findings: SourceFinding[]): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const pos = (offset: number): Position => ({ line, column: offset - lineStart + 1 });
  const newline = () => {
    line += 1;
    lineStart = i + 1;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      newline();
      i += 1;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\uFEFF' || c === '\u00A0') {
      i += 1;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i += 1;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const start = pos(i);
      i += 2;
      while (i < text.length && !(text[i] === '*' && text[i + 1] === '/')) {
        if (text[i] === '\n') newline();
        i += 1;
      }
      if (i >= text.length) findings.push({ severity: 'error', message: 'unterminated comment: the closing */ is missing', ...start });
      i += 2;
      continue;
    }
    const start = i;
    const at = pos(i);
    if (c === '"' || c === '\u201C' || c === '\u201D') {
      if (c !== '"') {
        findings.push({ severity: 'error', message: 'a typographic quote (“ or ”) starts this string; AD FS accepts only the straight quote "', ...at });
      }
      i += 1;
      let value = '';
      let closed = false;
      while (i < text.length) {
        const ch = text[i]!;
        if (ch === '\\' && text[i + 1] === '"') {
          value += '"';
          i += 2;
          continue;
        }
        if (ch === '"' || ch === '\u201C' || ch === '\u201D') {
          closed = true;
          i += 1;
          break;
        }
        if (ch === '\n') newline();
        value += ch;
        i += 1;
      }
      if (!closed) findings.push({ severity: 'error', message: 'unterminated string: the closing " is missing', ...at });
      tokens.push({ kind: 'string', text: value, ...at, offset: start, end: i });
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      while (i < text.length && /[A-Za-z0-9_-]/.test(text[i]!)) i += 1;
      tokens.push({ kind: 'ident', text: text.slice(start, i), ...at, offset: start, end: i });
      continue;
    }
    const p = PUNCT.find((x) => text.startsWith(x, i));
    if (p) {
      i += p.length;
      tokens.push({ kind: 'punct', text: p, ...at, offset: start, end: i });
      continue;
    }
    findings.push({ severity: 'error', message: `unexpected character '${c}'`, ...at });
    i += 1;
  }
  tokens.push({ kind: 'end', text: '', ...pos(i), offset: i, end: i });
  return tokens;
}

class ParseError extends Error {
  constructor(
    message: string,
    readonly at: Position,
  ) {
    super(message);
  }
}

/**
 * Turns a .NET regular expression into a JavaScript one with the same meaning for the patterns
 * claim rules use. A leading `(?i)` becomes the `i` flag; other inline options, atomic groups and
 * possessive quantifiers are refused (the message says which).
 *
 * @example dotnetRegex('(?i)^microsoft\\.exchange\\.activesync$') // { ok: true, regex: /^microsoft\.exchange\.activesync$/i }
 */
export function dotnetRegex(pattern: string): { ok: true; regex: RegExp } | { ok: false; message: string } {
  let source = pattern;
  let flags = '';
  const lead = /^\(\?([imnsx]+)\)/.exec(source);
  if (lead) {
    if (lead[1] !== 'i') return { ok: false, message: `the inline option (?${lead[1]}) is not supported by the simulator; only a leading (?i)` };
    flags = 'i';
    source = source.slice(lead[0].length);
  }
  if (/\(\?[imnsx-]+[:)]/.test(source)) return { ok: false, message: 'inline options inside the pattern, such as (?i:…), are not supported by the simulator' };
  if (source.includes('(?>')) return { ok: false, message: 'atomic groups (?>…) are not supported by the simulator' };
  try {
    return { ok: true, regex: new RegExp(source, flags) };
  } catch (e) {
    return { ok: false, message: `invalid regular expression: ${e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : String(e)}` };
  }
}

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly source: string,
    private readonly findings: SourceFinding[],
  ) {}

  private peek(k = 0): Token {
    return this.tokens[Math.min(this.i + k, this.tokens.length - 1)]!;
  }
  private next(): Token {
    const t = this.peek();
    if (this.i < this.tokens.length - 1) this.i += 1;
    return t;
  }
  private isPunct(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'punct' && t.text === text;
  }
  private isWord(word: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'ident' && t.text.toLowerCase() === word.toLowerCase();
  }
  private describe(t: Token): string {
    if (t.kind === 'end') return 'the end of the text';
    if (t.kind === 'string') return `the string "${t.text.length > 30 ? `${t.text.slice(0, 30)}…` : t.text}"`;
    return `'${t.text}'`;
  }
  private expectPunct(text: string, what: string): Token {
    const t = this.peek();
    if (t.kind !== 'punct' || t.text !== text) {
      // At the end of the text, point at the last token rather than past the final line break.
      const previous = t.kind === 'end' && this.i > 0 ? this.tokens[this.i - 1] : undefined;
      const where = previous ? `after '${this.source.slice(previous.offset, previous.end)}'` : `found ${this.describe(t)}`;
      throw new ParseError(`expected '${text}' ${what}, ${where}`, previous ?? t);
    }
    return this.next();
  }
  private expectString(what: string): Token {
    const t = this.peek();
    if (t.kind !== 'string') throw new ParseError(`expected a quoted string ${what}, found ${this.describe(t)}`, t);
    return this.next();
  }

  parseAll(): ClaimRule[] {
    const rules: ClaimRule[] = [];
    while (this.peek().kind !== 'end') {
      const start = this.i;
      try {
        rules.push(this.rule(rules.length + 1));
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
        this.findings.push({ severity: 'error', message: e.message, ...e.at });
        // Skip to the end of this rule.
        if (this.i === start) this.next();
        while (this.peek().kind !== 'end' && !this.isPunct(';')) this.next();
        if (this.isPunct(';')) this.next();
      }
    }
    return rules;
  }

  private rule(index: number): ClaimRule {
    const first = this.peek();
    let name = `Rule ${index}`;
    while (this.isPunct('@')) {
      this.next();
      const key = this.next();
      if (key.kind !== 'ident') throw new ParseError(`expected an annotation name such as RuleName after '@', found ${this.describe(key)}`, key);
      this.expectPunct('=', `after @${key.text}`);
      const value = this.expectString(`as the value of @${key.text}`);
      if (key.text.toLowerCase() === 'rulename') name = value.text;
    }
    const bodyStart = this.peek();
    const conditions: ClaimCondition[] = [];
    if (!this.isPunct('=>')) {
      conditions.push(this.condition());
      while (this.isPunct('&&')) {
        this.next();
        conditions.push(this.condition());
      }
      if (this.isPunct('||')) throw new ParseError("'||' is not part of the claim rule language; write one rule per alternative", this.peek());
    }
    this.expectPunct('=>', 'between the conditions and issue(…)');
    const issue = this.issue(conditions);
    const semi = this.expectPunct(';', 'at the end of the rule');
    return {
      name,
      conditions,
      issue,
      line: first.line,
      column: first.column,
      text: this.source.slice(bodyStart.offset, semi.end).trim(),
    };
  }

  private condition(): ClaimCondition {
    const start = this.peek();
    let kind: ClaimCondition['kind'] = 'match';
    let variable: string | undefined;
    let wrapped = false;
    if (this.isWord('NOT') && this.isWord('exists', 1)) {
      this.next();
      kind = 'not-exists';
    }
    if (this.isWord('exists')) {
      this.next();
      if (kind !== 'not-exists') kind = 'exists';
      this.expectPunct('(', 'after exists');
      wrapped = true;
    } else if (kind === 'match' && this.peek().kind === 'ident' && this.isPunct(':', 1)) {
      variable = this.next().text;
      this.next();
    } else if (kind === 'match' && this.isWord('NOT')) {
      throw new ParseError("NOT applies only to exists([…]): write NOT exists([Type == \"…\", …])", start);
    }
    this.expectPunct('[', kind === 'match' ? 'to start a condition (c:[…] or exists([…]))' : 'inside exists(…)');
    const tests: ClaimTest[] = [];
    if (!this.isPunct(']')) {
      tests.push(this.test());
      while (this.isPunct(',')) {
        this.next();
        tests.push(this.test());
      }
    }
    let close = this.expectPunct(']', 'to end the condition');
    if (wrapped) close = this.expectPunct(')', 'to close exists(');
    const text = this.source.slice(start.offset, close.end).replace(/\s+/g, ' ');
    return { kind, variable, tests, line: start.line, column: start.column, text };
  }

  private test(): ClaimTest {
    const prop = this.next();
    const property = prop.kind === 'ident' ? PROPERTIES.find((p) => p.toLowerCase() === prop.text.toLowerCase()) : undefined;
    if (!property) throw new ParseError(`expected a claim property (${PROPERTIES.join(', ')}), found ${this.describe(prop)}`, prop);
    const op = this.next();
    if (op.kind !== 'punct' || !['==', '!=', '=~', '!~'].includes(op.text)) {
      const hint = op.kind === 'punct' && op.text === '=' ? "; a condition compares with '==' (exact) or '=~' (regular expression)" : '';
      throw new ParseError(`expected ==, !=, =~ or !~ after ${property}, found ${this.describe(op)}${hint}`, op);
    }
    const value = this.expectString(`after ${property} ${op.text}`);
    const operator = op.text as ClaimOperator;
    const result: ClaimTest = { property, operator, value: value.text, line: value.line, column: value.column };
    if (operator === '=~' || operator === '!~') {
      const r = dotnetRegex(value.text);
      if (!r.ok) throw new ParseError(`the regular expression "${value.text}": ${r.message}`, value);
      result.regex = r.regex;
    }
    return result;
  }

  private valueExpr(conditions: ClaimCondition[]): ClaimValueExpr {
    const t = this.peek();
    if (t.kind === 'string') {
      this.next();
      return { kind: 'literal', text: t.text };
    }
    if (t.kind === 'ident' && this.isPunct('.', 1)) {
      this.next();
      this.next();
      const p = this.next();
      const property = p.kind === 'ident' ? PROPERTIES.find((x) => x.toLowerCase() === p.text.toLowerCase()) : undefined;
      if (!property) throw new ParseError(`expected ${t.text}.Type or ${t.text}.Value, found ${this.describe(p)}`, p);
      if (!conditions.some((c) => c.variable === t.text)) throw new ParseError(`'${t.text}' is not a condition variable of this rule (write ${t.text}:[…] first)`, t);
      return { kind: 'reference', variable: t.text, property };
    }
    throw new ParseError(`expected a quoted string or c.Value, found ${this.describe(t)}`, t);
  }

  private issue(conditions: ClaimCondition[]): ClaimIssue {
    const verbTok = this.next();
    const verb = verbTok.kind === 'ident' ? (['issue', 'add'] as const).find((v) => v === verbTok.text.toLowerCase()) : undefined;
    if (!verb) throw new ParseError(`expected issue(…) or add(…) after '=>', found ${this.describe(verbTok)}`, verbTok);
    this.expectPunct('(', `after ${verb}`);
    const out: ClaimIssue = { verb, line: verbTok.line, column: verbTok.column };
    for (;;) {
      const key = this.next();
      const name = key.kind === 'ident' ? key.text.toLowerCase() : '';
      this.expectPunct('=', `after ${key.text}`);
      if (name === 'claim') {
        const v = this.next();
        if (v.kind !== 'ident' || !conditions.some((c) => c.variable === v.text)) {
          throw new ParseError(`issue(claim = …) needs a condition variable of this rule, found ${this.describe(v)}`, v);
        }
        out.copyOf = v.text;
      } else if (name === 'type') out.type = this.valueExpr(conditions);
      else if (name === 'value') out.value = this.valueExpr(conditions);
      else if (name === 'valuetype' || name === 'issuer' || name === 'originalissuer') this.valueExpr(conditions);
      else throw new ParseError(`expected Type, Value or claim inside ${verb}(…), found ${this.describe(key)}`, key);
      if (this.isPunct(',')) {
        this.next();
        continue;
      }
      break;
    }
    this.expectPunct(')', `to close ${verb}(`);
    if (!out.copyOf && !out.type) throw new ParseError(`${verb}(…) needs Type = "…" (or claim = c)`, verbTok);
    return out;
  }
}

/**
 * Reads a claim rule set (one or more rules, as the AD FS "View Rule Language" page or
 * `Get-ADFSRelyingPartyTrust | Select IssuanceAuthorizationRules` shows them).
 *
 * Edge cases: an empty text gives no rules and no findings; every syntax error is a finding with its
 * line, column and what was expected; rules after an error are still read.
 *
 * @example parseClaimRules('=> issue(Type = "http://schemas.microsoft.com/authorization/claims/permit", Value = "true");').rules.length // 1
 */
export function parseClaimRules(text: string): ClaimRulesResult {
  const findings: SourceFinding[] = [];
  const tokens = tokenize(text, findings);
  const rules = new Parser(tokens, text, findings).parseAll();
  return { rules, findings };
}

/**
 * Writes a string for a claim rule: `"…"` with `"` written as `\"` (the reader's escape).
 *
 * Edge cases: a value with a backslash right before a quote, or ending in a backslash, cannot be
 * written unambiguously in this syntax; the generator only writes values without them (regexes it
 * built, SIDs it validated, fixed claim types).
 *
 * @example claimString('a"b') // '"a\\"b"'
 */
export function claimString(text: string): string {
  return `"${text.replace(/"/g, '\\"')}"`;
}
