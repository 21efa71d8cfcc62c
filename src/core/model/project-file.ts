/**
 * The versioned project file (`*.carules.json`): a rule set as JSON, array order = priority.
 *
 * ```json
 * { "format": "client-access-rule-designer", "version": 1, "profile": "ExchangeOnline",
 *   "rules": [ { "name": "Block OWA", "action": "DenyAccess", "anyOfProtocols": ["OutlookWebApp"] } ],
 *   "tests": [ { "name": "…", "connection": { … }, "expected": "DenyAccess" } ] }
 * ```
 *
 * Reading is forgiving where it is safe (omitted lists are empty, `enabled` defaults to true, `scope`
 * to All, enum values in any case) and strict everywhere else: every problem is reported with its path
 * (`rules[2].action`) and a plain message. Unknown fields are kept in `extra` and written back.
 */
import { z } from 'zod';
import { easConfigFromUnknown, serializeEasConfig } from '../eas/schema.ts';
import { inEvaluationOrder } from './evaluation-order.ts';
import { connectionSchema } from './connection.ts';
import { enumValue, show } from './schema-helpers.ts';
import { isReviewDate, normalizeNotes } from './notes.ts';
import { createRule, newId } from './rule-set.ts';
import {
  ACTIONS,
  AUTHENTICATION_TYPES,
  LIST_FIELDS,
  PROFILES,
  PROTOCOLS,
  SCOPES,
  type Connection,
  type Rule,
  type RuleSet,
  type TestCase,
  type TextPosition,
} from './types.ts';

export const PROJECT_FORMAT = 'client-access-rule-designer';
export const PROJECT_VERSION = 1;

/** One problem in a project file: where (`rules[2].action`, or `(json) line 3, column 5`) and why. */
export interface ProjectFileError {
  path: string;
  message: string;
}

export type ProjectParseResult =
  | { ok: true; ruleSet: RuleSet; warnings: string[]; baseline?: RuleSet | null }
  | { ok: false; errors: ProjectFileError[] };

/** A migration turns the plain JSON object of version n into the object of version n + 1. */
export type ProjectMigration = (doc: Record<string, unknown>) => Record<string, unknown>;

/**
 * Migrations keyed by the version they upgrade from. Version 1 is the first published format, so the
 * table is empty today; a future version 2 adds `1: (doc) => ({ ...doc, version: 2, … })` here.
 */
export const PROJECT_MIGRATIONS: Readonly<Record<number, ProjectMigration>> = {};

// ---------------------------------------------------------------------------------------------------
// JSON syntax errors with a position

/** A JSON syntax error with a 1-based line and column and the character offset. */
export interface JsonSyntaxError extends TextPosition {
  message: string;
  offset: number;
}

function positionAt(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let nl = text.indexOf('\n'); nl >= 0 && nl < end; nl = text.indexOf('\n', nl + 1)) {
    line += 1;
    lineStart = nl + 1;
  }
  return { line, column: end - lineStart + 1 };
}

function describeChar(ch: string | undefined): string {
  if (ch === undefined) return 'the end of the text';
  if (ch === '\n') return 'a line break';
  return `'${ch}'`;
}

/**
 * Why a scan stopped, as numbers that `stop` packs with the offset (module constants, so the scanning
 * code reads no object for them); the message is made once, by `scanProblemMessage`.
 */
const EXPECTED_VALUE = 0;
const EXPECTED_COMMA_OR_BRACKET = 1;
const EXPECTED_COMMA_OR_BRACE = 2;
const EXPECTED_NAME = 3;
const EXPECTED_COLON = 4;
const EXPECTED_TRUE = 5;
const EXPECTED_FALSE = 6;
const EXPECTED_NULL = 7;
const UNTERMINATED_STRING = 8;
const CONTROL_CHARACTER = 9;
const INVALID_UNICODE_ESCAPE = 10;
const INVALID_ESCAPE = 11;
const AFTER_END = 12;

/**
 * A stop of the scan at `offset` for `problem`, as one negative number: the scanning functions return
 * the index after what they read, or this. One number, not an object or an exception: see
 * `findJsonSyntaxError` for why.
 */
const stop = (offset: number, problem: number): number => -(offset * 16 + problem) - 1;

