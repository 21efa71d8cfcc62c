/**
 * `adfs`: the AD FS client access policy (seed 004). Subcommands:
 * `adfs regex RANGE…` (the forwarded-client-ip regex), `adfs generate FILE --scenario N` (the claim
 * rules) and `adfs test RULES --ip … --app …` (decide a request with a trace).
 */
import { CLIENT_APPLICATIONS } from '../../core/adfs/claims.ts';
import { parseClaimRules } from '../../core/adfs/claim-rules.ts';
import { evaluateClaimRules, requestClaims, type AdfsEvaluation } from '../../core/adfs/evaluate.ts';
import { ADFS_SCENARIOS, generateClaimRules, type AdfsScenario } from '../../core/adfs/generate.ts';
import { networksToRegex, splitNetworkText, trustedNetworksOf } from '../../core/adfs/ip-regex.ts';
import { explainPitfalls } from '../../core/adfs/pitfalls.ts';
import { parseAddress } from '../../core/match/ip.ts';
import { parseProjectFile, PROJECT_FORMAT } from '../../core/model/project-file.ts';
import { flagArg, parseCliArgs, stringArg, stringArgs, type OptionSpec } from '../args.ts';
import { EXIT_BAD_INPUT, EXIT_OK, type CliCommand, type CliIo } from '../io.ts';
import { readSourceFile } from '../load.ts';

const USAGE = `Usage: cli adfs <regex|generate|test> …

  cli adfs regex RANGE… [--json]
      Prints the regular expression for Value =~ "…" on the x-ms-forwarded-client-ip claim that matches
      exactly the given IPv4 addresses, a-b ranges and CIDR blocks (whole addresses only, anywhere in
      the comma-separated claim). --json prints {"regex": "…"}.

  cli adfs generate FILE --scenario 1..4 [--group SID]... [--json]
      Prints the issuance authorization rules for one of the article's scenarios:
        ${ADFS_SCENARIOS.map((s) => `${s.id}  ${s.title}`).join('\n        ')}
      FILE lists the corporate networks (one or more per line; # comments), or is a project file:
      then the networks are the addresses its Client Access Rules let in. --group (repeatable) gives
      the SIDs allowed from outside in scenario 4. The rules go to stdout, the pitfall notes to stderr;
      --json prints {"rules", "regex", "notes"}.

  cli adfs test RULES --ip ADDR[,ADDR…] [--app A] [--user-agent UA] [--proxy HOST] [--path P]
                      [--group SID]... [--json]
      Reads the claim rules in RULES and decides one request: --ip the x-ms-forwarded-client-ip
      addresses (repeatable or comma-separated), --app the x-ms-client-application
      (${CLIENT_APPLICATIONS.join(', ')}), --proxy the federation server proxy (omit for a request from
      inside), --path the endpoint (/adfs/ls/ for a browser), --group a group SID of the user.
      Prints the decision and a trace; pitfalls found in the rules go to stderr.
      --json prints {"decision": "permit"|"deny", "trace": […]}.

Exit codes: 0 done, 2 bad input (the message says where and why).
`;

function fail(io: CliIo, errors: string[]): number {
  io.stderr(`${errors.map((e) => `adfs: ${e}`).join('\n')}\n\nRun 'cli adfs --help' for usage.\n`);
  return EXIT_BAD_INPUT;
}

function parse(argv: string[], options: OptionSpec, io: CliIo) {
  const args = parseCliArgs(argv, { ...options, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (!args.ok) {
    fail(io, [args.message]);
    return null;
  }
  return args;
}

async function regexCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parse(argv, {}, io);
  if (!args) return EXIT_BAD_INPUT;
  if (flagArg(args.values, 'help')) return (io.stdout(USAGE), EXIT_OK);
  const values = args.positionals.flatMap((p) => splitNetworkText(p));
  if (values.length === 0) return fail(io, ['regex: give at least one IPv4 address, range or CIDR block, e.g. adfs regex 192.168.1.1-192.168.1.25']);
  const r = networksToRegex(values);
  if (!r.ok) return fail(io, r.errors.map((e) => `regex: '${e.text}': ${e.message}`));
  io.stdout(flagArg(args.values, 'json') ? `${JSON.stringify({ regex: r.regex })}\n` : `${r.regex}\n`);
  return EXIT_OK;
}

async function generateCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parse(argv, { scenario: { type: 'string' }, group: { type: 'string', multiple: true } }, io);
  if (!args) return EXIT_BAD_INPUT;
  if (flagArg(args.values, 'help')) return (io.stdout(USAGE), EXIT_OK);
  const errors: string[] = [];
  const [file, ...rest] = args.positionals;
  if (!file) errors.push('generate: FILE (the corporate networks) is required');
  if (rest.length > 0) errors.push(`generate: unexpected argument '${rest[0]}'`);
  const scenarioText = stringArg(args.values, 'scenario');
  const scenario = ADFS_SCENARIOS.find((s) => String(s.id) === scenarioText?.trim())?.id;
  if (!scenario) errors.push(`generate: --scenario must be 1, 2, 3 or 4${scenarioText === undefined ? '' : `, got '${scenarioText}'`}`);
  if (errors.length > 0 || !file || !scenario) return fail(io, errors);
  const read = await readSourceFile(file);
  if (!read.ok) return fail(io, [read.error]);
  let networks: string[];
  if (read.text.trimStart().startsWith('{') && read.text.includes(PROJECT_FORMAT)) {
    const project = parseProjectFile(read.text);
    if (!project.ok) return fail(io, project.errors.map((e) => `${file}: ${e.path}: ${e.message}`));
    const trusted = trustedNetworksOf(project.ruleSet);
    networks = trusted.ipv4;
    io.stderr(`${file}: using the ${networks.length} IPv4 network(s) the Client Access Rules let in: ${networks.join(', ') || '(none)'}\n`);
    if (trusted.ipv6.length > 0) io.stderr(`${file}: left out IPv6 (the claim carries IPv4 only): ${trusted.ipv6.join(', ')}\n`);
  } else networks = splitNetworkText(read.text);
  const result = generateClaimRules({ scenario: scenario as AdfsScenario, networks, groupSids: stringArgs(args.values, 'group') });
  if (!result.ok) return fail(io, result.errors.map((e) => `${file}: ${e}`));
  if (flagArg(args.values, 'json')) {
    io.stdout(`${JSON.stringify({ rules: result.rules, regex: result.regex, notes: result.notes }, null, 2)}\n`);
  } else {
    io.stdout(result.rules);
    io.stderr(`Notes:\n${result.notes.map((n) => `- ${n}`).join('\n')}\n`);
  }
  return EXIT_OK;
}

