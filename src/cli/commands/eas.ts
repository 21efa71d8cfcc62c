/**
 * `eas test`: decides one ActiveSync device against device access rules, the organization default
 * and the user's personal lists, read from a PowerShell script (or a project file's activeSync
 * section), and names the step that decided (seed 001).
 */
import { decideDevice, type EasDecision } from '../../core/eas/decide.ts';
import { createEasConfig, type EasConfig } from '../../core/eas/model.ts';
import { readEasScript } from '../../core/eas/script.ts';
import { parseProjectFile, PROJECT_FORMAT } from '../../core/model/project-file.ts';
import { flagArg, parseCliArgs, stringArg } from '../args.ts';
import { EXIT_BAD_INPUT, EXIT_OK, type CliCommand, type CliIo } from '../io.ts';
import { readSourceFile } from '../load.ts';

const USAGE = `Usage: cli eas test --rules SCRIPT.ps1 --user U --device-id ID --device-type T --device-model M
                    --device-os O --user-agent A [--xmswl-header H] [--policy-not-met] [--json]

Decides an Exchange ActiveSync device the way Exchange does, in this order: ActiveSync enabled for the
user; mobile device policy met; the user's blocked device IDs; allowed device IDs; a Block rule; a
Quarantine rule; an Allow rule; the organization default.
  --rules FILE         PowerShell with New-/Set-/Remove-ActiveSyncDeviceAccessRule,
                       Set-ActiveSyncOrganizationSettings -DefaultAccessLevel and Set-CASMailbox
                       (-ActiveSyncEnabled, -ActiveSyncAllowedDeviceIDs, -ActiveSyncBlockedDeviceIDs);
                       or a project file with an activeSync section
  --user U             the mailbox (as written in Set-CASMailbox -Identity)
  --device-id ID, --device-type T, --device-model M, --device-os O, --user-agent A
                       what the device reports (Get-MobileDevice shows them)
  --xmswl-header H     the X-MS-WL header, if any
  --policy-not-met     the device cannot apply the mobile device mailbox policy
  --json               print {"accessState", "step", "rule"}
Exit codes: 0 decided, 2 bad input (the message says where and why).
`;

const OPTIONS = {
  rules: { type: 'string' },
  user: { type: 'string' },
  'device-id': { type: 'string' },
  'device-type': { type: 'string' },
  'device-model': { type: 'string' },
  'device-os': { type: 'string' },
  'user-agent': { type: 'string' },
  'xmswl-header': { type: 'string' },
  'policy-not-met': { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function fail(io: CliIo, errors: string[]): number {
  io.stderr(`${errors.map((e) => `eas: ${e}`).join('\n')}\n\nRun 'cli eas --help' for usage.\n`);
  return EXIT_BAD_INPUT;
}

/**
 * The readable decision `eas test` prints without `--json`.
 *
 * @example formatEasDecision(d) // 'Access state: Blocked\nDecided by: A Block rule matches ("Android (DeviceType)")\n…'
 */
export function formatEasDecision(d: EasDecision): string {
  const lines = [`Access state: ${d.accessState}`, `Decided by: ${d.step}${d.rule ? ` ("${d.rule}")` : ''}`, '', 'Steps:'];
  d.trace.forEach((t, i) => {
    const mark = t.outcome === 'decided' ? '=>' : t.outcome === 'passed' ? ' -' : '  ';
    lines.push(`  ${mark} ${i + 1}. ${t.label}${t.outcome === 'not-reached' ? ' (not reached)' : `: ${t.detail}`}`);
  });
  if (d.matchingRules.length > 0) lines.push('', `Rules that match the device: ${d.matchingRules.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

async function loadConfig(path: string, io: CliIo): Promise<EasConfig | null> {
  const read = await readSourceFile(path);
  if (!read.ok) {
    fail(io, [read.error]);
    return null;
  }
  if (read.text.trimStart().startsWith('{') && read.text.includes(PROJECT_FORMAT)) {
    const project = parseProjectFile(read.text);
    if (!project.ok) {
      fail(io, project.errors.map((e) => `${path}: ${e.path}: ${e.message}`));
      return null;
    }
    return project.ruleSet.activeSync ?? createEasConfig();
  }
  const r = readEasScript(read.text);
  const errors = r.findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) {
    io.stderr(`${errors.map((f) => `${path}:${f.line}:${f.column}: ${f.message}`).join('\n')}\n`);
    return null;
  }
  for (const f of r.findings) if (f.severity === 'warning') io.stderr(`${path}:${f.line}:${f.column}: warning: ${f.message}\n`);
  return r.config;
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (sub?.toLowerCase() !== 'test') return fail(io, [sub === undefined ? 'a subcommand is required: test' : `unknown subcommand '${sub}'; use test`]);
  const args = parseCliArgs(rest, OPTIONS);
  if (!args.ok) return fail(io, [args.message]);
  if (flagArg(args.values, 'help')) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const errors: string[] = [];
  if (args.positionals.length > 0) errors.push(`unexpected argument '${args.positionals[0]}'`);
  const rules = stringArg(args.values, 'rules');
  if (!rules) errors.push('--rules is required');
  const user = stringArg(args.values, 'user');
  if (!user || user.trim() === '') errors.push('--user is required');
  const field = (name: string) => stringArg(args.values, name) ?? '';
  if (!['device-id', 'device-type', 'device-model', 'device-os', 'user-agent'].some((n) => field(n) !== '')) {
    errors.push('describe the device: at least one of --device-id, --device-type, --device-model, --device-os, --user-agent');
  }
  if (errors.length > 0 || !rules || !user) return fail(io, errors);
  const config = await loadConfig(rules, io);
  if (!config) return EXIT_BAD_INPUT;
  const decision = decideDevice(config, {
    user: user.trim(),
    deviceId: field('device-id'),
    deviceType: field('device-type'),
    deviceModel: field('device-model'),
    deviceOS: field('device-os'),
    userAgent: field('user-agent'),
    xmsWlHeader: field('xmswl-header'),
    meetsPolicy: !flagArg(args.values, 'policy-not-met'),
  });
  if (flagArg(args.values, 'json')) {
    io.stdout(`${JSON.stringify({ accessState: decision.accessState, step: decision.step, rule: decision.rule }, null, 2)}\n`);
  } else io.stdout(formatEasDecision(decision));
  return EXIT_OK;
}

/** The `eas` command. */
export const easCommand: CliCommand = {
  name: 'eas',
  summary: 'ActiveSync device access: decide a device (the eight documented steps) with the deciding step',
  usage: USAGE,
  run,
};