function scanProblemMessage(text: string, offset: number, problem: number): string {
  const found = describeChar(offset < text.length ? text[offset] : undefined);
  switch (problem) {
    case EXPECTED_VALUE:
      return `expected a value, found ${found}`;
    case EXPECTED_COMMA_OR_BRACKET:
      return `expected ',' or ']', found ${found}`;
    case EXPECTED_COMMA_OR_BRACE:
      return `expected ',' or '}', found ${found}`;
    case EXPECTED_NAME:
      return `expected a property name in double quotes, found ${found}`;
    case EXPECTED_COLON:
      return `expected ':' after the property name, found ${found}`;
    case EXPECTED_TRUE:
      return `expected 'true', found ${found}`;
    case EXPECTED_FALSE:
      return `expected 'false', found ${found}`;
    case EXPECTED_NULL:
      return `expected 'null', found ${found}`;
    case UNTERMINATED_STRING:
      return 'unterminated string: the closing " is missing';
    case CONTROL_CHARACTER:
      return 'line break or control character inside a string';
    case INVALID_UNICODE_ESCAPE:
      return 'invalid \\u escape in a string';
    case INVALID_ESCAPE:
      return `invalid escape \\${offset < text.length ? text[offset] : ''} in a string`;
    default:
      return `unexpected ${found} after the end of the JSON value`;
  }
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isHexDigit = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/** The code unit at i, or -1 past the end (never NaN, on which V8 throws its optimised code away). */
const codeAt = (text: string, i: number): number => (i < text.length ? text.charCodeAt(i) : -1);

function skipSpace(text: string, i: number): number {
  for (;;) {
    const c = codeAt(text, i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return i;
    i += 1;
  }
}

function scanLiteral(text: string, i: number, word: string, problem: number): number {
  for (let k = 0; k < word.length; k += 1) {
    if (codeAt(text, i) !== word.charCodeAt(k)) return stop(i, problem);
    i += 1;
  }
  return i;
}

/** A string from its opening quote at i. */
function scanString(text: string, i: number): number {
  i += 1;
  for (;;) {
    const c = codeAt(text, i);
    if (c === -1) return stop(i, UNTERMINATED_STRING);
    if (c === 34) return i + 1;
    if (c < 32) return stop(i, CONTROL_CHARACTER);
    if (c === 92) {
      i += 1;
      const esc = codeAt(text, i);
      if (esc === 117) {
        for (let k = 1; k <= 4; k += 1) if (!isHexDigit(codeAt(text, i + k))) return stop(i, INVALID_UNICODE_ESCAPE);
        i += 5;
        continue;
      }
      // One of " \ / b f n r t.
      if (!(esc === 34 || esc === 92 || esc === 47 || esc === 98 || esc === 102 || esc === 110 || esc === 114 || esc === 116)) {
        return stop(i, INVALID_ESCAPE);
      }
    }
    i += 1;
  }
}

/** `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?` at i; a fraction or exponent that does not complete is left for the caller. */
function scanNumber(text: string, start: number): number {
  let i = start;
  if (codeAt(text, i) === 45) i += 1;
  const first = codeAt(text, i);
  if (first === 48) i += 1;
  else if (first >= 49 && first <= 57) {
    i += 1;
    while (isDigit(codeAt(text, i))) i += 1;
  } else return stop(start, EXPECTED_VALUE);
  if (codeAt(text, i) === 46 && isDigit(codeAt(text, i + 1))) {
    i += 2;
    while (isDigit(codeAt(text, i))) i += 1;
  }
  const e = codeAt(text, i);
  if (e === 101 || e === 69) {
    let j = i + 1;
    const sign = codeAt(text, j);
    if (sign === 43 || sign === 45) j += 1;
    if (isDigit(codeAt(text, j))) {
      i = j + 1;
      while (isDigit(codeAt(text, i))) i += 1;
    }
  }
  return i;
}

/** `"name" :` at i (after spaces). */
function scanMemberName(text: string, i: number): number {
  i = skipSpace(text, i);
  if (codeAt(text, i) !== 34) return stop(i, EXPECTED_NAME);
  i = scanString(text, i);
  if (i < 0) return i;
  i = skipSpace(text, i);
  if (codeAt(text, i) !== 58) return stop(i, EXPECTED_COLON);
  return i + 1;
}

/** The whole text as one JSON value: the index of its end, or a `stop`. */
function scanJson(text: string): number {
  // The open containers, innermost last (1 for an object, 0 for a list), in a byte array that doubles when full.
  let open = new Uint8Array(64);
  let depth = 0;
  let i = 0;
  let wantValue = true;
  for (;;) {
    if (wantValue) {
      i = skipSpace(text, i);
      const c = codeAt(text, i);
      if (c === 123 || c === 91) {
        i = skipSpace(text, i + 1);
        if (codeAt(text, i) === (c === 123 ? 125 : 93)) {
          i += 1;
          wantValue = false;
          continue;
        }
        if (depth === open.length) {
          const bigger = new Uint8Array(depth * 2);
          bigger.set(open);
          open = bigger;
        }
        open[depth] = c === 123 ? 1 : 0;
        depth += 1;
        if (c === 123) i = scanMemberName(text, i);
      } else {
        wantValue = false;
        if (c === 34) i = scanString(text, i);
        else if (c === 116) i = scanLiteral(text, i, 'true', EXPECTED_TRUE);
        else if (c === 102) i = scanLiteral(text, i, 'false', EXPECTED_FALSE);
        else if (c === 110) i = scanLiteral(text, i, 'null', EXPECTED_NULL);
        else if (c === 45 || isDigit(c)) i = scanNumber(text, i);
        else return stop(i, EXPECTED_VALUE);
      }
      if (i < 0) return i;
      continue;
    }
    if (depth === 0) break;
    const isObject = open[depth - 1] === 1;
    i = skipSpace(text, i);
    const c = codeAt(text, i);
    if (c === 44) {
      i = isObject ? scanMemberName(text, i + 1) : i + 1;
      if (i < 0) return i;
      wantValue = true;
    } else if (c === (isObject ? 125 : 93)) {
      i += 1;
      depth -= 1;
    } else {
      return stop(i, isObject ? EXPECTED_COMMA_OR_BRACE : EXPECTED_COMMA_OR_BRACKET);
    }
  }
  i = skipSpace(text, i);
  return i < text.length ? stop(i, AFTER_END) : i;
}

/**
 * Finds where a text stops being valid JSON. `JSON.parse` messages differ between engines and recent
 * V8 versions give no position, so the reader runs this small scanner once `JSON.parse` has failed.
 *
 * Edge cases: an empty text is an error at 1:1; trailing commas, comments and single-quoted strings
 * are errors at the offending character. Returns null for valid JSON.
 *
 * Decisions: one pass over the character codes, linear in the text (issue 13). The open containers are
 * an explicit stack (a text of 100,000 `[` gets a message, not a stack overflow) in a byte array, and
 * nothing is allocated per character. The scanning functions keep their state in local variables and
 * report a problem as a returned number (`stop`), not by throwing from a method of a scanner object:
 * V8 drops the feedback about a short-lived object's shape at each garbage collection, and its optimised
 * scanning code then stopped at the end of every failing scan and was compiled again for the next, which
 * cost more than the scan itself.
 *
 * @example findJsonSyntaxError('{\n  "a": }') // { line: 2, column: 8, message: "expected a value, found '}'", offset: 8 }
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  const end = scanJson(text);
  if (end >= 0) return null;
  const code = -end - 1;
  const problem = code % 16;
  const offset = (code - problem) / 16;
  return { ...positionAt(text, offset), message: scanProblemMessage(text, offset, problem), offset };
}

// ---------------------------------------------------------------------------------------------------
// Schemas


const actionSchema = enumValue(ACTIONS, { allow: 'AllowAccess', deny: 'DenyAccess' });
const stringList = z.array(z.string()).optional();

const ruleSchema = z.looseObject({
  name: z.string(),
  action: actionSchema,
  enabled: z.boolean().optional(),
  scope: enumValue(SCOPES).optional(),
  anyOfProtocols: z.array(enumValue(PROTOCOLS)).optional(),
  exceptAnyOfProtocols: z.array(enumValue(PROTOCOLS)).optional(),
  anyOfAuthenticationTypes: z.array(enumValue(AUTHENTICATION_TYPES)).optional(),
  exceptAnyOfAuthenticationTypes: z.array(enumValue(AUTHENTICATION_TYPES)).optional(),
  anyOfClientIPAddressesOrRanges: stringList,
  exceptAnyOfClientIPAddressesOrRanges: stringList,
  usernameMatchesAnyOfPatterns: stringList,
  exceptUsernameMatchesAnyOfPatterns: stringList,
  userRecipientFilter: z.string().optional(),
  datacenterAdminsOnly: z.boolean().optional(),
  notes: z
    .object({
      description: z.string().optional(),
      owner: z.string().optional(),
      ticket: z.string().optional(),
      reviewDate: z
        .string()
        .refine((text) => text.trim() === '' || isReviewDate(text), {
          error: (iss) => `expected a date written YYYY-MM-DD, got ${show(iss.input)}`,
        })
        .optional(),
    })
    .optional(),
});

const testSchema = z.object({
  name: z.string(),
  connection: connectionSchema,
  expected: actionSchema,
});

/** The admin path (issue 7): protocols, addresses (rule IP values, checked by the linter), admin accounts. */
const adminPathSchema = z.object({
  protocols: z.array(enumValue(PROTOCOLS)),
  addresses: z.array(z.string()).optional(),
  users: z.array(z.object({ user: z.string(), attributes: z.record(z.string(), z.string()).optional() })),
});

const projectSchema = z.looseObject({
  format: z.literal(PROJECT_FORMAT, { error: (iss) => `expected '${PROJECT_FORMAT}', got ${show(iss.input)}` }),
  version: z.literal(PROJECT_VERSION),
  profile: enumValue(PROFILES).optional(),
  rules: z.array(ruleSchema),
  tests: z.array(testSchema).optional(),
  adminPath: adminPathSchema.optional(),
});

const RULE_KEYS = new Set<string>([
  'name',
  'action',
  'enabled',
  'scope',
  ...LIST_FIELDS,
  'userRecipientFilter',
  'datacenterAdminsOnly',
  'notes',
]);
/** Keys that make no sense in a file (priority is the array order, ids are per session): dropped with a warning. */
const IGNORED_RULE_KEYS = new Set(['id', 'priority']);
const TOP_KEYS = new Set(['format', 'version', 'profile', 'rules', 'tests', 'adminPath', 'activeSync', 'baseline']);

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(file)';
}

function zodMessage(iss: { code: string; input?: unknown; expected?: unknown; message?: string }): string | undefined {
  if (iss.code === 'invalid_type') {
    if (iss.input === undefined) return 'is required';
    const expected = iss.expected === 'array' ? 'a list' : iss.expected === 'object' ? 'an object' : `a ${String(iss.expected)}`;
    return `expected ${expected}, got ${show(iss.input)}`;
  }
  return undefined;
}

/** Deepest nesting kept in an unknown field (levels of lists and objects inside its value). */
export const MAX_EXTRA_DEPTH = 32;
/** Most values (list items, object members, scalars) kept in one unknown field. */
export const MAX_EXTRA_VALUES = 10_000;
/** Most characters of text (strings and member names) kept in one unknown field. */
export const MAX_EXTRA_CHARS = 1_000_000;

/**
 * Why an unknown field's value is too big to keep, or null. Walks the value iteratively (no recursion,
 * so a 100,000-level value is measured, not a stack overflow) and stops at the first limit exceeded.
 */
export function extraLimitProblem(value: unknown): string | null {
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }];
  let values = 0;
  let chars = 0;
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    values += 1;
    if (values > MAX_EXTRA_VALUES) return `it holds more than ${MAX_EXTRA_VALUES.toLocaleString('en-US')} values`;
    if (typeof v === 'string') chars += v.length;
    else if (typeof v === 'object' && v !== null) {
      if (depth >= MAX_EXTRA_DEPTH) return `it is nested more than ${MAX_EXTRA_DEPTH} levels deep`;
      if (Array.isArray(v)) for (const item of v) stack.push({ v: item, depth: depth + 1 });
      else {
        for (const [k, item] of Object.entries(v)) {
          chars += k.length;
          stack.push({ v: item, depth: depth + 1 });
        }
      }
    }
    if (chars > MAX_EXTRA_CHARS) return `it holds more than ${MAX_EXTRA_CHARS.toLocaleString('en-US')} characters of text`;
  }
  return null;
}

