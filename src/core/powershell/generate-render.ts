/**
 * Rendering of generated commands (spec 8): a planned `New-`/`Set-`/`Remove-ClientAccessRule` or a
 * connection's `Test-ClientAccessRule` as PowerShell text. Every value goes through `quote.ts`;
 * parameters come from the table of rule fields (`model/rule-fields.ts`), in its order, written by
 * their kind. Planning is `generate-plan.ts`, the header `generate-header.ts`.
 *
 * Shapes (all read back unambiguously by the parser):
 * - parameters by their full canonical names, never positional, never abbreviated;
 * - bare words for enum names, IP values when provably safe; single-quoted literals or
 *   `('…' + [char]0xHHHH + '…')` for text; lists as `a,'b'` (no spaces); list edits as
 *   `@{Add='a','b'; Remove='c'}` (every value quoted: expression mode); `$null` to clear;
 *   `-Enabled $true|$false`; `-Confirm:$false` on every Remove;
 * - a command that fits in `options.width ?? 100` characters is one line; a longer one keeps its first
 *   parameter on the cmdlet's line and puts every further parameter on its own line, indented by four
 *   spaces, each line but the last ending in ` \`` (space, backtick);
 * - comments are whole `#` lines; user text in a comment is always written through `quoteLiteral`,
 *   which never emits a line break.
 */
import { RULE_FIELD_LIST, isExchangeDefault, isListKind, type RuleFieldKind, type RuleFieldSpec } from '../model/rule-fields.ts';
import { PROTOCOLS, type Connection, type ListField, type Rule } from '../model/types.ts';
import type { ListEdit, PlannedCommand, RuleChanges, ScalarChangeField } from './generate-plan.ts';
import { noteCommentLines } from './note-comments.ts';
import { formatList, formatValue, quoteLiteral } from './quote.ts';
import type { NonAsciiMode } from './quote.ts';

export interface GenerateOptions {
  /** Longest single-line command; longer commands get one parameter per line. Default 100. */
  width?: number;
  /** When given, the header states the generation time (ISO 8601, UTC). */
  now?: Date;
  /** How non-ASCII characters are written (see `quote.ts`). Default `'escape'`: pure ASCII output. */
  nonAscii?: NonAsciiMode;
}

const DEFAULT_WIDTH = 100;

/**
 * The line width in use: `options.width` when it is a finite number, else 100.
 *
 * @example resolveWidth({}) // 100
 */
export function resolveWidth(options: GenerateOptions): number {
  const width = options.width;
  return typeof width === 'number' && Number.isFinite(width) ? width : DEFAULT_WIDTH;
}

/**
 * `cmdlet` and its parameters on one line, or, when longer than `width`, the first parameter on the
 * cmdlet's line and each further one on its own line after a backtick continuation.
 *
 * @example renderCommand('Remove-ClientAccessRule', ["-Identity 'A'", '-Confirm:$false'], 100)
 * // "Remove-ClientAccessRule -Identity 'A' -Confirm:$false"
 */
export function renderCommand(cmdlet: string, params: readonly string[], width: number): string {
  const oneLine = [cmdlet, ...params].join(' ');
  if (oneLine.length <= width || params.length <= 1) return oneLine;
  const [first, ...others] = params;
  return [`${cmdlet} ${first as string}`, ...others.map((p) => `    ${p}`)].join(' `\n');
}

/** A field's whole value as a parameter argument, by the field's kind. */
function renderValue(kind: RuleFieldKind, value: unknown, options: GenerateOptions): string {
  switch (kind) {
    case 'name':
      return quoteLiteral(value as string, options);
    case 'filter':
      return value === '' ? '$null' : quoteLiteral(value as string, options);
    case 'action':
    case 'scope':
      return formatValue(value as string, options);
    case 'bool':
      return value ? '$true' : '$false';
    case 'protocols':
    case 'auth-types':
    case 'ips':
    case 'patterns':
      return formatList(value as string[], options);
    default: {
      const unknownKind: never = kind;
      throw new Error(`No rendering for the field kind ${String(unknownKind)}.`);
    }
  }
}

/** `-Parameter value` for a field. */
function renderParameter(spec: RuleFieldSpec, value: unknown, options: GenerateOptions): string {
  return `-${spec.parameter} ${renderValue(spec.kind, value, options)}`;
}

/** New-ClientAccessRule's parameters: every writable field not at Exchange's default, in table order, then `-Priority`. */
function newParams(rule: Rule, priority: number, options: GenerateOptions): string[] {
  const params: string[] = [];
  for (const spec of RULE_FIELD_LIST) {
    const value = rule[spec.field];
    if (spec.writable && !isExchangeDefault(spec, value)) params.push(renderParameter(spec, value, options));
  }
  params.push(`-Priority ${priority}`);
  return params;
}

function renderListEdit(edit: ListEdit, options: GenerateOptions): string {
  if (edit.kind === 'clear') return '$null';
  const parts: string[] = [];
  if (edit.add.length > 0) parts.push(`Add=${edit.add.map((v) => quoteLiteral(v, options)).join(',')}`);
  if (edit.remove.length > 0) parts.push(`Remove=${edit.remove.map((v) => quoteLiteral(v, options)).join(',')}`);
  return `@{${parts.join('; ')}}`;
}

