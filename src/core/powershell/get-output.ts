/**
 * Readers for what `Get-ClientAccessRule` prints (spec 8): `Format-List` text, `ConvertTo-Json` and
 * `Export-Csv`. Each returns the rules in priority order (sorted by the `Priority` they show, then
 * renumbered 1..N as the array order) and findings with line and column. None of them throws.
 */
import Papa from 'papaparse';
import { createRule } from '../model/rule-set.ts';
import { isEvaluatedFirst } from '../model/evaluation-order.ts';
import {
  PRIORITY_PARAMETER,
  RULE_FIELD_LIST,
  RULE_FIELDS,
  UNMODELLED_RULE_PARAMETERS,
  isExchangeDefault,
  isListKind,
  type RuleFieldSpec,
} from '../model/rule-fields.ts';
import { AUTHENTICATION_TYPES, PROTOCOLS, type Action, type Rule, type Scope, type Severity, type SourceFinding } from '../model/types.ts';

export interface GetOutputResult {
  rules: Rule[];
  findings: SourceFinding[];
}

/** Enum numbers as `ConvertTo-Json` writes them (spec 8). */
const PROTOCOL_NUMBERS = [
  'ExchangeWebServices',
  'RemotePowerShell',
  'OutlookAnywhere',
  'POP3',
  'IMAP4',
  'OutlookWebApp',
  'ExchangeAdminCenter',
  'ExchangeActiveSync',
  'OfflineAddressBook',
  'PowerShellWebServices',
  'REST',
  'UniversalOutlook',
] as const;
const AUTH_NUMBERS = [
  'BasicAuthentication',
  'NonBasicAuthentication',
  'AdfsAuthentication',
  'CertificateBasedAuthentication',
  'OAuthAuthentication',
] as const;

/**
 * Every property name (lower case) a Get-ClientAccessRule object shows: the table's Get names of each
 * rule field, Priority, the unmodelled source-port lists, and Exchange's housekeeping properties.
 * Format detection counts them to recognise Format-List output.
 */
export const GET_OUTPUT_PROPERTIES: ReadonlySet<string> = new Set([
  ...RULE_FIELD_LIST.flatMap((spec) => spec.getNames.map((name) => name.toLowerCase())),
  PRIORITY_PARAMETER.toLowerCase(),
  ...UNMODELLED_RULE_PARAMETERS.map((name) => name.toLowerCase()),
  ...['RunspaceId', 'Guid', 'DistinguishedName', 'IsValid', 'ObjectState', 'WhenChanged', 'WhenCreated', 'UserIsMemberOf', 'ExceptUserIsMemberOf'].map((name) =>
    name.toLowerCase(),
  ),
]);

/** How to export Get-ClientAccessRule to CSV so that multi-value properties survive. */
export const CSV_EXPORT_RECIPE = `Get-ClientAccessRule | Select-Object Name,Priority,${RULE_FIELD_LIST.filter((spec) => spec.field !== 'name')
  .map((spec) => {
    const property = spec.getNames[0] as string;
    return isListKind(spec.kind) ? `@{n='${property}';e={$_.${property} -join ','}}` : property;
  })
  .join(',')} | Export-Csv -NoTypeInformation -Encoding UTF8 rules.csv`;

interface Cell {
  value: unknown;
  line: number;
  column: number;
}

/** One object of Get output: properties by lower-case name, where it starts. */
interface RawRecord {
  fields: Map<string, Cell>;
  line: number;
  column: number;
}

type Add = (at: { line: number; column: number }, severity: Severity, message: string) => void;

/** Findings past this many are counted, not listed (a 5 MB export with one mistake per row stays usable). */
const MAX_FINDINGS = 1000;

function makeAdd(findings: SourceFinding[]): Add {
  let dropped = 0;
  return (at, severity, message) => {
    if (findings.length < MAX_FINDINGS) {
      findings.push({ line: at.line, column: at.column, severity, message });
      return;
    }
    dropped += 1;
    const summary = `${dropped} more problems are not listed one by one.`;
    if (dropped === 1) findings.push({ line: at.line, column: at.column, severity: 'warning', message: summary });
    else (findings[MAX_FINDINGS] as SourceFinding).message = summary;
  };
}