/**
 * The fields of `obj` this format does not know, to be written back as they were. A field over the
 * limits (`extraLimitProblem`) is dropped with a warning that names it: keeping it would make every
 * later save and download of the project fail or crawl.
 */
function pickExtra(
  obj: Record<string, unknown>,
  known: Set<string>,
  skip: Set<string>,
  where: string,
  warnings: string[],
): Record<string, unknown> | undefined {
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (known.has(k) || skip.has(k)) continue;
    const problem = extraLimitProblem(v);
    if (problem) {
      warnings.push(`${where}${where ? '.' : ''}${k}: this unknown field was dropped because ${problem}; unknown fields are kept up to ${MAX_EXTRA_DEPTH} levels, ${MAX_EXTRA_VALUES.toLocaleString('en-US')} values and ${MAX_EXTRA_CHARS.toLocaleString('en-US')} characters`);
      continue;
    }
    setOwn(extra, k, v);
  }
  return Object.keys(extra).length > 0 ? extra : undefined;
}

/** Sets an own property even for a key such as `__proto__` that plain assignment would treat specially. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Brings an older project document up to `PROJECT_VERSION` by running the migrations in order.
 * A version newer than this build, a missing or non-integer version and a gap in the migration table
 * are reported as errors, never guessed. `migrations` is a parameter so the hook can be tested.
 *
 * @example migrateProject({ format, version: 1, rules: [] }) // { ok: true, doc: { … } }
 */
