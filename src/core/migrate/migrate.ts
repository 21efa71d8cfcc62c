/**
 * Migration of a Client Access Rule set to Entra Conditional Access and Exchange protocol switches
 * (Exchange Online retired Client Access Rules in September 2025; Microsoft's guidance, Exchange Team
 * blog, December 2024, sorts rules into users only, IP only, protocol only and protocol + IP).
 *
 * What each rule becomes:
 * - a **deny** rule whose conditions use only users and/or client IPs becomes a Conditional Access
 *   policy on the Exchange Online app with `grantControls.block`: users through dynamic groups (a
 *   username pattern `domain\user*` becomes a UPN regular expression; a UserRecipientFilter becomes a
 *   membership rule), IPs through `ipNamedLocation`s (exact minimal CIDR sets);
 * - a **deny** rule on protocols only becomes `Set-CASMailbox`/`Set-CASMailboxPlan`/`Set-User` switches;
 * - an **allow** rule decides nothing by itself (both targets allow by default); above a deny rule it
 *   becomes an exclusion of that policy (Conditional Access has no order: every policy that applies
 *   must be satisfied), when an exclusion can express it;
 * - protocol + IP, users + protocol, and anything else: not translatable, with the reason.
 *
 * Decisions:
 * - Policies reference named locations and groups by parameters `{{namedLocation:<displayName>}}`
 *   and `{{group:<displayName>}}`, documented in the README and filled in by `deploy-graph.ps1`
 *   (see `graph-files.ts`): Graph assigns ids on POST, so the locations and groups are created first.
 * - Policies are created in report-only state (`enabledForReportingButNotEnforced`) unless asked.
 * - The comparison is exact, over every end-user connection with a valid address: the analysis
 *   engine (`analysis/engine.ts`, as `diffPolicies` uses it) cuts one space for the set's live rules
 *   and the translated side together (each policy as a rule of the users and addresses it keeps, each
 *   protocol switch as a rule of its protocols, each exclusion as the allow rule it comes from), so
 *   every region is constant for all of them; a region's translated decision is "blocked when some
 *   policy or switch matches and none of its exclusions does". Which allow rules above a deny rule
 *   can let its connections through is decided on the same regions. Middle-tier connections are left
 *   out (Client Access Rules see them differently by scope; the verdicts say so). When the engine
 *   cannot tell every kind of user apart within its budget, a note says the comparison may miss
 *   differences.
 * - Conditional Access governs sign-ins for every client type, including middle-tier applications
 *   and Microsoft's own (which bypass Client Access Rules), and cannot filter by authentication
 *   type; a rule relying on `Scope Users` or on authentication types is approximate.
 */
import { compileRuleSet, type CompiledRule } from '../evaluator/evaluate.ts';
import { examplePoint } from '../analysis/address-axis.ts';
import { buildSpace, cellConnection, sweepAddresses, type Cell, type Space } from '../analysis/engine.ts';
import { createRule } from '../model/rule-set.ts';
import { describeConnection } from '../describe.ts';
import { PROTOCOLS, type Action, type Connection, type Profile, type Protocol, type Rule, type RuleSet } from '../model/types.ts';
import type { OPathNode } from '../opath/ast.ts';
import { parseOPath } from '../opath/parser.ts';
import { ipValuesToCidrs } from './cidr.ts';
import { exchangeControlsScript, onPremisesControls, PROTOCOL_CONTROLS, type ProtocolSwitchOff } from './exchange-controls.ts';
import { graphDeployScript, graphReadme, migrationParameters, parameterToken, type MigrationParameter } from './graph-files.ts';

/** The Exchange Online app id in Entra (Office 365 Exchange Online). */
export const EXCHANGE_ONLINE_APP_ID = '00000002-0000-0ff1-ce00-000000000000';

export type MigrationKind = 'users' | 'ip' | 'protocol' | 'protocol+ip' | 'other';
export type MigrationVerdict = 'exact' | 'approximate' | 'not-translatable';
export type PolicyState = 'enabledForReportingButNotEnforced' | 'enabled' | 'disabled';

export interface RuleMigration {
  name: string;
  priority: number;
  kind: MigrationKind;
  verdict: MigrationVerdict;
  /** What changes (approximate) or why not (not translatable); for exact, what is worth knowing. */
  reasons: string[];
  /** What the rule becomes, in words: policies, exclusions, switches, or nothing. */
  becomes: string[];
}

export interface GraphCidrRange {
  '@odata.type': '#microsoft.graph.iPv4CidrRange' | '#microsoft.graph.iPv6CidrRange';
  cidrAddress: string;
}

export interface GraphNamedLocation {
  '@odata.type': '#microsoft.graph.ipNamedLocation';
  displayName: string;
  isTrusted: false;
  ipRanges: GraphCidrRange[];
}

export interface GraphGroup {
  displayName: string;
  description: string;
  mailEnabled: false;
  mailNickname: string;
  securityEnabled: true;
  groupTypes: ['DynamicMembership'];
  membershipRule: string;
  membershipRuleProcessingState: 'On';
}

