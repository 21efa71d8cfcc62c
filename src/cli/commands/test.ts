/**
 * `test`: decides one connection against a rule set, like Test-ClientAccessRule, and explains why.
 */
import { describeField } from '../../core/describe.ts';
import { evaluate } from '../../core/evaluator/evaluate.ts';
import type { ConditionTrace, Decision, EvaluationMode, RuleTrace } from '../../core/evaluator/types.ts';
import { checkConnectionAddress, checkConnectionPort, parseConnection } from '../../core/model/connection.ts';
import { canonicalOPathProperty } from '../../core/opath/parser.ts';
import {
  AUTHENTICATION_TYPES,
  CONNECTION_TYPES,
  OPATH_PROPERTIES,
  PROTOCOLS,
  type Connection,
} from '../../core/model/types.ts';
import { flagArg, matchEnum, parseCliArgs, stringArg, stringArgs, type ArgValues } from '../args.ts';
import { EXIT_BAD_INPUT, EXIT_OK, type CliCommand, type CliIo } from '../io.ts';
import { loadForCommand } from '../load.ts';

const USAGE = `Usage: cli test --rules FILE --protocol P --auth A --ip ADDR --port N --user U
                [--attr Name=Value]... [--connection-type T] [--test-compatible] [--json]

Decides one connection against the rules in FILE and shows which rule decided it and why.
  --rules FILE           project file with the rules
  --protocol P           ${PROTOCOLS.join(', ')}
  --auth A               ${AUTHENTICATION_TYPES.join(', ')}
  --ip ADDR              client IPv4 or IPv6 address
  --port N               client port, 1-65535
  --user U               user as UPN (jeff@contoso.com) or DOMAIN\\user
  --attr Name=Value      a directory attribute for the user filter (repeatable), e.g. Department=IT
  --connection-type T    ${CONNECTION_TYPES.join(', ')} (default EndUser)
  --test-compatible      evaluate disabled rules as if enabled, as Test-ClientAccessRule does
  --json                 print {"action", "matchedRule", "matches", "trace"} as JSON
Exit codes: 0 decided, 2 bad input.
`;