export function migrateProject(
  doc: Record<string, unknown>,
  migrations: Readonly<Record<number, ProjectMigration>> = PROJECT_MIGRATIONS,
  currentVersion: number = PROJECT_VERSION,
): { ok: true; doc: Record<string, unknown> } | { ok: false; error: ProjectFileError } {
  const version = doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, error: { path: 'version', message: `expected a whole number from 1 to ${currentVersion}, got ${show(version)}` } };
  }
  if (version > currentVersion) {
    return {
      ok: false,
      error: {
        path: 'version',
        message: `this file has format version ${version}, written by a newer Client Access Rule Designer; this one reads versions up to ${currentVersion}. Update the designer to open it`,
      },
    };
  }
  let current = doc;
  for (let v = version; v < currentVersion; v += 1) {
    const migrate = migrations[v];
    if (!migrate) {
      return { ok: false, error: { path: 'version', message: `no migration from format version ${v} to ${v + 1}` } };
    }
    current = migrate(current);
  }
  return { ok: true, doc: current };
}

/**
 * Reads an already-parsed project document (for example what IndexedDB holds) into a rule set.
 * Same rules as `parseProjectFile`: every error with its path, unknown fields kept in `extra`, enums
 * in any case, `Allow`/`Deny` accepted for actions, fresh ids for rules and tests.
 *
 * @example projectFromUnknown({ format: 'client-access-rule-designer', version: 1, rules: [] })
 */
