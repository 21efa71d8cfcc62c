/**
 * Parser for `UserRecipientFilter` (spec 6): wrappers, properties, precedence, warnings.
 */
import { OPATH_PROPERTIES } from '../model/types.ts';
import type { OPathProperty, SourceFinding } from '../model/types.ts';
import { comparison, logical, not } from './ast.ts';
import type { OPathComparisonOperator, OPathLogicalOperator, OPathNode } from './ast.ts';
import { printOPath } from './printer.ts';
import { isDash, readBacktickEscape } from '../powershell/chars.ts';
import {
  describePosition,
  isDoubleQuote,
  isSingleQuote,
  makeError,
  plainSource,
  positionAt,
  tokenizeOPath,
} from './tokenizer.ts';
import type { OPathError, OPathSource, OPathToken } from './tokenizer.ts';

/** The result of {@link parseOPath}: a tree and warnings, or the first error. */
export type OPathParseResult =
  | { ok: true; ast: OPathNode; warnings: SourceFinding[] }
  | { ok: false; error: OPathError };

const PROPERTY_BY_LOWER: ReadonlyMap<string, OPathProperty> = new Map(
  OPATH_PROPERTIES.map((p) => [p.toLowerCase(), p]),
);

/** Names admins know from Active Directory or other Exchange filters, mapped to the property to use. */
const PROPERTY_ALIASES: ReadonlyMap<string, OPathProperty> = new Map<string, OPathProperty>([
  ['dept', 'Department'],
  ['departmentname', 'Department'],
  ['l', 'City'],
  ['locality', 'City'],
  ['town', 'City'],
  ['co', 'CountryOrRegion'],
  ['c', 'CountryOrRegion'],
  ['country', 'CountryOrRegion'],
  ['countrycode', 'CountryOrRegion'],
  ['usagelocation', 'CountryOrRegion'],
  ['st', 'StateOrProvince'],
  ['state', 'StateOrProvince'],
  ['province', 'StateOrProvince'],
  ['zip', 'PostalCode'],
  ['zipcode', 'PostalCode'],
  ['postcode', 'PostalCode'],
  ['postalcode', 'PostalCode'],
  ['street', 'StreetAddress'],
  ['streetaddress', 'StreetAddress'],
  ['physicaldeliveryofficename', 'Office'],
  ['officelocation', 'Office'],
  ['companyname', 'Company'],
  ['organization', 'Company'],
]);

const PROPERTY_LIST =
  'City, Company, CountryOrRegion, CustomAttribute1 to CustomAttribute15, Department, Office, ' +
  'PostalCode, StateOrProvince and StreetAddress';

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

function isAbbreviationOf(short: string, long: string): boolean {
  if (short.length < 2 || short[0] !== long[0]) return false;
  let j = 0;
  for (const ch of long) if (ch === short[j]) j++;
  return j === short.length;
}

/**
 * The valid property an admin most likely meant by an unknown name, or null when nothing is close.
 * Knows Active Directory names (`extensionAttribute3` → `CustomAttribute3`, `l` → `City`, `st` →
 * `StateOrProvince`), abbreviations (`Dept` → `Department`) and typos (`Citty` → `City`).
 *
 * @example suggestOPathProperty('Dept') // 'Department'
 */
export function suggestOPathProperty(name: string): OPathProperty | null {
  const lower = name.toLowerCase();
  const alias = PROPERTY_ALIASES.get(lower);
  if (alias) return alias;
  const ext = /^(?:extensionattribute|customattribute|ca|ea)(\d+)$/.exec(lower);
  if (ext) {
    const n = Number(ext[1]);
    if (n >= 1 && n <= 15) return `CustomAttribute${n}` as OPathProperty;
  }
  let best: OPathProperty | null = null;
  let bestScore = Infinity;
  for (const property of OPATH_PROPERTIES) {
    const target = property.toLowerCase();
    const score = isAbbreviationOf(lower, target) ? 0.5 : editDistance(lower, target);
    if (score < bestScore) {
      best = property;
      bestScore = score;
    }
  }
  return bestScore <= Math.max(2, Math.floor(lower.length / 3)) ? best : null;
}

/**
 * Resolves a property name case-insensitively to its canonical spelling, or null when a client
 * access rule filter cannot use it (spec 6: any other property is an error).
 *
 * @example canonicalOPathProperty('department') // 'Department'
 */
export function canonicalOPathProperty(name: string): OPathProperty | null {
  return PROPERTY_BY_LOWER.get(name.toLowerCase()) ?? null;
}