export interface GraphPolicy {
  displayName: string;
  state: PolicyState;
  conditions: {
    applications: { includeApplications: string[] };
    users: { includeUsers: string[]; includeGroups: string[]; excludeGroups: string[] };
    clientAppTypes: ['all'];
    locations?: { includeLocations: string[]; excludeLocations: string[] };
  };
  grantControls: { operator: 'OR'; builtInControls: ['block'] };
}

/** A group of connections the translation decides differently from the rules. */
export interface MigrationDifference {
  /** In an admin's words: who decides what on each side. */
  summary: string;
  /** How many regions (groups of connections every rule treats alike) it covers. */
  count: number;
  /** A few of those connections, described. */
  examples: string[];
  /** The same connections (for the simulator and for tests). */
  exampleConnections: Connection[];
}

export interface MigrationResult {
  profile: Profile;
  namedLocations: GraphNamedLocation[];
  groups: GraphGroup[];
  policies: GraphPolicy[];
  /** The ids the policies need, as parameters: what replaces each one (README.md, deploy-graph.ps1). */
  parameters: MigrationParameter[];
  exchangeScript: string;
  rules: RuleMigration[];
  differences: MigrationDifference[];
  /**
   * How many regions of end-user connections were compared: groups of connections that every rule
   * and every translated policy or switch treats alike (the analysis engine's regions), covering
   * every end-user connection with a valid address.
   */
  compared: number;
  /** False when the engine could not tell every kind of user apart (a note says why). */
  complete: boolean;
  /** Set-wide notes (placeholders, report-only, middle-tier apps). */
  notes: string[];
  /** Exchange Server profile: the on-premises controls that serve the same intent. */
  onPremises: string[];
}

