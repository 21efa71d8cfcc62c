/**
 * Whole-policy analysis benchmark (issue 7): `analyzePolicy` on the evaluator's realistic 20-rule set
 * (IP lists of 50+ entries of both families, username patterns, filters, exceptions, a disabled rule)
 * and on a realistic 200-rule set (ten sites, each with its own networks, admin and service-account
 * prefixes, plus organisation-wide rules). Reports the median time and the region count; single
 * thread. Targets: 20 rules under 100 ms, 200 rules under 2 s.
 */
import { availableParallelism, loadavg } from 'node:os';
import { median, seededRandom } from './support.ts';
import { benchRuleSet } from './evaluator.bench.ts';
import { createRule } from '../src/core/model/rule-set.ts';
import type { Protocol, Rule, RuleSet } from '../src/core/model/types.ts';
import { analyzePolicy } from '../src/core/analysis/engine.ts';

const rnd = seededRandom(7_2026);

function ipList(count: number): string[] {
  return Array.from({ length: count }, () => {
    const k = rnd.int(4);
    if (k === 0) return `2001:db8:${rnd.int(0x10000).toString(16)}::/48`;
    if (k === 1) return `${1 + rnd.int(223)}.${rnd.int(256)}.${rnd.int(256)}.0/24`;
    const base = `${1 + rnd.int(223)}.${rnd.int(256)}.${rnd.int(256)}`;
    const s = rnd.int(200);
    return `${base}.${s}-${base}.${s + rnd.int(55)}`;
  });
}