const OPTIONS = {
  rules: { type: 'string' },
  protocol: { type: 'string' },
  auth: { type: 'string' },
  ip: { type: 'string' },
  port: { type: 'string' },
  user: { type: 'string' },
  attr: { type: 'string', multiple: true },
  'connection-type': { type: 'string' },
  'test-compatible': { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Builds the connection from the arguments, collecting every problem (so one run reports them all).
 *
 * @example connectionFromArgs({ protocol: 'pop3', … }) // { ok: true, connection: { protocol: 'POP3', … } }
 */
export function connectionFromArgs(values: ArgValues): { ok: true; connection: Connection } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const required = (name: string): string | undefined => {
    const v = stringArg(values, name);
    if (v === undefined || v.trim() === '') errors.push(`--${name} is required`);
    return v;
  };
  const protocolText = required('protocol');
  const authText = required('auth');
  const ipText = required('ip');
  const portText = required('port');
  const user = required('user');

  const protocol = protocolText === undefined ? null : matchEnum(protocolText, PROTOCOLS);
  if (protocolText !== undefined && protocolText.trim() !== '' && !protocol) {
    errors.push(`--protocol: unknown protocol '${protocolText}'; valid protocols: ${PROTOCOLS.join(', ')}`);
  }
  const auth = authText === undefined ? null : matchEnum(authText, AUTHENTICATION_TYPES);
  if (authText !== undefined && authText.trim() !== '' && !auth) {
    errors.push(`--auth: unknown authentication type '${authText}'; valid types: ${AUTHENTICATION_TYPES.join(', ')}`);
  }
  if (ipText !== undefined && ipText.trim() !== '' && checkConnectionAddress(ipText) !== null) {
    errors.push(`--ip: '${ipText}' is not an IPv4 or IPv6 address (a single address such as 203.0.113.7 or 2001:db8::1)`);
  }
  let port = 0;
  if (portText !== undefined && portText.trim() !== '') {
    port = Number(portText.trim());
    if (checkConnectionPort(portText) !== null) errors.push(`--port: '${portText}' is not a port; use a whole number from 1 to 65535`);
  }
  const typeText = stringArg(values, 'connection-type');
  const connectionType = typeText === undefined ? 'EndUser' : matchEnum(typeText, CONNECTION_TYPES);
  if (!connectionType) {
    errors.push(`--connection-type: unknown connection type '${typeText}'; valid types: ${CONNECTION_TYPES.join(', ')}`);
  }
  const attributes: Record<string, string> = {};
  for (const pair of stringArgs(values, 'attr')) {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    const property = canonicalOPathProperty(name.trim());
    if (eq < 0) errors.push(`--attr: '${pair}' has no '='; write Name=Value, e.g. Department=IT`);
    else if (!property) errors.push(`--attr: unknown attribute '${name}'; valid attributes: ${OPATH_PROPERTIES.join(', ')}`);
    else attributes[property] = pair.slice(eq + 1);
  }
  if (errors.length > 0 || !protocol || !auth || !connectionType || user === undefined || ipText === undefined) {
    return { ok: false, errors };
  }
  // The one connection schema of core has the last word (the checks above only phrase the errors per option).
  const checked = parseConnection({ protocol, authenticationType: auth, ipAddress: ipText.trim(), port, user: user.trim(), attributes, connectionType });
  if (!checked.ok) return { ok: false, errors: checked.errors.map((e) => `${e.path}: ${e.message}`) };
  return { ok: true, connection: checked.connection };
}

/**
 * The exact JSON shape of `test --json`: `{ action, matchedRule, matches, trace }`, matches as
 * `{ name, action, priority, enabled }` rows.
 *
 * @example decisionJson(evaluate(set, c)).matchedRule // 'Block OWA' or null
 */
export function decisionJson(decision: Decision): {
  action: Decision['action'];
  matchedRule: string | null;
  matches: { name: string; action: Decision['action']; priority: number; enabled: boolean }[];
  trace: RuleTrace[];
} {
  return {
    action: decision.action,
    matchedRule: decision.matchedRule,
    matches: decision.matches.map((m) => ({ name: m.name, action: m.action, priority: m.priority, enabled: m.enabled })),
    trace: decision.trace,
  };
}

const OUTCOME_TEXT: Record<RuleTrace['outcome'], string> = {
  decided: 'DECIDED',
  'matched-disabled': 'would match, but the rule is disabled (skipped)',
  excepted: 'conditions matched, but an exception let the connection through: evaluation continues',
  'no-match': 'no match',
  'out-of-scope': 'not applied: Scope Users ignores middle-tier applications',
  'not-reached': 'not reached',
};

function conditionLine(c: ConditionTrace): string {
  const label = describeField(c.field);
  const status = c.status === 'matched' ? 'matched' : 'did not match';
  const value = c.matchedValue !== undefined ? ` (${c.matchedValue})` : '';
  const detail = c.detail ? `; ${c.detail}` : '';
  return `       ${c.status === 'matched' ? '+' : '-'} ${label}: ${status}${value}${detail}`;
}

/**
 * The readable decision and trace `test` prints without `--json`.
 *
 * @example formatDecision(decision, 'live') // 'Decision: DenyAccess by rule "Block OWA" (priority 2)\n…'
 */
export function formatDecision(decision: Decision, mode: EvaluationMode): string {
  const lines: string[] = [];
  if (decision.reason === 'microsoft-middle-tier-bypass') {
    lines.push('Decision: AllowAccess: Microsoft-owned middle-tier applications bypass Client Access Rules entirely.');
  } else if (decision.reason === 'no-matching-rule') {
    lines.push('Decision: AllowAccess: no rule matches, so the connection is allowed.');
  } else {
    const row = decision.matches[0];
    lines.push(`Decision: ${decision.action} by rule "${decision.matchedRule}"${row ? ` (priority ${row.priority})` : ''}`);
  }
  if (mode === 'test-compatible') lines.push('Mode: Test-ClientAccessRule compatible (disabled rules evaluated as if enabled)');
  lines.push('');
  lines.push(decision.matches.length > 0 ? 'Matching rules (as Test-ClientAccessRule lists them):' : 'Matching rules: none');
  for (const m of decision.matches) {
    lines.push(`  ${String(m.priority).padStart(3)}  ${m.action.padEnd(11)}  ${m.name}${m.enabled ? '' : '  [disabled]'}`);
  }
  if (mode === 'live' && decision.disabledMatches.length > 0) {
    lines.push('');
    lines.push('Disabled rules that would match if enabled:');
    for (const m of decision.disabledMatches) lines.push(`  ${String(m.priority).padStart(3)}  ${m.action.padEnd(11)}  ${m.name}`);
  }
  lines.push('');
  lines.push('Trace:');
  if (decision.trace.length === 0) lines.push('  (the rule set has no rules)');
  for (const t of decision.trace) {
    lines.push(`  ${String(t.priority).padStart(3)}. "${t.name}" ${t.action}${t.enabled ? '' : ' [disabled]'}: ${OUTCOME_TEXT[t.outcome]}`);
    if (t.outcome === 'not-reached') continue;
    for (const c of t.conditions) if (c.status !== 'not-used') lines.push(conditionLine(c));
  }
  return `${lines.join('\n')}\n`;
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parseCliArgs(argv, OPTIONS);
  if (!args.ok) {
    io.stderr(`test: ${args.message}\n\n${USAGE}`);
    return EXIT_BAD_INPUT;
  }
  if (flagArg(args.values, 'help')) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const errors: string[] = [];
  if (args.positionals.length > 0) errors.push(`unexpected argument '${args.positionals[0]}'`);
  const rulesPath = stringArg(args.values, 'rules');
  if (!rulesPath) errors.push('--rules is required');
  const built = connectionFromArgs(args.values);
  if (!built.ok) errors.push(...built.errors);
  if (errors.length > 0 || !built.ok || !rulesPath) {
    io.stderr(`${errors.map((e) => `test: ${e}`).join('\n')}\n\nRun 'cli test --help' for usage.\n`);
    return EXIT_BAD_INPUT;
  }
  const ruleSet = await loadForCommand(rulesPath, io, { showFindings: true });
  if (!ruleSet) return EXIT_BAD_INPUT;
  const mode: EvaluationMode = flagArg(args.values, 'test-compatible') ? 'test-compatible' : 'live';
  if (mode === 'test-compatible' && built.connection.protocol === 'UniversalOutlook') {
    io.stderr('test: note: the real Test-ClientAccessRule cannot test UniversalOutlook (its -Protocol list lacks it); this is the simulator\'s answer.\n');
  }
  const decision = evaluate(ruleSet, built.connection, { mode });
  if (flagArg(args.values, 'json')) io.stdout(`${JSON.stringify(decisionJson(decision), null, 2)}\n`);
  else io.stdout(formatDecision(decision, mode));
  return EXIT_OK;
}

/** The `test` command. */
export const testCommand: CliCommand = {
  name: 'test',
  summary: 'decide one connection against a rule set, with a trace (like Test-ClientAccessRule)',
  usage: USAGE,
  run,
};