/** Set-ClientAccessRule's parameters: `-Identity`, each changed field in table order, then `-Priority` when moved. */
function setParams(identity: string, changes: RuleChanges, priority: number | undefined, options: GenerateOptions): string[] {
  const params = [`-Identity ${quoteLiteral(identity, options)}`];
  for (const spec of RULE_FIELD_LIST) {
    if (!spec.writable || spec.field === 'name') continue;
    if (isListKind(spec.kind)) {
      const edit = changes.lists[spec.field as ListField];
      if (edit) params.push(`-${spec.parameter} ${renderListEdit(edit, options)}`);
      continue;
    }
    const value = changes[spec.field as ScalarChangeField];
    if (value !== undefined) params.push(renderParameter(spec, value, options));
  }
  if (priority !== undefined) params.push(`-Priority ${priority}`);
  return params;
}

const GUARD_NOTE =
  '# Lets Remote PowerShell through: in place before any command that could deny it, so admins keep access while the script runs.';

/**
 * The text blocks of a plan, one per command, each with its comment lines (guard note, rule notes,
 * a priority that changes as later commands run, a rename).
 *
 * @example renderPlan(planChanges(deployed, draft), {}) // ["Remove-ClientAccessRule -Identity 'Old' -Confirm:$false", …]
 */
export function renderPlan(commands: readonly PlannedCommand[], options: GenerateOptions): string[] {
  const width = resolveWidth(options);
  const blocks: string[] = [];
  for (const command of commands) {
    const lines: string[] = [];
    if (command.cmdlet === 'Remove-ClientAccessRule') {
      if (command.reason === 'renamed') {
        lines.push('# Renamed (Set-ClientAccessRule does not rename): removed here and created again below.');
      }
      lines.push(renderCommand(command.cmdlet, [`-Identity ${quoteLiteral(command.identity, options)}`, '-Confirm:$false'], width));
      blocks.push(lines.join('\n'));
      continue;
    }
    if (command.guard) lines.push(GUARD_NOTE);
    if (command.cmdlet === 'New-ClientAccessRule') lines.push(...noteCommentLines(command.rule.notes, options));
    if (command.priority !== undefined && command.priority !== command.finalPriority) {
      lines.push(`# Priority ${command.priority} now; it becomes ${command.finalPriority} once the commands below have run.`);
    }
    const params =
      command.cmdlet === 'New-ClientAccessRule'
        ? newParams(command.rule, command.priority, options)
        : setParams(command.identity, command.changes, command.priority, options);
    lines.push(renderCommand(command.cmdlet, params, width));
    blocks.push(lines.join('\n'));
  }
  return blocks;
}

/** Test-ClientAccessRule's -Protocol list: every protocol but UniversalOutlook (spec 3). */
const TEST_PROTOCOLS = new Set<string>(PROTOCOLS.filter((p) => p !== 'UniversalOutlook'));

/**
 * A connection's `Test-ClientAccessRule` command and the comment lines that say what the cmdlet cannot
 * express (see `generateTestCommand`). A command that cannot run is written commented out.
 *
 * @example renderTestCommand(connection, {}).command // 'Test-ClientAccessRule -AuthenticationType … -User …'
 */
export function renderTestCommand(connection: Connection, options: GenerateOptions): { notes: string[]; command: string; runnable: boolean } {
  const notes: string[] = [];
  let runnable = true;
  if (!TEST_PROTOCOLS.has(connection.protocol)) {
    runnable = false;
    notes.push(`# Not runnable: Test-ClientAccessRule's -Protocol does not accept ${formatValue(String(connection.protocol), options)}.`);
  }
  const port = connection.port;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    runnable = false;
    notes.push(`# Not runnable: -RemotePort must be a whole number from 1 to 65535 (got ${String(port)}).`);
  }
  if (connection.connectionType === 'MiddleTierApp') {
    notes.push(
      '# Through a middle-tier application: the cmdlet cannot say so and tests an end-user connection,',
      '# so rules with -Scope Users (which skip middle-tier connections) may be listed although they do not apply.',
    );
  } else if (connection.connectionType === 'MicrosoftMiddleTierApp') {
    notes.push(
      '# Through a Microsoft-owned middle-tier application (e.g. Outlook for iOS and Android): such connections',
      '# bypass Client Access Rules and are always allowed; the cmdlet cannot say so and tests an end-user connection.',
    );
  }
  const attributes = Object.entries(connection.attributes);
  if (attributes.length > 0) {
    notes.push(
      "# The cmdlet reads the user's attributes from the directory, not from parameters; this test assumes:",
      ...attributes.map(([name, value]) => `#   ${formatValue(name, options)} = ${quoteLiteral(value, options)}`),
    );
  }
  const portText = Number.isInteger(port) ? String(port) : quoteLiteral(String(port), options);
  const command = [
    'Test-ClientAccessRule',
    `-AuthenticationType ${formatValue(String(connection.authenticationType), options)}`,
    `-Protocol ${formatValue(String(connection.protocol), options)}`,
    `-RemoteAddress ${formatValue(connection.ipAddress, options)}`,
    `-RemotePort ${portText}`,
    `-User ${formatValue(connection.user, options)}`,
  ].join(' ');
  return { notes, command: runnable ? command : `# ${command}`, runnable };
}