/**
 * The readable decision and trace `adfs test` prints without `--json`.
 *
 * @example formatAdfsEvaluation(evaluation) // 'Decision: DENY: rule 2 "…" issued the deny claim …\n…'
 */
export function formatAdfsEvaluation(e: AdfsEvaluation): string {
  const lines = [`Decision: ${e.decision.toUpperCase()}: ${e.reason}`, '', 'Trace:'];
  if (e.trace.length === 0) lines.push('  (no rules)');
  for (const t of e.trace) {
    const issued = t.issued ? ` → ${t.issued.verb} ${t.issued.type} = "${t.issued.value}"` : '';
    lines.push(`  ${t.index}. "${t.name}" (line ${t.line}): ${t.applied ? `applies${issued}` : 'does not apply'}${t.effect !== 'none' ? ` [${t.effect}]` : ''}`);
    for (const c of t.conditions) lines.push(`       ${c.held ? '+' : '-'} ${c.text}: ${c.detail}`);
    if (t.note) lines.push(`       note: ${t.note}`);
  }
  return `${lines.join('\n')}\n`;
}

async function testCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parse(
    argv,
    {
      ip: { type: 'string', multiple: true },
      app: { type: 'string' },
      'user-agent': { type: 'string' },
      proxy: { type: 'string' },
      path: { type: 'string' },
      group: { type: 'string', multiple: true },
    },
    io,
  );
  if (!args) return EXIT_BAD_INPUT;
  if (flagArg(args.values, 'help')) return (io.stdout(USAGE), EXIT_OK);
  const errors: string[] = [];
  const [file, ...rest] = args.positionals;
  if (!file) errors.push('test: RULES (a file with the claim rules) is required');
  if (rest.length > 0) errors.push(`test: unexpected argument '${rest[0]}'`);
  const ips = stringArgs(args.values, 'ip').flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  for (const ip of ips) {
    const a = parseAddress(ip);
    if (!a || a.family !== 4) errors.push(`test: --ip '${ip}' is not an IPv4 address (the claim carries IPv4 only), e.g. 203.0.113.7`);
  }
  const app = stringArg(args.values, 'app');
  if (app !== undefined && !CLIENT_APPLICATIONS.some((a) => a === app)) {
    const near = CLIENT_APPLICATIONS.find((a) => a.toLowerCase() === app.toLowerCase() || a.toLowerCase().endsWith(`.${app.toLowerCase()}`));
    if (near) errors.push(`test: --app '${app}': Exchange Online sends '${near}' (claim values compare case-sensitively)`);
  }
  if (errors.length > 0 || !file) return fail(io, errors);
  const read = await readSourceFile(file);
  if (!read.ok) return fail(io, [read.error]);
  const parsed = parseClaimRules(read.text);
  const syntax = parsed.findings.filter((f) => f.severity === 'error');
  if (syntax.length > 0) {
    io.stderr(`${syntax.map((f) => `${file}:${f.line}:${f.column}: ${f.message}`).join('\n')}\n`);
    return EXIT_BAD_INPUT;
  }
  for (const f of explainPitfalls(parsed.rules)) io.stderr(`${file}:${f.line}:${f.column}: ${f.severity}: ${f.message}\n`);
  const evaluation = evaluateClaimRules(
    parsed.rules,
    requestClaims({
      forwardedClientIps: ips,
      clientApplication: app,
      userAgent: stringArg(args.values, 'user-agent'),
      proxy: stringArg(args.values, 'proxy'),
      endpointPath: stringArg(args.values, 'path'),
      groupSids: stringArgs(args.values, 'group'),
    }),
  );
  if (flagArg(args.values, 'json')) io.stdout(`${JSON.stringify({ decision: evaluation.decision, trace: evaluation.trace }, null, 2)}\n`);
  else io.stdout(formatAdfsEvaluation(evaluation));
  return EXIT_OK;
}

const SUBCOMMANDS: Record<string, (argv: string[], io: CliIo) => Promise<number>> = {
  regex: regexCommand,
  generate: generateCommand,
  test: testCommand,
};

async function run(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const handler = sub === undefined ? undefined : SUBCOMMANDS[sub.toLowerCase()];
  if (!handler) return fail(io, [sub === undefined ? 'a subcommand is required: regex, generate or test' : `unknown subcommand '${sub}'; use regex, generate or test`]);
  return handler(rest, io);
}

/** The `adfs` command. */
export const adfsCommand: CliCommand = {
  name: 'adfs',
  summary: 'AD FS client access policy: IP regex, the four scenarios\' claim rules, test a request with a trace',
  usage: USAGE,
  run,
};