export function projectFromUnknown(value: unknown): ProjectParseResult {
  if (!isRecord(value)) {
    return { ok: false, errors: [{ path: '(file)', message: `expected a project object, got ${show(value)}` }] };
  }
  if (value.format !== PROJECT_FORMAT) {
    return {
      ok: false,
      errors: [
        {
          path: 'format',
          message: `expected '${PROJECT_FORMAT}', got ${show(value.format)}: this is not a Client Access Rule Designer project file`,
        },
      ],
    };
  }
  const migrated = migrateProject(value);
  if (!migrated.ok) return { ok: false, errors: [migrated.error] };

  const parsed = projectSchema.safeParse(migrated.doc, { error: zodMessage });
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((iss) => ({ path: formatPath(iss.path), message: iss.message })),
    };
  }
  const data = parsed.data;
  const warnings: string[] = [];
  const rawRules = (migrated.doc.rules as unknown[]).map((r) => r as Record<string, unknown>);
  const rules: Rule[] = data.rules.map((r, index) => {
    const raw = rawRules[index] ?? {};
    for (const key of IGNORED_RULE_KEYS) {
      if (key in raw) {
        warnings.push(
          key === 'priority'
            ? `rules[${index}].priority: ignored; a rule's priority is its position in the rules list`
            : `rules[${index}].id: ignored; ids are not stored in project files`,
        );
      }
    }
    const rule = createRule({
      name: r.name,
      action: r.action,
      enabled: r.enabled ?? true,
      scope: r.scope ?? 'All',
      anyOfProtocols: r.anyOfProtocols ?? [],
      exceptAnyOfProtocols: r.exceptAnyOfProtocols ?? [],
      anyOfAuthenticationTypes: r.anyOfAuthenticationTypes ?? [],
      exceptAnyOfAuthenticationTypes: r.exceptAnyOfAuthenticationTypes ?? [],
      anyOfClientIPAddressesOrRanges: r.anyOfClientIPAddressesOrRanges ?? [],
      exceptAnyOfClientIPAddressesOrRanges: r.exceptAnyOfClientIPAddressesOrRanges ?? [],
      usernameMatchesAnyOfPatterns: r.usernameMatchesAnyOfPatterns ?? [],
      exceptUsernameMatchesAnyOfPatterns: r.exceptUsernameMatchesAnyOfPatterns ?? [],
      userRecipientFilter: r.userRecipientFilter ?? '',
      datacenterAdminsOnly: r.datacenterAdminsOnly ?? false,
      notes: r.notes,
    });
    const extra = pickExtra(raw, RULE_KEYS, IGNORED_RULE_KEYS, `rules[${index}]`, warnings);
    if (extra) rule.extra = extra;
    return rule;
  });
  // Exchange evaluates datacenter-admin rules first whatever their position (spec 3.1).
  const ordered = inEvaluationOrder(rules);
  if (ordered.some((r, i) => r !== rules[i])) {
    warnings.push('rules: datacenterAdminsOnly rules were moved to the top, where Exchange evaluates them');
  }
  const tests: TestCase[] = (data.tests ?? []).map((t) => {
    const connection: Connection = {
      protocol: t.connection.protocol,
      authenticationType: t.connection.authenticationType,
      ipAddress: t.connection.ipAddress,
      port: t.connection.port,
      user: t.connection.user,
      attributes: { ...(t.connection.attributes ?? {}) },
      connectionType: t.connection.connectionType ?? 'EndUser',
    };
    return { id: newId(), name: t.name, connection, expected: t.expected };
  });
  const ruleSet: RuleSet = { profile: data.profile ?? 'ExchangeOnline', rules: ordered, tests };
  if (data.adminPath) {
    ruleSet.adminPath = {
      protocols: data.adminPath.protocols,
      addresses: data.adminPath.addresses ?? [],
      users: data.adminPath.users.map((u) => ({ user: u.user, attributes: { ...(u.attributes ?? {}) } })),
    };
  }
  if (migrated.doc.activeSync !== undefined) {
    const eas = easConfigFromUnknown(migrated.doc.activeSync);
    if (!eas.ok) return { ok: false, errors: eas.errors };
    ruleSet.activeSync = eas.config;
  }
  const extra = pickExtra(migrated.doc, TOP_KEYS, new Set(), '', warnings);
  if (extra) ruleSet.extra = extra;
  const baseline = readBaseline(migrated.doc.baseline);
  if (!baseline.ok) return { ok: false, errors: baseline.errors };
  warnings.push(...baseline.warnings);
  return { ok: true, ruleSet, warnings, baseline: baseline.ruleSet };
}