/**
 * True when the filter text is empty or white space only: the linter and the evaluator treat that as
 * "the condition is not used" (spec 2), while {@link parseOPath} reports it as "the filter is empty".
 * Wrappers around nothing (`{}`, `{ }`, `''`, `""`) count as blank too.
 *
 * @example isBlankFilter('  ') // true
 * @example isBlankFilter('{ }') // true
 */
export function isBlankFilter(text: string): boolean {
  const t = text.trim();
  if (t === '') return true;
  if (t.length < 2) return false;
  const first = t[0];
  const last = t[t.length - 1];
  const wrapped =
    (first === '{' && last === '}') ||
    (isSingleQuote(first) && isSingleQuote(last)) ||
    (isDoubleQuote(first) && isDoubleQuote(last));
  return wrapped && t.slice(1, -1).trim() === '';
}

type UnwrapResult = { ok: true; source: OPathSource; warnings: SourceFinding[] } | { ok: false; error: OPathError };

function sourceFrom(original: string, chars: string[], offsets: number[], end: number): OPathSource {
  return { original, text: chars.join(''), offsets: [...offsets, end] };
}

/**
 * Removes a `{…}`, `"…"` or `'…'` wrapper (spec 6) and undoes its escapes, keeping for every
 * character of the inner text its offset in the original, so messages point at what the admin typed.
 */