/** Twenty rules per site, the way a multi-site organisation writes them. */
function siteRules(site: number): Partial<Rule>[] {
  const office = [`10.${site}.0.0/16`, ...ipList(12)];
  const admin = [`10.${site}.10.0/24`, ...ipList(4)];
  const partner = ipList(15);
  const blocked = ipList(20);
  const protocols: Protocol[] = ['OutlookWebApp', 'ExchangeActiveSync', 'ExchangeWebServices', 'IMAP4', 'POP3', 'REST', 'OutlookAnywhere'];
  const prefix = `site${site}.contoso.com\\`;
  return [
    { name: `S${site} admins RPS`, anyOfProtocols: ['RemotePowerShell'], anyOfClientIPAddressesOrRanges: admin, usernameMatchesAnyOfPatterns: [`${prefix}adm-*`] },
    { name: `S${site} admins EAC`, anyOfProtocols: ['ExchangeAdminCenter'], anyOfClientIPAddressesOrRanges: admin },
    { name: `S${site} block RPS`, action: 'DenyAccess', anyOfProtocols: ['RemotePowerShell'], usernameMatchesAnyOfPatterns: [`${prefix}*`] },
    { name: `S${site} block EAC outside`, action: 'DenyAccess', anyOfProtocols: ['ExchangeAdminCenter'], usernameMatchesAnyOfPatterns: [`${prefix}*`], exceptAnyOfClientIPAddressesOrRanges: office },
    { name: `S${site} partners OWA`, anyOfProtocols: ['OutlookWebApp'], anyOfClientIPAddressesOrRanges: partner, usernameMatchesAnyOfPatterns: [`${prefix}ext-*`] },
    { name: `S${site} blocked networks`, action: 'DenyAccess', anyOfClientIPAddressesOrRanges: blocked },
    { name: `S${site} legacy basic`, action: 'DenyAccess', anyOfProtocols: ['POP3', 'IMAP4'], anyOfAuthenticationTypes: ['BasicAuthentication'], exceptAnyOfClientIPAddressesOrRanges: office },
    { name: `S${site} service accounts IMAP`, anyOfProtocols: ['IMAP4'], usernameMatchesAnyOfPatterns: [`${prefix}svc-*`], anyOfClientIPAddressesOrRanges: office },
    { name: `S${site} contractors EWS`, action: 'DenyAccess', anyOfProtocols: ['ExchangeWebServices'], userRecipientFilter: `Department -eq 'Contractors' -and Office -eq 'Site ${site}'` },
    { name: `S${site} interns OAB`, action: 'DenyAccess', anyOfProtocols: ['OfflineAddressBook'], userRecipientFilter: "CustomAttribute1 -eq 'Intern'" },
    { name: `S${site} REST office only`, action: 'DenyAccess', anyOfProtocols: ['REST'], usernameMatchesAnyOfPatterns: [`${prefix}*`], exceptAnyOfClientIPAddressesOrRanges: office },
    { name: `S${site} ${protocols[site % protocols.length]} office`, anyOfProtocols: [protocols[site % protocols.length]!], anyOfClientIPAddressesOrRanges: office },
    { name: `S${site} users scope`, action: 'DenyAccess', scope: 'Users', anyOfProtocols: ['PowerShellWebServices'], usernameMatchesAnyOfPatterns: [`${prefix}*`] },
    { name: `S${site} EAS basic`, action: 'DenyAccess', anyOfProtocols: ['ExchangeActiveSync'], anyOfAuthenticationTypes: ['BasicAuthentication'], exceptUsernameMatchesAnyOfPatterns: [`${prefix}svc-*`] },
    { name: `S${site} old rule`, action: 'DenyAccess', enabled: site % 2 === 0, anyOfProtocols: ['OutlookWebApp'], anyOfClientIPAddressesOrRanges: ipList(5) },
    { name: `S${site} OA basic`, action: 'DenyAccess', anyOfProtocols: ['OutlookAnywhere'], anyOfAuthenticationTypes: ['BasicAuthentication'], usernameMatchesAnyOfPatterns: [`${prefix}*`] },
    { name: `S${site} finance mobile`, action: 'DenyAccess', anyOfProtocols: ['UniversalOutlook'], userRecipientFilter: `Department -eq 'Finance' -and Office -ne 'Site ${site}'` },
    { name: `S${site} partner block POP`, action: 'DenyAccess', anyOfProtocols: ['POP3'], anyOfClientIPAddressesOrRanges: partner },
    { name: `S${site} executives OWA`, anyOfProtocols: ['OutlookWebApp'], usernameMatchesAnyOfPatterns: [`${prefix}exec-*`] },
    { name: `S${site} modern auth outside`, action: 'DenyAccess', usernameMatchesAnyOfPatterns: [`${prefix}*`], exceptAnyOfAuthenticationTypes: ['OAuthAuthentication'], exceptAnyOfClientIPAddressesOrRanges: office },
  ];
}

/** The realistic 200-rule set of this benchmark. */
export function bench200RuleSet(): RuleSet {
  const rules = Array.from({ length: 10 }, (_, site) => siteRules(site)).flat();
  return { profile: 'ExchangeOnline', rules: rules.map((r) => createRule(r)), tests: [] };
}

function measure(label: string, set: RuleSet, runs: number, target: number): void {
  const times: number[] = [];
  const cpu: number[] = [];
  let regions = 0;
  let fine = 0;
  let complete = true;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const a = analyzePolicy(set);
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    regions = a.regions.length;
    fine = a.fineRegions;
    complete = a.complete;
  }
  const m = median(times);
  console.log(
    `  ${label}: ${set.rules.length} rules → ${regions.toLocaleString('en-US')} regions (${fine.toLocaleString('en-US')} finer ones walked)${complete ? '' : ' (incomplete)'}, median ${m.toFixed(1)} ms over ${runs} runs (fastest ${Math.min(...times).toFixed(1)} ms; process CPU median ${median(cpu).toFixed(1)} ms) (target < ${target} ms${m < target ? ', met' : ', NOT met'})`,
  );
}

export function runAnalysisBench(): void {
  console.log(`Whole-policy analysis (analyzePolicy), single thread (node ${process.version})`);
  measure('realistic 20 rules', benchRuleSet(), 9, 100);
  measure('realistic 200 rules', bench200RuleSet(), 3, 2000);
  console.log(`  load average during the run: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);
}