export interface MigrateOptions {
  state?: PolicyState;
  /** Called every few hundred cells of the comparison (`done` of `total`), for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

// ---------------------------------------------------------------------------------------------------
// Users: username patterns and filters as Entra dynamic membership rules

const ENTRA_PROPERTY: Readonly<Record<string, string>> = {
  City: 'user.city',
  Company: 'user.companyName',
  CountryOrRegion: 'user.country',
  Department: 'user.department',
  Office: 'user.physicalDeliveryOfficeName',
  PostalCode: 'user.postalCode',
  StateOrProvince: 'user.state',
  StreetAddress: 'user.streetAddress',
};

function entraProperty(property: string): string {
  const custom = /^CustomAttribute(\d+)$/.exec(property);
  if (custom) return `user.extensionAttribute${custom[1]}`;
  return ENTRA_PROPERTY[property] ?? property;
}

function regexEscape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function wildcardRegex(text: string): string {
  return text.split('*').map(regexEscape).join('.*');
}

/** A value Entra's rule syntax can hold in double quotes without escaping. */
function plainValue(text: string): boolean {
  return !/["`\p{Cc}]/u.test(text);
}

type Translation = { ok: true; text: string; notes: string[] } | { ok: false; why: string };

/**
 * A username pattern (over `Domain\UserName`) as a membership rule on the UPN, when one exists:
 * `domain\user` with a domain that has a dot (a UPN suffix), or a pattern with no backslash that is
 * `*text*` (the text is then anywhere in the UPN; `@` cannot occur in it).
 */
function patternRule(pattern: string): Translation {
  if (!plainValue(pattern)) return { ok: false, why: `pattern '${pattern}' holds a character Entra's rule syntax cannot hold` };
  const slash = pattern.indexOf('\\');
  if (slash >= 0) {
    const domain = pattern.slice(0, slash);
    const user = pattern.slice(slash + 1);
    if (user.includes('\\') || user.includes('@')) return { ok: false, why: `pattern '${pattern}' has more than one user part` };
    if (!domain.includes('.') && domain !== '*') {
      return { ok: false, why: `pattern '${pattern}' names a NetBIOS domain (DOMAIN\\user); dynamic groups match the UPN (user@domain) only` };
    }
    return { ok: true, text: `(user.userPrincipalName -match "^${wildcardRegex(user)}@${wildcardRegex(domain)}$")`, notes: [] };
  }
  const inner = /^\*([^*@]+)\*$/.exec(pattern);
  if (inner) return { ok: true, text: `(user.userPrincipalName -contains "${inner[1]}")`, notes: [] };
  return { ok: false, why: `pattern '${pattern}' has no Domain\\ part, so it spans the domain and the user name in a way a UPN rule cannot follow` };
}

function filterRule(node: OPathNode, notes: Set<string>): string | null {
  if (node.kind === 'not') {
    const inner = filterRule(node.operand, notes);
    return inner === null ? null : `-not (${inner})`;
  }
  if (node.kind === 'logical') {
    const left = filterRule(node.left, notes);
    const right = filterRule(node.right, notes);
    return left === null || right === null ? null : `(${left} -${node.operator} ${right})`;
  }
  if (node.property === 'CountryOrRegion') notes.add("CountryOrRegion is a two-letter code in Exchange but free text in Entra's user.country: check the values");
  const prop = entraProperty(node.property);
  if (node.value === null || node.value === '') {
    return node.operator === 'ne' || node.operator === 'notlike' ? `(${prop} -ne null)` : `(${prop} -eq null)`;
  }
  if (!plainValue(node.value)) return null;
  switch (node.operator) {
    case 'eq':
      return `(${prop} -eq "${node.value}")`;
    case 'ne':
      return `(${prop} -ne "${node.value}")`;
    case 'like':
      return `(${prop} -match "^${wildcardRegex(node.value)}$")`;
    case 'notlike':
      return `(${prop} -notMatch "^${wildcardRegex(node.value)}$")`;
  }
}

/** What the users side of a rule becomes: include rule text and exclude rule text, with what was lost. */
interface UsersTranslation {
  include: string | null;
  exclude: string | null;
  /** The patterns and filter kept (what the translated side is evaluated with). */
  kept: Pick<Rule, 'usernameMatchesAnyOfPatterns' | 'exceptUsernameMatchesAnyOfPatterns' | 'userRecipientFilter'>;
  dropped: string[];
  notes: string[];
  /** The rule has include-side users conditions and none of them survived. */
  lostAll: boolean;
}

function translateUsers(rule: Rule): UsersTranslation {
  const dropped: string[] = [];
  const notes = new Set<string>();
  const includes: string[] = [];
  const keptInclude: string[] = [];
  for (const p of rule.usernameMatchesAnyOfPatterns) {
    const t = patternRule(p);
    if (t.ok) {
      includes.push(t.text);
      keptInclude.push(p);
    } else dropped.push(t.why);
  }
  const excludes: string[] = [];
  const keptExclude: string[] = [];
  for (const p of rule.exceptUsernameMatchesAnyOfPatterns) {
    const t = patternRule(p);
    if (t.ok) {
      excludes.push(t.text);
      keptExclude.push(p);
    } else dropped.push(`exception ${t.why}`);
  }
  let filterText: string | null = null;
  let keptFilter = '';
  if (rule.userRecipientFilter.trim() !== '') {
    const parsed = parseOPath(rule.userRecipientFilter);
    const text = parsed.ok ? filterRule(parsed.ast, notes) : null;
    if (text === null) dropped.push(`UserRecipientFilter ${rule.userRecipientFilter} cannot be written as a membership rule`);
    else {
      filterText = text;
      keptFilter = rule.userRecipientFilter;
    }
  }
  const hadInclude = rule.usernameMatchesAnyOfPatterns.length > 0 || rule.userRecipientFilter.trim() !== '';
  const patternsPart = includes.length === 0 ? null : includes.length === 1 ? (includes[0] as string) : `(${includes.join(' -or ')})`;
  const includeParts = [patternsPart, filterText].filter((x): x is string => x !== null);
  const lostAll =
    hadInclude &&
    ((rule.usernameMatchesAnyOfPatterns.length > 0 && keptInclude.length === 0) || (rule.userRecipientFilter.trim() !== '' && keptFilter === ''));
  return {
    include: includeParts.length === 0 ? null : includeParts.join(' -and '),
    exclude: excludes.length === 0 ? null : excludes.join(' -or '),
    kept: { usernameMatchesAnyOfPatterns: keptInclude, exceptUsernameMatchesAnyOfPatterns: keptExclude, userRecipientFilter: keptFilter },
    dropped,
    notes: [...notes],
    lostAll,
  };
}

// ---------------------------------------------------------------------------------------------------
// Classification

type Dimension = 'users' | 'ip' | 'protocol' | 'auth';

function dimensions(rule: Rule): Set<Dimension> {
  const d = new Set<Dimension>();
  if (rule.usernameMatchesAnyOfPatterns.length + rule.exceptUsernameMatchesAnyOfPatterns.length > 0 || rule.userRecipientFilter.trim() !== '') d.add('users');
  if (rule.anyOfClientIPAddressesOrRanges.length + rule.exceptAnyOfClientIPAddressesOrRanges.length > 0) d.add('ip');
  if (rule.anyOfProtocols.length + rule.exceptAnyOfProtocols.length > 0) d.add('protocol');
  if (rule.anyOfAuthenticationTypes.length + rule.exceptAnyOfAuthenticationTypes.length > 0) d.add('auth');
  return d;
}

/**
 * The kind of a rule in Microsoft's migration guidance: `users` (username patterns and/or a filter
 * only), `ip` (client IPs only), `protocol` (protocols only), `protocol+ip`, or `other` (anything else,
 * including a rule with no conditions and any rule with authentication types).
 *
 * @example ruleKind(createRule({ anyOfProtocols: ['POP3'] })) // 'protocol'
 */
export function ruleKind(rule: Rule): MigrationKind {
  const d = dimensions(rule);
  const key = [...d].sort().join('+');
  if (key === 'users') return 'users';
  if (key === 'ip') return 'ip';
  if (key === 'protocol') return 'protocol';
  if (key === 'ip+protocol') return 'protocol+ip';
  return 'other';
}

// ---------------------------------------------------------------------------------------------------
// The exact comparison: the analysis engine's regions (analysis/engine.ts)

/**
 * The policy rule a users/IP deny rule becomes (its addresses and the users it keeps), or null when
 * it becomes no policy. Depends on the rule alone, so the comparison space can be cut before the
 * translation runs.
 */
function policyRuleOf(rule: Rule, priority: number): Rule | null {
  if (!rule.enabled || rule.datacenterAdminsOnly || rule.action !== 'DenyAccess' || dimensions(rule).has('protocol')) return null;
  const users = translateUsers(rule);
  if (users.lostAll) return null;
  return createRule({
    name: `CAR ${priority}: ${rule.name}`,
    action: 'DenyAccess',
    anyOfClientIPAddressesOrRanges: rule.anyOfClientIPAddressesOrRanges,
    exceptAnyOfClientIPAddressesOrRanges: rule.exceptAnyOfClientIPAddressesOrRanges,
    ...users.kept,
  });
}

/** The protocols no per-user switch covers: one pool rule names them, so protocol classes never mix them with switched ones. */
const UNSWITCHED = PROTOCOLS.filter((p) => PROTOCOL_CONTROLS[p] === null);

/**
 * One cut of the connection space (the analysis engine's, `analysis/engine.ts`) for everything the
 * migration compares: the set's live rules (pool indexes `0..n-1`), the policy rule of every
 * users/IP deny rule, and one rule naming the protocols without a switch. Every region is constant
 * for all of them, and every protocol class is either wholly switched off by a protocol-only deny
 * rule or not at all (the switched protocols are the rule's, minus those of allow rules above, minus
 * the unswitched ones: unions of classes).
 */
interface ComparisonSpace {
  space: Space;
  pool: readonly CompiledRule[];
  /** How many of the pool are the set's live rules. */
  n: number;
  /** Pool index of each live rule and each policy rule, by identity. */
  index: ReadonlyMap<Rule, number>;
  /** The policy rule of each deny rule that becomes a policy. */
  policyRules: ReadonlyMap<Rule, Rule>;
}

function comparisonSpace(set: RuleSet): ComparisonSpace {
  const live = compileRuleSet(set).live;
  const policyRules = new Map<Rule, Rule>();
  set.rules.forEach((rule, i) => {
    const policy = policyRuleOf(rule, i + 1);
    if (policy) policyRules.set(rule, policy);
  });
  const extraRules = [...policyRules.values(), createRule({ name: 'no per-user switch', action: 'DenyAccess', anyOfProtocols: UNSWITCHED })];
  const extra = compileRuleSet({ profile: set.profile, rules: extraRules, tests: [] }).live;
  const pool = [...live, ...extra];
  const index = new Map<Rule, number>(pool.map((r, k) => [r.rule, k]));
  return { space: buildSpace(pool), pool, n: live.length, index, policyRules };
}

/**
 * Which live rules can match one end-user connection together, exactly (on the comparison space):
 * `overlaps(a, b)` is true when some connection matches both rules' conditions and escapes both
 * rules' exceptions.
 */
function overlapTable(cs: ComparisonSpace): (a: Rule, b: Rule) => boolean {
  const { space, n, index } = cs;
  const both = new Uint8Array(n * n);
  const seen = new Set<string>();
  for (const cell of space.cells) {
    if (cell.connectionType !== 'EndUser' || seen.has(cell.key)) continue;
    seen.add(cell.key);
    sweepAddresses(cell.candidates, space, (state) => {
      const on: number[] = [];
      for (let j = 0; j < state.length; j += 1) {
        const k = cell.candidates[j]!.k;
        if (state[j] === 0 && k < n) on.push(k);
      }
      for (const x of on) for (const y of on) both[x * n + y] = 1;
    });
  }
  return (a, b) => {
    const x = index.get(a);
    const y = index.get(b);
    return x !== undefined && y !== undefined && x < n && y < n && both[x * n + y] === 1;
  };
}

/** One block of the translated side: what the policy or switch matches, minus the connections its exclusions (earlier allow rules) match. */
interface TranslatedBlock {
  label: string;
  /** The generated side as a rule: the policy's kept users and addresses, or the switched-off protocols. */
  rule: Rule;
  /** Enabled allow rules of the set whose connections the block excludes. */
  exclusions: Rule[];
  /** For a protocol switch: the protocols it switches off (decided from the cell's protocol class). */
  protocols?: readonly Protocol[];
}

/** A region of the comparison: the rules' deciding live rule (-1: none) and the first translated block that blocks (-1: none). */
interface ComparedRegion {
  cell: Cell;
  first: bigint;
  last: bigint;
  decider: number;
  block: number;
}

/**
 * Compares the rules with the translated side over every end-user connection, exactly, region by
 * region of the comparison space; each region whose decisions differ is returned once.
 */
function compareExactly(
  cs: ComparisonSpace,
  blocks: readonly TranslatedBlock[],
  onProgress?: (done: number, total: number) => void,
): { regions: ComparedRegion[]; compared: number } {
  const { space, pool, n, index } = cs;
  const policyIndex = blocks.map((b) => (b.protocols ? -1 : (index.get(b.rule) ?? -1)));
  const exclusions = blocks.map((b) => b.exclusions.map((e) => index.get(e)).filter((k): k is number => k !== undefined));
  type Run = { first: bigint; last: bigint; decider: number; block: number };
  const cache = new Map<string, { runs: Run[]; swept: number }>();
  const regions: ComparedRegion[] = [];
  const on = new Uint8Array(pool.length);
  const switches = blocks.filter((b) => b.protocols);
  let compared = 0;
  space.cells.forEach((cell, done) => {
    if (onProgress && done % 500 === 0) onProgress(done, space.cells.length);
    if (cell.connectionType !== 'EndUser') return;
    const protocol = cell.protocols[0] as Protocol;
    // Equal keys mean equal candidates; the switches also depend on the cell's protocol class.
    const key = `${cell.key}|${switches.map((b) => (b.protocols?.includes(protocol) ? 1 : 0)).join('')}`;
    let entry = cache.get(key);
    if (!entry) {
      const runs: Run[] = [];
      let swept = 0;
      sweepAddresses(cell.candidates, space, (state, first, last) => {
        swept += 1;
        let decider = -1;
        for (let j = 0; j < state.length; j += 1) {
          const k = cell.candidates[j]!.k;
          on[k] = state[j] === 0 ? 1 : 0;
          if (decider < 0 && k < n && state[j] === 0) decider = k;
        }
        let block = -1;
        for (let b = 0; b < blocks.length && block < 0; b += 1) {
          const switched = blocks[b]!.protocols;
          const hit = switched ? switched.includes(protocol) : policyIndex[b]! >= 0 && on[policyIndex[b]!] === 1;
          if (hit && !exclusions[b]!.some((k) => on[k] === 1)) block = b;
        }
        for (let j = 0; j < state.length; j += 1) on[cell.candidates[j]!.k] = 0;
        const ruleAction: Action = decider < 0 ? 'AllowAccess' : pool[decider]!.action;
        const newAction: Action = block < 0 ? 'AllowAccess' : 'DenyAccess';
        if (ruleAction === newAction) return;
        const prev = runs[runs.length - 1];
        if (prev && prev.decider === decider && prev.block === block && prev.last + 1n === first) prev.last = last;
        else runs.push({ first, last, decider, block });
      });
      entry = { runs, swept };
      cache.set(key, entry);
    }
    compared += entry.swept;
    for (const r of entry.runs) regions.push({ cell, ...r });
  });
  onProgress?.(space.cells.length, space.cells.length);
  return { regions, compared };
}

// ---------------------------------------------------------------------------------------------------
// The migration

/**
 * Migrates a rule set to Entra Conditional Access and Exchange protocol switches: per rule its kind,
 * verdict and what it becomes; Graph `ipNamedLocation`, dynamic group and `conditionalAccessPolicy`
 * objects (report-only unless `options.state` says otherwise); the Exchange-side script; and, for the
 * whole set, the representative connections the translation decides differently from the rules.
 *
 * Edge cases: disabled rules become nothing (they decide nothing); DatacenterAdminsOnly rules are
 * Microsoft's and not translatable; a set with no rules gives empty outputs and no differences.
 *
 * @example migrateRuleSet(set).rules[0] // { name: 'Block POP', kind: 'protocol', verdict: 'exact', … }
 */
export function migrateRuleSet(set: RuleSet, options: MigrateOptions = {}): MigrationResult {
  return runMigration(set, options).result;
}

/** The translated side of a rule set, block by block (a policy or switch as a rule, minus its exclusions). */
export interface TranslatedSide {
  label: string;
  rule: Rule;
  exclusions: Rule[];
}

/**
 * The translated side of `migrateRuleSet(set)` as rules: the connections blocked after the migration
 * are those some block's rule matches and none of its exclusions (enabled allow rules of the set)
 * does. For tests and tools that check the comparison by brute force.
 *
 * @example translatedSide(set)[0].label // "policy 'CAR 3: Block outside the office'"
 */
export function translatedSide(set: RuleSet): TranslatedSide[] {
  return runMigration(set, {}).translated;
}

function runMigration(set: RuleSet, options: MigrateOptions): { result: MigrationResult; translated: TranslatedBlock[] } {
  const state = options.state ?? 'enabledForReportingButNotEnforced';
  const namedLocations: GraphNamedLocation[] = [];
  const groups: GraphGroup[] = [];
  const policies: GraphPolicy[] = [];
  const switches: ProtocolSwitchOff[] = [];
  const translated: TranslatedBlock[] = [];
  const results: RuleMigration[] = [];
  const cs = comparisonSpace(set);
  const overlaps = overlapTable(cs);

  const locationFor = (ipValues: readonly string[], name: string): string => {
    const cidrs = ipValuesToCidrs(ipValues);
    const ipRanges: GraphCidrRange[] = [
      ...cidrs.ipv4.map((cidrAddress) => ({ '@odata.type': '#microsoft.graph.iPv4CidrRange' as const, cidrAddress })),
      ...cidrs.ipv6.map((cidrAddress) => ({ '@odata.type': '#microsoft.graph.iPv6CidrRange' as const, cidrAddress })),
    ];
    const key = JSON.stringify(ipRanges);
    const existing = namedLocations.find((l) => JSON.stringify(l.ipRanges) === key);
    const location = existing ?? { '@odata.type': '#microsoft.graph.ipNamedLocation' as const, displayName: name, isTrusted: false as const, ipRanges };
    if (!existing) namedLocations.push(location);
    return parameterToken('namedLocation', location.displayName);
  };
  const groupFor = (membershipRule: string, name: string, description: string): string => {
    const existing = groups.find((g) => g.membershipRule === membershipRule);
    const group: GraphGroup = existing ?? {
      displayName: name,
      description,
      mailEnabled: false,
      mailNickname: name.replace(/[^A-Za-z0-9]/g, '').slice(0, 60) || 'carGroup',
      securityEnabled: true,
      groupTypes: ['DynamicMembership'],
      membershipRule,
      membershipRuleProcessingState: 'On',
    };
    if (!existing) groups.push(group);
    return parameterToken('group', group.displayName);
  };

  const rules = set.rules;
  rules.forEach((rule, index) => {
    const priority = index + 1;
    const kind = ruleKind(rule);
    const out: RuleMigration = { name: rule.name, priority, kind, verdict: 'exact', reasons: [], becomes: [] };
    results.push(out);
    const approximate = (reason: string) => {
      if (out.verdict === 'exact') out.verdict = 'approximate';
      out.reasons.push(reason);
    };
    const notTranslatable = (reason: string) => {
      out.verdict = 'not-translatable';
      out.reasons.push(reason);
    };
    if (rule.datacenterAdminsOnly) {
      notTranslatable('a DatacenterAdminsOnly rule is managed by Microsoft; it has no tenant-side equivalent');
      return;
    }
    if (!rule.enabled) {
      out.becomes.push('nothing: the rule is disabled, so it decides no connection');
      return;
    }
    const dims = dimensions(rule);
    if (rule.action === 'AllowAccess') {
      out.becomes.push('nothing by itself: Conditional Access and the protocol settings allow by default');
      return; // exclusions are recorded on the deny rules below it
    }

    // Earlier enabled allow rules that can let through a connection this rule would block.
    const allowsAbove = rules
      .slice(0, index)
      .filter((a) => a.enabled && !a.datacenterAdminsOnly && a.action === 'AllowAccess')
      .filter((a) => overlaps(a, rule));

    const caDims = [...dims].filter((d) => d !== 'auth');
    if (dims.has('protocol') && dims.size === 1) {
      // Protocol only: Exchange switches per user.
      const named = rule.anyOfProtocols.length > 0 ? rule.anyOfProtocols : [...PROTOCOLS];
      let protocols = named.filter((p) => !rule.exceptAnyOfProtocols.includes(p));
      for (const a of allowsAbove) {
        if (ruleKind(a) === 'protocol') {
          const allowed = (a.anyOfProtocols.length > 0 ? a.anyOfProtocols : [...PROTOCOLS]).filter((p) => !a.exceptAnyOfProtocols.includes(p));
          const kept = protocols.filter((p) => allowed.includes(p));
          if (kept.length > 0) out.becomes.push(`${kept.join(', ')} left on: rule '${a.name}' above allows ${kept.length === 1 ? 'it' : 'them'}`);
          protocols = protocols.filter((p) => !allowed.includes(p));
        } else {
          approximate(`rule '${a.name}' above lets some of these connections through; the protocol switches apply to every user, so they are blocked after the migration`);
        }
      }
      if (protocols.length === 0) {
        out.becomes.push('nothing: the allow rules above decide every connection it would block');
        return;
      }
      const none = protocols.filter((p) => PROTOCOL_CONTROLS[p] === null);
      const mapped = protocols.filter((p) => PROTOCOL_CONTROLS[p] !== null);
      // Protocols with no switch are written into the Exchange script as notes (they stay open).
      for (const p of none) switches.push({ protocol: p, ruleName: rule.name });
      if (mapped.length === 0 && none.length > 0) {
        notTranslatable(`${none.join(', ')} ${none.length === 1 ? 'has' : 'have'} no per-user switch in Exchange Online`);
        return;
      }
      if (none.length > 0) approximate(`${none.join(', ')} ${none.length === 1 ? 'has' : 'have'} no per-user switch: ${none.length === 1 ? 'it stays' : 'they stay'} open`);
      if (rule.scope === 'Users') approximate('Scope Users: the switches apply to middle-tier applications too');
      for (const p of mapped) {
        const control = PROTOCOL_CONTROLS[p];
        switches.push({ protocol: p, ruleName: rule.name });
        out.becomes.push(
          control?.cmdlet === 'Set-User'
            ? 'Set-User -RemotePowerShellEnabled $false for every user but the admins you list (no mailbox-plan setting: run it again for users created later)'
            : `Set-CASMailbox -${control?.parameter} $false${control?.plan ? ` (and Set-CASMailboxPlan -${control.parameter} $false)` : ''}`,
        );
        if (control?.cmdlet === 'Set-User') approximate('Remote PowerShell stays on for the admins you list in the script, which the rule did not exempt');
      }
      if (mapped.length > 0) {
        translated.push({
          label: `the protocol switches from '${rule.name}'`,
          rule: createRule({ name: rule.name, action: 'DenyAccess', anyOfProtocols: mapped }),
          exclusions: [],
          protocols: mapped,
        });
      }
      return;
    }
    if (dims.has('protocol')) {
      notTranslatable(
        kind === 'protocol+ip'
          ? 'protocol + IP: Conditional Access cannot limit a policy to one Exchange protocol, and the protocol switches cannot limit a protocol to some addresses. Use one or the other for every protocol, if the rules share the same IP set or protocol list'
          : 'Conditional Access cannot limit a policy to one Exchange protocol, and the protocol switches cannot follow its other conditions',
      );
      return;
    }
    // Users and/or IP (and maybe authentication types): a Conditional Access block policy.
    const users = translateUsers(rule);
    if (users.lostAll) {
      notTranslatable(users.dropped.join('; '));
      return;
    }
    for (const d of users.dropped) approximate(`${d}; left out, so the policy blocks more users`);
    for (const n of users.notes) approximate(n);
    if (dims.has('auth')) approximate('Conditional Access cannot filter by authentication type: the policy applies to every sign-in');
    if (rule.scope === 'Users') approximate('Scope Users: Conditional Access applies to middle-tier applications too');
    if (caDims.length === 0) out.reasons.push('no conditions: the policy blocks every user from Exchange Online');

    const displayName = `CAR ${priority}: ${rule.name}`;
    const includeGroups: string[] = [];
    const excludeGroups: string[] = [];
    if (users.include) includeGroups.push(groupFor(users.exclude ? `(${users.include}) -and -not (${users.exclude})` : users.include, `CAR ${rule.name} users`, `Users of Client Access Rule '${rule.name}'`));
    else if (users.exclude) excludeGroups.push(groupFor(users.exclude, `CAR ${rule.name} excepted users`, `Users excepted from Client Access Rule '${rule.name}'`));
    const includeLocations: string[] = [];
    const excludeLocations: string[] = [];
    if (rule.anyOfClientIPAddressesOrRanges.length > 0) includeLocations.push(locationFor(rule.anyOfClientIPAddressesOrRanges, `CAR ${rule.name} IPs`));
    if (rule.exceptAnyOfClientIPAddressesOrRanges.length > 0) excludeLocations.push(locationFor(rule.exceptAnyOfClientIPAddressesOrRanges, `CAR ${rule.name} excepted IPs`));

    const exclusions: Rule[] = [];
    for (const a of allowsAbove) {
      const aKind = ruleKind(a);
      const aUsers = aKind === 'users' ? translateUsers(a) : null;
      if (aKind === 'users' && aUsers && aUsers.include && aUsers.dropped.length === 0) {
        const rule2 = aUsers.exclude ? `(${aUsers.include}) -and -not (${aUsers.exclude})` : aUsers.include;
        excludeGroups.push(groupFor(rule2, `CAR ${a.name} users`, `Users of Client Access Rule '${a.name}'`));
        exclusions.push(a);
        out.becomes.push(`users of rule '${a.name}' above are excluded`);
      } else if (aKind === 'ip' && a.exceptAnyOfClientIPAddressesOrRanges.length === 0) {
        excludeLocations.push(locationFor(a.anyOfClientIPAddressesOrRanges, `CAR ${a.name} IPs`));
        exclusions.push(a);
        out.becomes.push(`addresses of rule '${a.name}' above are excluded`);
      } else {
        approximate(`rule '${a.name}' above lets some of these connections through, and a Conditional Access exclusion cannot express its conditions: they are blocked after the migration`);
      }
    }
    const policyRule = cs.policyRules.get(rule) as Rule;
    translated.push({ label: `policy '${displayName}'`, rule: policyRule, exclusions });

    const policy: GraphPolicy = {
      displayName,
      state,
      conditions: {
        applications: { includeApplications: [EXCHANGE_ONLINE_APP_ID] },
        users: { includeUsers: includeGroups.length === 0 ? ['All'] : [], includeGroups, excludeGroups: [...new Set(excludeGroups)] },
        clientAppTypes: ['all'],
      },
      grantControls: { operator: 'OR', builtInControls: ['block'] },
    };
    if (includeLocations.length + excludeLocations.length > 0) {
      policy.conditions.locations = {
        includeLocations: includeLocations.length === 0 ? ['All'] : includeLocations,
        excludeLocations: [...new Set(excludeLocations)],
      };
    }
    policies.push(policy);
    out.becomes.unshift(`Conditional Access policy '${displayName}' (block)`);
  });

  // Allow rules: what they became on the deny rules below them.
  for (const r of results) {
    const rule = rules[r.priority - 1] as Rule;
    if (rule.action !== 'AllowAccess' || !rule.enabled || rule.datacenterAdminsOnly) continue;
    const used = results.filter((d) => d.priority > r.priority && d.becomes.some((b) => b.includes(`'${rule.name}' above`)));
    if (used.length > 0) r.becomes = used.map((d) => `an exclusion in what rule '${d.name}' becomes`);
    const lost = results.filter((d) => d.priority > r.priority && d.reasons.some((b) => b.startsWith(`rule '${rule.name}' above`)));
    for (const d of lost) {
      if (r.verdict === 'exact') r.verdict = 'approximate';
      r.reasons.push(`no exclusion can express it on what rule '${d.name}' becomes`);
    }
  }

  // The whole set: rules versus translation over every end-user connection, region by region.
  const comparison = compareExactly(cs, translated, options.onProgress);
  const groupsOfDiff = new Map<string, MigrationDifference>();
  for (const region of comparison.regions) {
    const decider = region.decider < 0 ? null : (cs.pool[region.decider] as CompiledRule).rule;
    const byRule = decider !== null ? `rule '${decider.name}' (priority ${rules.findIndex((r) => r.id === decider.id) + 1})` : 'no rule (allowed by default)';
    const summary =
      region.block >= 0
        ? `Allowed today by ${byRule}, blocked after the migration by ${(translated[region.block] as TranslatedBlock).label}`
        : `Blocked today by ${byRule}, allowed after the migration: nothing translated blocks it`;
    const entry = groupsOfDiff.get(summary) ?? { summary, count: 0, examples: [], exampleConnections: [] };
    entry.count += 1;
    if (entry.examples.length < 3) {
      const example = cellConnection(cs.space, region.cell, examplePoint(region.first, region.last));
      entry.examples.push(describeConnection(example));
      entry.exampleConnections.push(example);
    }
    groupsOfDiff.set(summary, entry);
  }
  const complete = cs.space.unknown.length === 0;

  const notes = [
    'Policies name their locations and groups by parameters {{namedLocation:<name>}} and {{group:<name>}} (README.md lists each): deploy-graph.ps1 creates the named locations and groups first and puts the ids Graph returns in their place; by hand, do the same.',
    state === 'enabledForReportingButNotEnforced'
      ? 'Policies are created in report-only state: check their sign-in reports, then set state to enabled.'
      : `Policies are created with state ${state}.`,
    'Conditional Access applies at sign-in to every client, including middle-tier applications and Microsoft-owned ones such as Outlook for iOS and Android, which bypass Client Access Rules.',
  ];
  const result: MigrationResult = {
    profile: set.profile,
    namedLocations,
    groups,
    policies,
    parameters: migrationParameters(policies, namedLocations, groups),
    exchangeScript: exchangeControlsScript(switches),
    rules: results,
    differences: [...groupsOfDiff.values()].sort((a, b) => b.count - a.count),
    compared: comparison.compared,
    complete,
    notes: complete ? notes : [...notes, `The comparison could not tell every kind of user apart (${cs.space.unknown.join('; ')}): it may miss differences.`],
    onPremises: set.profile === 'ExchangeServer' ? onPremisesControls() : [],
  };
  return { result, translated };
}

/**
 * The files of a migration, for `--out DIR` and the app's zip download: a README (the files, the
 * order, every parameter), the Graph objects as JSON request bodies (named locations and groups valid
 * as they are; policies with id parameters), the script that creates them in order, the Exchange
 * script and a plain-text report.
 *
 * @example migrationFiles(result).map((f) => f.name)
 * // ['README.md', 'named-locations.json', 'groups.json', 'policies.json', 'deploy-graph.ps1', 'exchange-controls.ps1', 'report.txt']
 */
export function migrationFiles(result: MigrationResult): { name: string; text: string }[] {
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  return [
    { name: 'README.md', text: graphReadme(result.parameters, result.namedLocations.length, result.groups.length, result.policies.length) },
    { name: 'named-locations.json', text: json(result.namedLocations) },
    { name: 'groups.json', text: json(result.groups) },
    { name: 'policies.json', text: json(result.policies) },
    { name: 'deploy-graph.ps1', text: graphDeployScript() },
    { name: 'exchange-controls.ps1', text: result.exchangeScript },
    { name: 'report.txt', text: migrationReport(result) },
  ];
}

const VERDICT_WORDS: Readonly<Record<MigrationVerdict, string>> = {
  exact: 'exact',
  approximate: 'approximate',
  'not-translatable': 'not translatable',
};

/**
 * The migration as plain text: per rule its kind, verdict, what it becomes and why; then the
 * connections decided differently; then the notes (and the on-premises controls for Exchange Server).
 *
 * @example migrationReport(result).split('\n')[0] // 'Migration off Client Access Rules: 3 rules'
 */
export function migrationReport(result: MigrationResult): string {
  const lines = [`Migration off Client Access Rules: ${result.rules.length} rule${result.rules.length === 1 ? '' : 's'}`, ''];
  for (const r of result.rules) {
    lines.push(`${r.priority}. ${r.name} [${r.kind}]: ${VERDICT_WORDS[r.verdict]}`);
    for (const b of r.becomes) lines.push(`   becomes: ${b}`);
    for (const reason of r.reasons) lines.push(`   - ${reason}`);
  }
  lines.push('');
  const compared = `Compared every end-user connection, in ${result.compared} group${result.compared === 1 ? '' : 's'} that every rule and every translated policy or switch treats alike`;
  if (result.differences.length === 0) {
    lines.push(`${compared}: the translation decides every one as the rules do.`);
  } else {
    lines.push(`${compared}; decided differently:`);
    for (const d of result.differences) {
      lines.push(`- ${d.summary}: ${d.count} group${d.count === 1 ? '' : 's'} of connections, e.g.`);
      for (const e of d.examples) lines.push(`    ${e}`);
    }
  }
  lines.push('', 'Notes:', ...result.notes.map((n) => `- ${n}`));
  if (result.onPremises.length > 0) lines.push('', 'Exchange Server (on-premises) controls with the same intent:', ...result.onPremises.map((n) => `- ${n}`));
  return `${lines.join('\n')}\n`;
}