/**
 * The optional `baseline` of a project file: the rule set as deployed (`{ "profile", "rules" }` with
 * the same rule fields as `rules`), from which the change script is computed. Absent or null: no
 * baseline. Its problems are reported under `baseline.` paths.
 */
function readBaseline(value: unknown): { ok: true; ruleSet: RuleSet | null; warnings: string[] } | { ok: false; errors: ProjectFileError[] } {
  if (value === undefined || value === null) return { ok: true, ruleSet: null, warnings: [] };
  if (!isRecord(value)) return { ok: false, errors: [{ path: 'baseline', message: `expected an object with profile and rules, got ${show(value)}` }] };
  const parsed = projectFromUnknown({ ...value, format: PROJECT_FORMAT, version: PROJECT_VERSION, tests: [], baseline: null });
  if (!parsed.ok) return { ok: false, errors: parsed.errors.map((e) => ({ path: `baseline.${e.path}`, message: e.message })) };
  const { extra: _unused, ...ruleSet } = parsed.ruleSet;
  return { ok: true, ruleSet, warnings: parsed.warnings.map((w) => `baseline.${w}`) };
}

/**
 * Parses the text of a project file. Invalid JSON gives one error with its line and column
 * (path `(json) line L, column C`); a valid JSON document goes through `projectFromUnknown`.
 * A leading byte-order mark is ignored.
 *
 * @example parseProjectFile('{"format":"client-access-rule-designer","version":1,"rules":[]}')
 */