function unwrap(text: string): UnwrapResult {
  const start = text.search(/\S/u);
  if (start < 0) {
    return { ok: false, error: makeError(text, 0, 0, () => 'the filter is empty') };
  }
  const first = text[start] as string;
  let end = text.length;
  while (end > start && /\s/u.test(text[end - 1] as string)) end--;

  if (first === '{') {
    if (text[end - 1] !== '}' || end - 1 === start) {
      return {
        ok: false,
        error: makeError(text, start, start + 1, (at) => `the filter opens a script block with '{' at ${at} but never closes it with '}'`),
      };
    }
    const source = plainSource(text);
    return {
      ok: true,
      source: { original: text, text: text.slice(start + 1, end - 1), offsets: source.offsets.slice(start + 1, end) },
      warnings: [],
    };
  }

  const single = isSingleQuote(first);
  if (!single && !isDoubleQuote(first)) return { ok: true, source: plainSource(text), warnings: [] };

  const isQuote = single ? isSingleQuote : isDoubleQuote;
  const chars: string[] = [];
  const offsets: number[] = [];
  const warnings: SourceFinding[] = [];
  let i = start + 1;
  let close = -1;
  while (i < text.length) {
    const ch = text[i] as string;
    if (isQuote(ch)) {
      if (isQuote(text[i + 1])) {
        // PowerShell keeps the second quote of a doubled pair (powershell/chars.ts).
        chars.push(text[i + 1] as string);
        offsets.push(i);
        i += 2;
        continue;
      }
      close = i;
      break;
    }
    if (!single && ch === '`' && i + 1 < text.length) {
      const escape = readBacktickEscape(text, i);
      for (const c of escape.value) {
        chars.push(c);
        offsets.push(i);
      }
      i = escape.end;
      continue;
    }
    if (!single && ch === '$' && /[\p{L}_{(]/u.test(text[i + 1] ?? '') && warnings.length === 0) {
      const error = makeError(text, i, i + 1, (at) =>
        `the filter is in double quotes and uses '$' at ${at}: PowerShell replaces $variables (even $null) ` +
        'before Exchange sees the filter; write the filter in braces {…} or single quotes, or escape it as `$',
      );
      warnings.push({ ...error, severity: 'warning' });
    }
    chars.push(ch);
    offsets.push(i);
    i++;
  }
  const quoteName = single ? 'single quote' : 'double quote';
  if (close < 0) {
    return {
      ok: false,
      error: makeError(text, start, start + 1, (at) => `the filter starts with a ${quoteName} at ${at} that is never closed`),
    };
  }
  if (close + 1 < end) {
    const rest = text.slice(close + 1).search(/\S/u) + close + 1;
    if (isDash(text[rest]) && /^(?:eq|ne|like|notlike)\b/iu.test(text.slice(rest + 1))) {
      const quoted = text.slice(start, close + 1);
      return {
        ok: false,
        error: makeError(text, start, close + 1, (at) =>
          `the filter starts with the value ${quoted} at ${at}; write the property first, e.g. City -eq ${quoted}`,
        ),
      };
    }
    return {
      ok: false,
      error: makeError(text, rest, end, (at) =>
        `unexpected text at ${at} after the closing ${quoteName} of the filter; put the whole filter inside one pair of quotes`,
      ),
    };
  }
  return { ok: true, source: sourceFrom(text, chars, offsets, close), warnings };
}

const CONDITION_EXAMPLE = "a condition such as City -eq 'Redmond'";

function describeToken(token: OPathToken): string {
  switch (token.kind) {
    case 'operator':
      return `-${token.value}`;
    case 'string':
      return `the value ${token.raw}`;
    case 'variable':
      return `$${token.value}`;
    default:
      return `'${token.raw}'`;
  }
}

const MAX_DEPTH = 64;
/** Keeps every tree the parser returns shallow enough for the recursive printer and evaluator. */
const MAX_CONDITIONS = 500;

class ParseFailure {
  constructor(readonly error: OPathError) {}
}

class Parser {
  private index = 0;
  private depth = 0;
  private conditions = 0;
  readonly warnings: SourceFinding[] = [];
  private readonly original: string;
  private readonly endOffset: number;

  constructor(
    source: OPathSource,
    private readonly tokens: OPathToken[],
  ) {
    this.original = source.original;
    this.endOffset = source.offsets[source.text.length] ?? source.original.length;
  }

  private peek(): OPathToken | undefined {
    return this.tokens[this.index];
  }

  /** Where the text ends: just after the last token, so "expected a value after -eq" points there. */
  private endPosition(): number {
    const last = this.tokens[this.tokens.length - 1];
    return last ? last.end : this.endOffset;
  }

  private fail(start: number, end: number, message: (at: string) => string): never {
    throw new ParseFailure(makeError(this.original, start, end, message));
  }

  private warn(start: number, end: number, message: (at: string) => string): void {
    this.warnings.push({ ...makeError(this.original, start, end, message), severity: 'warning' });
  }

  /** Guards the recursion: real filters nest a few levels, not hundreds. */
  private enter(token: OPathToken): void {
    this.depth++;
    if (this.depth > MAX_DEPTH) {
      this.fail(token.start, token.end, (at) =>
        `the filter nests parentheses or -not more than ${MAX_DEPTH} levels deep (at ${at}); simplify it`,
      );
    }
  }

  parseFilter(): OPathNode {
    const ast = this.parseChain(null);
    const next = this.peek();
    if (next) {
      if (next.kind === 'rparen') {
        this.fail(next.start, next.end, (at) => `unexpected ')' at ${at}: there is no '(' for it to close`);
      }
      const hint = next.kind === 'operator' && next.value === 'not' ? ' (to negate the next condition, write -and -not or -or -not)' : '';
      this.fail(next.start, next.end, (at) =>
        `expected -and or -or at ${at} between two conditions, found ${describeToken(next)}${hint}`,
      );
    }
    return ast;
  }

  /** operand ((-and | -or) operand)*, grouped left to right with equal precedence (as PowerShell). */
  private parseChain(openParen: OPathToken | null): OPathNode {
    let left = this.parseUnary(openParen ? "'('" : null, openParen);
    let firstOperator: OPathToken | null = null;
    let mixedAt: OPathToken | null = null;
    for (;;) {
      const token = this.peek();
      if (!token || token.kind !== 'operator' || (token.value !== 'and' && token.value !== 'or')) break;
      this.index++;
      if (!firstOperator) firstOperator = token;
      else if (!mixedAt && token.value !== firstOperator.value) mixedAt = token;
      const right = this.parseUnary(`-${token.value}`, token);
      left = logical(token.value as OPathLogicalOperator, left, right);
    }
    if (mixedAt && firstOperator) {
      const grouping = printOPath(left);
      const shown = grouping.length > 160 ? `${grouping.slice(0, 157)}...` : grouping;
      this.warn(firstOperator.start, this.endPosition(), (at) =>
        `this filter mixes -and and -or without parentheses (at ${at}); Exchange gives them equal ` +
        `precedence and reads them left to right, as ${shown}. Add parentheses to make the grouping explicit`,
      );
    }
    return left;
  }

  private parseUnary(after: string | null, afterToken: OPathToken | null): OPathNode {
    const token = this.peek();
    if (token && token.kind === 'operator' && token.value === 'not') {
      this.index++;
      this.enter(token);
      const operand = this.parseUnary('-not', token);
      this.depth--;
      return not(operand);
    }
    return this.parsePrimary(after, afterToken);
  }

  private parsePrimary(after: string | null, afterToken: OPathToken | null): OPathNode {
    const token = this.peek();
    if (!token) {
      const pos = afterToken ? afterToken.end : this.endPosition();
      this.fail(pos, pos, (at) =>
        after ? `expected ${CONDITION_EXAMPLE} after ${after} at ${at}` : `expected ${CONDITION_EXAMPLE} at ${at}`,
      );
    }
    if (token.kind === 'lparen') {
      this.index++;
      const close = this.peek();
      if (close?.kind === 'rparen') {
        this.fail(token.start, close.end, (at) => `empty parentheses at ${at}: put ${CONDITION_EXAMPLE} inside`);
      }
      this.enter(token);
      const inner = this.parseChain(token);
      this.depth--;
      const next = this.peek();
      if (!next) {
        this.fail(token.start, token.end, (at) => `unclosed parenthesis opened at ${at}: add ')' to close it`);
      }
      if (next.kind !== 'rparen') {
        this.fail(next.start, next.end, (at) =>
          `expected -and, -or or ')' at ${at}, found ${describeToken(next)} ` +
          `(the parenthesis opened at ${describePosition(this.original, token.start)} is still open)`,
        );
      }
      this.index++;
      return inner;
    }
    if (token.kind === 'word') return this.parseComparison(token);
    const found = describeToken(token);
    if (token.kind === 'operator' && (token.value === 'and' || token.value === 'or')) {
      this.fail(token.start, token.end, (at) =>
        after
          ? `expected ${CONDITION_EXAMPLE} after ${after}, found ${found} at ${at}`
          : `the filter cannot start with ${found} (at ${at}); expected ${CONDITION_EXAMPLE}`,
      );
    }
    if (token.kind === 'operator') {
      this.fail(token.start, token.end, (at) =>
        `expected a property name before ${found} at ${at}, e.g. City ${found} 'Redmond'`,
      );
    }
    if (token.kind === 'variable') {
      this.fail(token.start, token.end, (at) =>
        `expected a property name at ${at}, found ${token.raw}; write the property first, e.g. City -eq ${token.raw}`,
      );
    }
    if (token.kind === 'string') {
      this.fail(token.start, token.end, (at) =>
        `expected a property name at ${at}, found ${found}; write the property first, e.g. City -eq ${token.raw}`,
      );
    }
    if (token.kind === 'rparen') {
      this.fail(token.start, token.end, (at) =>
        after ? `expected ${CONDITION_EXAMPLE} after ${after}, found ')' at ${at}` : `unexpected ')' at ${at}`,
      );
    }
    this.fail(token.start, token.end, (at) => `expected a property name at ${at}, found ${found}`);
  }

  private parseComparison(propertyToken: OPathToken): OPathNode {
    this.index++;
    this.conditions++;
    if (this.conditions > MAX_CONDITIONS) {
      this.fail(propertyToken.start, propertyToken.end, (at) =>
        `the filter has more than ${MAX_CONDITIONS} conditions (the next one starts at ${at}); ` +
        'a client access rule filter this long is not practical, simplify it',
      );
    }
    const property = canonicalOPathProperty(propertyToken.value);
    if (!property) {
      const suggestion = suggestOPathProperty(propertyToken.value);
      this.fail(propertyToken.start, propertyToken.end, (at) =>
        suggestion
          ? `unknown property '${propertyToken.value}' at ${at}; did you mean '${suggestion}'?`
          : `unknown property '${propertyToken.value}' at ${at}; a client access rule filter can only use ${PROPERTY_LIST}`,
      );
    }
    const opToken = this.peek();
    const isComparison =
      opToken?.kind === 'operator' && ['eq', 'ne', 'like', 'notlike'].includes(opToken.value);
    if (!opToken || !isComparison) {
      const pos = opToken ? opToken.start : propertyToken.end;
      const found = opToken ? `, found ${describeToken(opToken)}` : '';
      this.fail(pos, opToken ? opToken.end : pos, (at) =>
        `expected a comparison operator (-eq, -ne, -like or -notlike) after ${property} at ${at}${found}`,
      );
    }
    this.index++;
    const operator = opToken.value as OPathComparisonOperator;
    const valueToken = this.peek();
    if (!valueToken) {
      const pos = opToken.end;
      this.fail(pos, pos, (at) => `expected a value after -${operator} at ${at}, e.g. ${property} -${operator} 'text' or $null`);
    }
    let value: string | null;
    switch (valueToken.kind) {
      case 'string':
        value = valueToken.value;
        if (valueToken.quote === 'double' && /\$[\p{L}_{(]/u.test(value)) {
          this.warn(valueToken.start, valueToken.end, (at) =>
            `the value at ${at} is in double quotes and contains '$': PowerShell may replace it as a variable; ` +
            'use single quotes for literal text',
          );
        }
        break;
      case 'variable':
        if (valueToken.value === 'null') {
          value = null;
          break;
        }
        if (valueToken.value === 'true' || valueToken.value === 'false') {
          this.fail(valueToken.start, valueToken.end, (at) =>
            `${valueToken.raw} at ${at} is not a valid value for ${property}: ` +
            "the filter compares text, so use a quoted value such as 'Redmond', or $null for blank",
          );
        }
        this.fail(valueToken.start, valueToken.end, (at) =>
          `the variable ${valueToken.raw} at ${at} cannot be used: Exchange stores the filter text, not the ` +
          "variable's value; write the value itself in quotes (or $null for blank)",
        );
        break;
      case 'word':
        this.fail(valueToken.start, valueToken.end, (at) =>
          `the value ${valueToken.raw} at ${at} must be in quotes: write ${property} -${operator} '${valueToken.raw}'`,
        );
        break;
      default:
        this.fail(valueToken.start, valueToken.end, (at) =>
          `expected a value after -${operator} at ${at}, found ${describeToken(valueToken)}`,
        );
    }
    this.index++;
    if ((operator === 'like' || operator === 'notlike') && value !== null && !value.includes('*')) {
      this.warn(valueToken.start, valueToken.end, (at) =>
        `-${operator} ${valueToken.raw} at ${at} has no * wildcard, so it only matches the exact text; ` +
        `use -${operator === 'like' ? 'eq' : 'ne'}, or add * where any text may appear (e.g. '${value}*')`,
      );
    }
    if (
      property === 'CountryOrRegion' &&
      (operator === 'eq' || operator === 'ne') &&
      value !== null &&
      value !== '' &&
      !/^[A-Za-z]{2}$/.test(value)
    ) {
      this.warn(valueToken.start, valueToken.end, (at) =>
        `CountryOrRegion holds a two-letter ISO country code (such as 'US' or 'DE'), so ${valueToken.raw} at ${at} ` +
        'never matches; use the code',
      );
    }
    return comparison(property, operator, value);
  }
}

/**
 * Parses a `UserRecipientFilter` as Exchange reads it (spec 6).
 *
 * - Accepts the bare form `City -eq 'Redmond'` and the wrappers `{City -eq 'Redmond'}`,
 *   `"City -eq 'Redmond'"` (PowerShell double-quote escapes `""` and backtick undone) and
 *   `'City -eq ''Redmond'''` (`''` undone). Positions always refer to `text` as given.
 * - Properties are case-insensitive and come out in canonical spelling; any other property is an
 *   error that suggests the closest valid one (spec 7).
 * - `-and` and `-or` have equal precedence and group left to right (`a -or b -and c` is
 *   `(a -or b) -and c`); `-not` applies to the next operand.
 * - Values: single- or double-quoted text, or `$null`. `$true`, `$false`, other variables and
 *   unquoted words are errors that say what to write instead.
 * - Warnings: `-and`/`-or` mixed without parentheses (with the grouping spelled out), a
 *   `-like`/`-notlike` value with no `*`, `$` inside double quotes, a `CountryOrRegion` `-eq`/`-ne`
 *   value that is not a two-letter code.
 * - Limits: 64 levels of parentheses or `-not`, 500 conditions (errors, not stack overflows).
 * - Empty or white-space text is an error ("the filter is empty"); use {@link isBlankFilter} first
 *   when blank means "not used".
 *
 * Never throws.
 *
 * @example parseOPath("{Department -ne 'IT'}")
 *          // { ok: true, ast: { kind: 'comparison', property: 'Department', operator: 'ne', value: 'IT' }, warnings: [] }
 * @example parseOPath("Dept -eq 'IT'").error.message
 *          // "unknown property 'Dept' at column 1; did you mean 'Department'?"
 */
export function parseOPath(text: string): OPathParseResult {
  try {
    const unwrapped = unwrap(text);
    if (!unwrapped.ok) return unwrapped;
    const { source } = unwrapped;
    if (source.text.trim() === '') {
      const { line, column } = positionAt(text, 0);
      return { ok: false, error: { severity: 'error', message: 'the filter is empty', line, column, offset: 0 } };
    }
    const tokenized = tokenizeOPath(source);
    if (!tokenized.ok) return tokenized;
    const parser = new Parser(source, tokenized.tokens);
    const ast = parser.parseFilter();
    const warnings = [...unwrapped.warnings, ...parser.warnings].sort(
      (a, b) => a.line - b.line || a.column - b.column,
    );
    return { ok: true, ast, warnings };
  } catch (caught) {
    if (caught instanceof ParseFailure) return { ok: false, error: caught.error };
    const { line, column } = positionAt(text, 0);
    return {
      ok: false,
      error: { severity: 'error', message: `the filter could not be read: ${String(caught)}`, line, column, offset: 0 },
    };
  }
}