function isTypeName(text: string): boolean {
  return /^(Microsoft\.|System\.)[\w.`]+/.test(text) || text.includes('MultiValuedProperty');
}

/** Whether a UTF-16 code unit matches the regular expression `\s` (which is also what `trim` removes). */
export function isRegExpSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function isListSeparator(c: number, patterns: boolean): boolean {
  return c === 44 || c === 59 || (!patterns && isRegExpSpace(c));
}

/**
 * Exactly `text.split(/[,;]/)` when `patterns` (username patterns may hold spaces), else
 * `text.split(/[,;\s]+/)` (enum names and addresses hold none, so a space-separated list splits too):
 * empty pieces at either end included.
 *
 * Decisions: counted first, then filled into an array of its final size. A 160,000-item list split by
 * the regular expression, or pushed item by item, cost 15 times what 20,000 items did (V8 re-allocates
 * and re-scans the growing array), which broke linear time for long Format-List values (issue 13).
 *
 * @example splitListText(' a, b;;c ', false) // ['', 'a', 'b', 'c', '']
 */
export function splitListText(text: string, patterns: boolean): string[] {
  let count = 1;
  let previous = false;
  for (let i = 0; i < text.length; i += 1) {
    const separator = isListSeparator(text.charCodeAt(i), patterns);
    if (separator && (patterns || !previous)) count += 1;
    previous = separator;
  }
  const pieces = new Array<string>(count);
  let k = 0;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    if (!isListSeparator(text.charCodeAt(i), patterns)) continue;
    pieces[k] = text.slice(start, i);
    k += 1;
    if (!patterns) while (i + 1 < text.length && isListSeparator(text.charCodeAt(i + 1), false)) i += 1;
    start = i + 1;
  }
  pieces[k] = text.slice(start);
  return pieces;
}

/** The items of a list property, whatever shape the output gave it. */
function listItems(cell: Cell, spec: RuleFieldSpec, add: Add, source: string): string[] | null {
  const property = spec.getNames[0] as string;
  const value = cell.value;
  if (value === null || value === undefined) return [];
  let items: unknown[];
  if (Array.isArray(value)) items = value;
  else if (typeof value === 'object' && Array.isArray((value as { value?: unknown }).value)) items = (value as { value: unknown[] }).value;
  else if (typeof value === 'number') items = [value];
  else if (typeof value === 'string') {
    let text = value.trim();
    if (text === '') return [];
    if (isTypeName(text)) {
      add(cell, 'error', `${property} shows the .NET type name "${text.length > 80 ? `${text.slice(0, 77)}…` : text}" instead of its values: ${source} wrote the list object, not its contents, so the values are lost. Export again joining each list, for example: ${CSV_EXPORT_RECIPE}`);
      return null;
    }
    if (text.startsWith('{') && text.endsWith('}')) text = text.slice(1, -1);
    if (/(\.\.\.|…)\s*$/.test(text)) {
      add(cell, 'error', `${property} ends with "...": PowerShell cut the list short ($FormatEnumerationLimit), so some values are missing. Run $FormatEnumerationLimit = -1 before Get-ClientAccessRule | Format-List, or use ConvertTo-Json.`);
      text = text.replace(/(\.\.\.|…)\s*$/, '');
    }
    items = splitListText(text, spec.kind === 'patterns');
  } else {
    add(cell, 'error', `${property} has a value this reader does not understand; it is left empty.`);
    return null;
  }
  // Allocated at the most it can hold and cut to length at the end (see `splitListText` for why).
  const out = new Array<string>(items.length);
  let count = 0;
  const numbers = spec.kind === 'protocols' ? PROTOCOL_NUMBERS : AUTH_NUMBERS;
  const names: readonly string[] = spec.kind === 'protocols' ? PROTOCOLS : AUTHENTICATION_TYPES;
  const isEnum = spec.kind === 'protocols' || spec.kind === 'auth-types';
  for (const item of items) {
    // A nested list or object is no value of a rule list; converting it to text would walk it (a list
    // nested 10,000 deep would overflow the stack), so it is reported instead.
    const inner = item && typeof item === 'object' && !Array.isArray(item) && 'Value' in item ? (item as { Value: unknown }).Value : item;
    if (inner !== null && typeof inner === 'object') {
      add(cell, 'error', `${property} holds a nested ${Array.isArray(inner) ? 'list' : 'object'} instead of a value; it is left out.`);
      continue;
    }
    const text = typeof inner === 'string' ? inner.trim() : String(inner);
    if (text === '') continue;
    if (!isEnum) {
      out[count] = text;
      count += 1;
      continue;
    }
    if (/^\d+$/.test(text)) {
      const name = numbers[Number(text)];
      if (name) {
        out[count] = name;
        count += 1;
      } else add(cell, 'error', `${property} holds the number ${text}, which is no known value (0..${numbers.length - 1}); it is left out.`);
      continue;
    }
    const hit = names.find((n) => n.toLowerCase() === text.toLowerCase());
    if (hit) {
      out[count] = hit;
      count += 1;
    } else add(cell, 'error', `${property} holds "${text}", which is not a valid value; it is left out.`);
  }
  out.length = count;
  return out;
}

function scalar(cell: Cell | undefined): string | undefined {
  if (!cell) return undefined;
  const v = cell.value;
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function boolValue(cell: Cell | undefined, add: Add, property: string, fallback: boolean): boolean {
  const text = scalar(cell);
  if (text === undefined || text === '') return fallback;
  if (/^(true|\$true|1)$/i.test(text)) return true;
  if (/^(false|\$false|0)$/i.test(text)) return false;
  add(cell as Cell, 'warning', `${property} is "${text}", not True or False; ${fallback ? 'True' : 'False'} is assumed.`);
  return fallback;
}

/** The cell of a field: the first of its Get-output names (any case) that the record holds a value for. */
function cellOf(record: RawRecord, spec: RuleFieldSpec): Cell | undefined {
  let found: Cell | undefined;
  for (const name of spec.getNames) {
    const cell = record.fields.get(name.toLowerCase());
    if (cell && cell.value !== null && cell.value !== undefined) return cell;
    found ??= cell;
  }
  return found;
}

/** An Action as text or as ConvertTo-Json's number (with an info finding); undefined when it is neither. */
function actionValue(cell: Cell | undefined, add: Add, name: string): Action | undefined {
  const text = scalar(cell);
  if (text === undefined) return undefined;
  const lower = text.toLowerCase();
  if (lower === 'allowaccess' || lower === 'allow') return 'AllowAccess';
  if (lower === 'denyaccess' || lower === 'deny') return 'DenyAccess';
  if (lower === '0' || lower === '1') {
    const action = lower === '0' ? 'AllowAccess' : 'DenyAccess';
    add(cell as Cell, 'info', `Action of "${name}" is the number ${lower}, read as ${action} (AllowAccess = 0, DenyAccess = 1). Check it, or export with enums as names.`);
    return action;
  }
  return undefined;
}

/** A RuleScope (`All` or `Users`, any case); anything else is reported and All assumed. */
function scopeValue(cell: Cell | undefined, add: Add, property: string, name: string): Scope | undefined {
  const text = scalar(cell);
  if (text === undefined || text === '') return undefined;
  const lower = text.toLowerCase();
  if (lower === 'all' || lower === 'users') return lower === 'all' ? 'All' : 'Users';
  add(cell as Cell, 'warning', `${property} of "${name}" is "${text}", which is neither All nor Users${/^\d+$/.test(text) ? ' (its numbering is not documented; export it as a name)' : ''}; All is assumed.`);
  return undefined;
}

/**
 * Turns one record into a rule and its shown priority, field by field from the table of rule fields
 * (each read by its kind; a value at Exchange's default is left to `createRule`). Missing Name or
 * Action, or an Action that is no known value: error finding and no rule (nothing is guessed).
 */
function recordToRule(record: RawRecord, add: Add, source: string, index: number): { rule: Rule; priority: number | undefined } | null {
  const name = scalar(cellOf(record, RULE_FIELDS.name));
  if (name === undefined || name === '') {
    add(record, 'error', `Rule ${index + 1} in the ${source} has no Name; it is left out.`);
    return null;
  }
  const actionCell = cellOf(record, RULE_FIELDS.action);
  const action = actionValue(actionCell, add, name);
  if (!action) {
    const actionText = scalar(actionCell);
    add(actionCell ?? record, 'error', `Rule "${name}" has ${actionText === undefined ? 'no Action' : `the Action "${actionText}", which is neither AllowAccess nor DenyAccess`}; it is left out.`);
    return null;
  }
  const partial: Record<string, unknown> = { name, action };
  for (const spec of RULE_FIELD_LIST) {
    if (spec.required) continue;
    const cell = cellOf(record, spec);
    const property = spec.getNames[0] as string;
    let value: unknown;
    switch (spec.kind) {
      case 'bool':
        value = boolValue(cell, add, property, spec.exchangeDefault === true);
        break;
      case 'scope':
        value = scopeValue(cell, add, property, name);
        break;
      case 'action':
        value = actionValue(cell, add, name);
        break;
      case 'name':
      case 'filter':
        value = scalar(cell);
        break;
      case 'protocols':
      case 'auth-types':
      case 'ips':
      case 'patterns':
        value = cell ? (listItems(cell, spec, add, source) ?? undefined) : undefined;
        break;
      default: {
        const unknownKind: never = spec.kind;
        throw new Error(`No reader for the field kind ${String(unknownKind)}.`);
      }
    }
    if (value !== undefined && !isExchangeDefault(spec, value)) partial[spec.field] = value;
  }
  const priorityCell = record.fields.get(PRIORITY_PARAMETER.toLowerCase());
  const priorityText = scalar(priorityCell);
  let priority: number | undefined;
  if (priorityText !== undefined && priorityText !== '') {
    if (/^-?\d+$/.test(priorityText)) priority = Number(priorityText);
    else add(priorityCell as Cell, 'warning', `Priority of "${name}" is "${priorityText}", not a number; the rule keeps its place in the list.`);
  }
  return { rule: createRule(partial as Partial<Rule>), priority };
}

/**
 * Builds rules from records: sorts by the shown Priority (DatacenterAdminsOnly rules first, records
 * without a priority keep their order after the others), renumbers by array order, and reports
 * duplicate names.
 */
function buildRules(records: Iterable<RawRecord>, add: Add, source: string): Rule[] {
  // Only a record's position outlives it: records come one at a time (JSON), and a record kept to
  // the end made garbage collection, not reading, grow faster than the input (issue 13).
  const built: { rule: Rule; priority: number | undefined; order: number; at: { line: number; column: number } }[] = [];
  let index = 0;
  for (const record of records) {
    const r = recordToRule(record, add, source, index);
    if (r) built.push({ rule: r.rule, priority: r.priority, order: index, at: { line: record.line, column: record.column } });
    index += 1;
  }
  // Sorting is skipped when the records are already in order (the usual Get output), which keeps a
  // 5 MB export fast; otherwise a stable sort on precomputed keys.
  const key = (b: (typeof built)[number]): number => (isEvaluatedFirst(b.rule) ? -1e15 : 0) + (b.priority ?? 1e14);
  let sorted = true;
  for (let i = 1; i < built.length && sorted; i += 1) sorted = key(built[i - 1] as (typeof built)[number]) <= key(built[i] as (typeof built)[number]);
  if (!sorted) {
    const keyed = built.map((b) => ({ b, k: key(b) }));
    keyed.sort((x, y) => x.k - y.k || x.b.order - y.b.order);
    for (let i = 0; i < keyed.length; i += 1) built[i] = (keyed[i] as { b: (typeof built)[number] }).b;
  }
  const seen = new Map<string, string>();
  for (const b of built) {
    const key = b.rule.name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) add(b.at, 'warning', `Two rules are named "${b.rule.name}" (names are compared without regard to case); Exchange does not allow that. Both are kept so you can rename one.`);
    else seen.set(key, b.rule.name);
  }
  return built.map((b) => b.rule);
}

/**
 * A Format-List value wrapped over continuation lines: the first value and then each piece (a trimmed
 * continuation line) joined with one space, or directly inside a `{…}` list or after a comma.
 *
 * Decisions: the pieces are joined once per 1,024 into a chunk and the chunks once at the end. Testing
 * and growing one long string per line made a 1.6 MB value take seconds (issue 13); holding every piece
 * until the end kept 160,000 small strings alive, which made garbage collection, not reading, the cost
 * and grow faster than the input. A plain object and functions, not a class: V8 forgets the shape of a
 * class's instances when a garbage collection finds none alive, and then threw away and recompiled the
 * reading loop on every read (10 ms of 25 for a 1 MB text).
 */
interface WrappedValue {
  chunks: string[];
  parts: string[];
  /** No piece yet (the first value was empty): the next piece decides whether this is a `{…}` list. */
  empty: boolean;
  list: boolean;
  last: string;
}

function startWrapped(first: string): WrappedValue {
  return { chunks: [], parts: first === '' ? [] : [first], empty: first === '', list: first.startsWith('{'), last: first };
}

function addPiece(wrap: WrappedValue, piece: string): void {
  const inList = wrap.list && !wrap.last.endsWith('}');
  if (!wrap.empty && !inList && !wrap.last.endsWith(',')) wrap.parts.push(' ');
  if (wrap.empty) wrap.list = piece.startsWith('{');
  wrap.parts.push(piece);
  wrap.empty = false;
  wrap.last = piece;
  if (wrap.parts.length >= 1024) {
    wrap.chunks.push(wrap.parts.join(''));
    wrap.parts = [];
  }
}

function wrappedText(wrap: WrappedValue): string {
  if (wrap.chunks.length === 0) return wrap.parts.join('');
  wrap.chunks.push(wrap.parts.join(''));
  wrap.parts = [];
  return wrap.chunks.join('');
}

const FL_KEY = /^([A-Za-z][A-Za-z0-9_]*)[ \t]*:(?: (.*)|)$/;

/**
 * Reads `Get-ClientAccessRule | Format-List` text: `Name : value` lines, values that wrap onto
 * indented continuation lines (joined with one space; inside `{…}` lists the pieces are joined
 * directly, as the comma separates items anyway), `{a, b}` lists, `{}` empty, records separated by blank
 * lines (or by a property repeating), `RuleScope` or `Scope`, `Priority`; other properties (RunspaceId,
 * Guid, Identity, AnyOfSourceTcpPortNumbers, …) are ignored. A list cut with `...` by
 * `$FormatEnumerationLimit` is reported. Lines that are neither (a prompt, a header) are skipped with an
 * info finding.
 *
 * @example parseFormatList('Name   : Block OWA\nAction : DenyAccess\nAnyOfProtocols : {OutlookWebApp}\nPriority : 1').rules[0].anyOfProtocols // ['OutlookWebApp']
 */
export function parseFormatList(text: string): GetOutputResult {
  const findings: SourceFinding[] = [];
  try {
    const add = makeAdd(findings);
    const records: RawRecord[] = [];
    let current: RawRecord | null = null;
    let lastKey: string | null = null;
    let skipped = 0;
    const wrapped = new Map<Cell, WrappedValue>();
    const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
    // Line by line with indexOf, not split: no array of every line, and each line's strings die young.
    let lineNo = 0;
    for (let start = 0; start <= body.length; ) {
      const newline = body.indexOf('\n', start);
      const end = newline < 0 ? body.length : newline;
      const raw = body.slice(start, end > start && body.charCodeAt(end - 1) === 13 ? end - 1 : end);
      start = end + 1;
      lineNo += 1;
      const trimmed = raw.trim();
      if (trimmed === '') {
        current = null;
        lastKey = null;
        continue;
      }
      const first = raw.charCodeAt(0);
      if (first !== 32 && first !== 9) {
        const match = FL_KEY.exec(raw.length > 100_000 ? raw.slice(0, 100_000) : raw);
        if (match) {
          const key = (match[1] as string).toLowerCase();
          if (current === null || current.fields.has(key)) {
            current = { fields: new Map(), line: lineNo, column: 1 };
            records.push(current);
          }
          const value = match[2] ?? '';
          current.fields.set(key, { value: value.trim(), line: lineNo, column: raw.indexOf(':') + 2 });
          lastKey = key;
          continue;
        }
      } else if (current !== null && lastKey !== null) {
        const cell = current.fields.get(lastKey) as Cell;
        let wrap = wrapped.get(cell);
        if (!wrap) {
          wrap = startWrapped(String(cell.value));
          wrapped.set(cell, wrap);
        }
        addPiece(wrap, trimmed);
        continue;
      }
      skipped += 1;
      if (skipped <= 20) add({ line: lineNo, column: 1 }, 'info', `Skipped a line that is not "Property : value": "${trimmed.slice(0, 60)}".`);
    }
    for (const [cell, wrap] of wrapped) cell.value = wrappedText(wrap);
    if (records.length === 0) {
      add({ line: 1, column: 1 }, 'error', 'No "Name : value" records were found; this does not look like Get-ClientAccessRule | Format-List output.');
    }
    const rules = buildRules(records, add, 'Format-List output');
    return { rules, findings };
  } catch (error) {
    findings.push({ line: 1, column: 1, severity: 'error', message: `The Format-List text could not be read: ${error instanceof Error ? error.message : String(error)}` });
    return { rules: [], findings };
  }
}

/**
 * Line and column of each top-level object of a JSON array (or the single object), by one linear
 * scan, as flat pairs `[line1, column1, line2, column2, …]` (numbers, not an object per rule).
 */
function objectStarts(text: string): number[] {
  const starts: number[] = [];
  let line = 1;
  let lineStart = 0;
  let depth = 0;
  let inString = false;
  const topLevelArray = text.trimStart().startsWith('[');
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line += 1;
      lineStart = i + 1;
      continue;
    }
    if (inString) {
      if (c === 92) i += 1;
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (c === 123 && (depth === 0 || (depth === 1 && topLevelArray))) starts.push(line, i - lineStart + 1);
      depth += 1;
    } else if (c === 125 || c === 93) depth -= 1;
  }
  return starts;
}

/** Property names (lower case) that only Get-ClientAccessRule objects carry among the ones read here. */
const RULE_PROPERTY_NAMES = new Set([
  PRIORITY_PARAMETER.toLowerCase(),
  // Enabled and Scope are too common to tell a rule from other JSON.
  ...RULE_FIELD_LIST.flatMap((spec) => spec.getNames.map((n) => n.toLowerCase())).filter((n) => n !== 'enabled' && n !== 'scope'),
]);

/**
 * Why parsed JSON is not ConvertTo-Json output of rules, or null: no item is an object with any
 * property of a Client Access Rule (`{"hello": 1}`, `[1, 2]`, `[]` is fine: no rules). Says what the
 * JSON holds and what was expected, instead of "Rule 1 has no Name".
 */
function notGetOutputMessage(list: unknown[]): string | null {
  if (list.length === 0) return null;
  const objects = list.filter((item): item is Record<string, unknown> => item !== null && typeof item === 'object' && !Array.isArray(item));
  if (objects.some((o) => Object.keys(o).some((k) => RULE_PROPERTY_NAMES.has(k.toLowerCase())))) return null;
  const keys = [...new Set(objects.flatMap((o) => Object.keys(o)))];
  const holds =
    objects.length === 0
      ? 'no objects'
      : keys.length === 0
        ? 'only empty objects'
        : `objects with the properties ${keys.slice(0, 5).map((k) => `"${k.length > 40 ? `${k.slice(0, 37)}…` : k}"`).join(', ')}${keys.length > 5 ? ', …' : ''}`;
  return `This JSON is neither a project file nor Get-ClientAccessRule | ConvertTo-Json output: it holds ${holds}, but no Name, Action or other rule property. Expected a project file ("format": "client-access-rule-designer") or ConvertTo-Json output of Get-ClientAccessRule.`;
}

/**
 * Reads `Get-ClientAccessRule | ConvertTo-Json` output: one object or an array; property names in any
 * case; enums as names or numbers (protocols and authentication types numbered as in spec 8; Action
 * 0 = AllowAccess, 1 = DenyAccess, with an info finding); lists as arrays, as Windows PowerShell 5.1's
 * `{ "value": […], "Count": n }` wrapper, or as text; `RuleScope` or `Scope`; extra members such as
 * RunspaceId, Guid, DistinguishedName, Identity ignored. Invalid JSON is one finding with the position.
 *
 * @example parseGetJson('[{"Name":"A","Action":1,"Priority":1,"AnyOfProtocols":[5]}]').rules[0].anyOfProtocols // ['OutlookWebApp']
 */
export function parseGetJson(text: string): GetOutputResult {
  const findings: SourceFinding[] = [];
  try {
    const add = makeAdd(findings);
    const clean = text.startsWith('\uFEFF') ? text.slice(1) : text;
    let data: unknown;
    try {
      data = JSON.parse(clean);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const lc = /line (\d+) column (\d+)/.exec(message);
      const m = /position (\d+)/.exec(message);
      const offset = m ? Number(m[1]) : 0;
      const before = clean.slice(0, offset);
      const line = lc ? Number(lc[1]) : before.split('\n').length;
      const column = lc ? Number(lc[2]) : offset - before.lastIndexOf('\n');
      add({ line, column }, 'error', `This is not valid JSON: ${message}`);
      return { rules: [], findings };
    }
    const list = Array.isArray(data) ? data : [data];
    const notRules = notGetOutputMessage(list);
    if (notRules) {
      add({ line: 1, column: 1 }, 'error', notRules);
      return { rules: [], findings };
    }
    const starts = objectStarts(clean);
    function* records(): Generator<RawRecord> {
      for (let index = 0; index < list.length; index += 1) {
        const item: unknown = list[index];
        const at = { line: starts[2 * index] ?? 1, column: starts[2 * index + 1] ?? 1 };
        if (item === null || typeof item !== 'object' || Array.isArray(item)) {
          add(at, 'error', `Item ${index + 1} is not an object with rule properties; it is skipped.`);
          continue;
        }
        const fields = new Map<string, Cell>();
        for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
          fields.set(key.toLowerCase(), { value, line: at.line, column: at.column });
        }
        yield { fields, line: at.line, column: at.column };
      }
    }
    return { rules: buildRules(records(), add, 'JSON output'), findings };
  } catch (error) {
    findings.push({ line: 1, column: 1, severity: 'error', message: `The JSON could not be read: ${error instanceof Error ? error.message : String(error)}` });
    return { rules: [], findings };
  }
}

/**
 * Reads `Get-ClientAccessRule | Export-Csv` output with papaparse: an optional `#TYPE …` first line,
 * a header row (any case), one rule per row; lists joined with `,` or `;` (or shown as `{a, b}`). A
 * multi-value column that shows a .NET type name (`Microsoft.Exchange.Data.MultiValuedProperty…`,
 * `System.Collections…`) lost its values: error finding that says how to export properly
 * (`CSV_EXPORT_RECIPE`).
 *
 * @example parseGetCsv('"Name","Action","Priority"\n"A","DenyAccess","1"').rules[0].name // 'A'
 */
export function parseGetCsv(text: string): GetOutputResult {
  const findings: SourceFinding[] = [];
  try {
    const add = makeAdd(findings);
    let body = text.startsWith('\uFEFF') ? text.slice(1) : text;
    let lineOffset = 0;
    while (body.startsWith('#')) {
      const nl = body.indexOf('\n');
      body = nl < 0 ? '' : body.slice(nl + 1);
      lineOffset += 1;
    }
    const parsed = Papa.parse<string[]>(body, { header: false, skipEmptyLines: 'greedy' });
    for (const error of parsed.errors.slice(0, 20)) {
      const row = typeof error.row === 'number' ? error.row : 0;
      add({ line: lineOffset + row + 1, column: 1 }, 'warning', `CSV: ${error.message}.`);
    }
    const [header, ...rows] = parsed.data;
    if (!header || header.length === 0) {
      add({ line: lineOffset + 1, column: 1 }, 'error', 'The CSV has no header row.');
      return { rules: [], findings };
    }
    const names = header.map((h) => h.trim().toLowerCase());
    if (!names.includes('name') && !names.includes('identity')) {
      add({ line: lineOffset + 1, column: 1 }, 'error', 'The CSV header has no Name column; this does not look like Get-ClientAccessRule | Export-Csv output.');
    }
    // Rows may span lines inside quotes; count the real line of each row for messages.
    const rowLines: number[] = [];
    {
      let line = lineOffset + 1;
      let inQuotes = false;
      let rowStart = true;
      for (let i = 0; i < body.length; i += 1) {
        const c = body[i];
        if (rowStart && c !== '\n' && c !== '\r') {
          rowLines.push(line);
          rowStart = false;
        }
        if (c === '"') inQuotes = !inQuotes;
        else if (c === '\n') {
          line += 1;
          if (!inQuotes) rowStart = true;
        }
      }
    }
    const records: RawRecord[] = rows.map((row, index) => {
      const line = rowLines[index + 1] ?? lineOffset + index + 2;
      const fields = new Map<string, Cell>();
      names.forEach((name, column) => {
        const value = row[column];
        if (value !== undefined) fields.set(name, { value, line, column: column + 1 });
      });
      return { fields, line, column: 1 };
    });
    return { rules: buildRules(records, add, 'CSV'), findings };
  } catch (error) {
    findings.push({ line: 1, column: 1, severity: 'error', message: `The CSV could not be read: ${error instanceof Error ? error.message : String(error)}` });
    return { rules: [], findings };
  }
}