export function parseProjectFile(text: string): ProjectParseResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    const at = findJsonSyntaxError(body);
    if (at) return { ok: false, errors: [{ path: `(json) line ${at.line}, column ${at.column}`, message: `not valid JSON: ${at.message}` }] };
    return { ok: false, errors: [{ path: '(json)', message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  return projectFromUnknown(value);
}

/**
 * Objects with their keys sorted, recursively, so unknown values serialise the same way every time.
 * The recursion is bounded: unknown fields are read only up to `MAX_EXTRA_DEPTH` levels
 * (`extraLimitProblem`), and anything deeper that reached a rule set some other way is refused with a
 * clear error instead of a stack overflow (the app's autosave reports it and keeps the work).
 */
function sortKeysDeep(value: unknown, depth = 0): unknown {
  if (depth > MAX_EXTRA_DEPTH + 2) {
    throw new Error(`an unknown field is nested more than ${MAX_EXTRA_DEPTH} levels deep, so the project cannot be written`);
  }
  if (Array.isArray(value)) return value.map((item) => sortKeysDeep(item, depth + 1));
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) setOwn(out, key, sortKeysDeep(value[key], depth + 1));
    return out;
  }
  return value;
}

function appendExtra(target: Record<string, unknown>, extra: Record<string, unknown> | undefined, known: Set<string>): void {
  if (!extra) return;
  for (const key of Object.keys(extra).sort()) {
    if (!known.has(key) && !Object.hasOwn(target, key)) setOwn(target, key, sortKeysDeep(extra[key]));
  }
}

/**
 * Writes a rule set as a project file: stable key order (format, version, profile, rules, tests, then
 * unknown top-level fields sorted by name; in a rule: name, action, enabled, scope, the list fields in
 * spec order, userRecipientFilter, datacenterAdminsOnly when set, notes when any is set (description,
 * owner, ticket, reviewDate), then its unknown fields), every list
 * written even when empty, 2-space indentation, a trailing newline, no ids. The same rule set always
 * gives the same text, so files diff cleanly in version control. `options.baseline`, when given, is
 * written after `tests` as `baseline: { profile, rules }` (the deployed rules the change script starts
 * from) and read back by `parseProjectFile`.
 *
 * @example serializeProjectFile(createRuleSet()) // '{\n  "format": "client-access-rule-designer",\n  "version": 1, …'
 */
export function serializeProjectFile(set: RuleSet, options: { baseline?: RuleSet | null } = {}): string {
  const doc: Record<string, unknown> = {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    profile: set.profile,
    rules: set.rules.map((rule) => {
      const out: Record<string, unknown> = {
        name: rule.name,
        action: rule.action,
        enabled: rule.enabled,
        scope: rule.scope,
      };
      for (const field of LIST_FIELDS) out[field] = [...rule[field]];
      out.userRecipientFilter = rule.userRecipientFilter;
      if (rule.datacenterAdminsOnly) out.datacenterAdminsOnly = true;
      const notes = normalizeNotes(rule.notes);
      if (notes) out.notes = { ...notes };
      appendExtra(out, rule.extra, new Set([...RULE_KEYS, ...IGNORED_RULE_KEYS]));
      return out;
    }),
    tests: set.tests.map((t) => ({
      name: t.name,
      connection: {
        protocol: t.connection.protocol,
        authenticationType: t.connection.authenticationType,
        ipAddress: t.connection.ipAddress,
        port: t.connection.port,
        user: t.connection.user,
        attributes: sortKeysDeep(t.connection.attributes ?? {}),
        connectionType: t.connection.connectionType,
      },
      expected: t.expected,
    })),
  };
  if (set.adminPath) {
    doc.adminPath = {
      protocols: [...set.adminPath.protocols],
      addresses: [...set.adminPath.addresses],
      users: set.adminPath.users.map((u) => ({ user: u.user, attributes: sortKeysDeep(u.attributes) })),
    };
  }
  if (set.activeSync) doc.activeSync = serializeEasConfig(set.activeSync);
  if (options.baseline) {
    // The deployed rules, written with the same rule fields as `rules` (no tests, no format header).
    const { profile, rules } = JSON.parse(serializeProjectFile({ ...options.baseline, tests: [], extra: undefined })) as Record<string, unknown>;
    doc.baseline = { profile, rules };
  }
  appendExtra(doc, set.extra, TOP_KEYS);
  return `${JSON.stringify(doc, null, 2)}\n`;
}
