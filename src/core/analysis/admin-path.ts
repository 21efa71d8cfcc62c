/**
 * The admin path and the lockout proof (issue 7): the protocols the admins manage Exchange with, the
 * addresses they connect from and the admin accounts. The proof walks every connection on that path
 * (every authentication type the protocol supports, every address of the declared ranges, each admin
 * account with its attributes, as an end user) through the exact address sweep of `engine.ts` and
 * either proves every one allowed or returns the first denied one as a counterexample.
 *
 * Decisions:
 * - Empty `addresses` means "from anywhere": every IPv4 and IPv6 address.
 * - A protocol without authentication-type filters (spec 7 table) is checked with every
 *   authentication type, since no rule can tell them apart there anyway.
 * - Admins connect directly (connection type `EndUser`); middle-tier apps are not an admin path.
 * - Invalid admin address values are reported as problems and left out of the proof; a path with
 *   no protocol or no user proves nothing and says so.
 */
import { AUTHENTICATION_TYPES, PROTOCOLS } from '../model/types.ts';
import type { AdminPath, AuthenticationType, Connection, Protocol, Rule, RuleSet } from '../model/types.ts';
import { createRule, uniqueRuleName } from '../model/rule-set.ts';
import { compileRuleSet } from '../evaluator/evaluate.ts';
import { entryBounds, parseIpEntry } from '../match/ip.ts';
import { addressText } from '../migrate/cidr.ts';
import type { IpEntry } from '../match/ip.ts';
import { usernameSubject } from '../match/username.ts';
import { shortProtocolName } from '../describe.ts';
import { AUTH_TYPE_SUPPORT } from '../model/auth-support.ts';
import { AXIS_END, entrySpans, examplePoint, formatPoint } from './address-axis.ts';
import type { Span } from './address-axis.ts';
import { sweepAddresses } from './engine.ts';
import type { Candidate } from './engine.ts';

/** The outcome of the lockout proof. */
export interface AdminPathProof {
  /** Every connection on the path is allowed (and the path is not empty). */
  proven: boolean;
  /** The first denied connection on the path, when there is one. */
  counterexample: Connection | null;
  /** The rule that denies the counterexample. */
  deniedBy: string | null;
  /** Invalid values or an empty path, in words. */
  problems: string[];
}

/** The protocols an admin path may name: the two that manage Exchange. */
export const ADMIN_PROTOCOLS: readonly Protocol[] = ['RemotePowerShell', 'ExchangeAdminCenter'];

/**
 * The authentication types a connection with this protocol can use, as far as rules can tell (spec 7).
 *
 * @example authenticationTypesFor('RemotePowerShell') // ['BasicAuthentication', 'NonBasicAuthentication']
 */
export function authenticationTypesFor(protocol: Protocol): readonly AuthenticationType[] {
  return AUTH_TYPE_SUPPORT[protocol] ?? AUTHENTICATION_TYPES;
}

/**
 * The address spans of an admin path (every address when none is given), and the values that are invalid.
 *
 * @example adminSpans(['192.168.10.0/24']).spans.length // 2 (IPv4 and its IPv4-mapped IPv6 form)
 */
export function adminSpans(addresses: readonly string[]): { spans: Span[]; invalid: string[] } {
  if (addresses.length === 0) return { spans: [[0n, AXIS_END]], invalid: [] };
  const entries: IpEntry[] = [];
  const invalid: string[] = [];
  for (const a of addresses) {
    const r = parseIpEntry(a);
    if (r.ok) entries.push(r.entry);
    else invalid.push(`${a}: ${r.message}`);
  }
  return { spans: entrySpans(entries), invalid };
}

/**
 * Proves that every connection on the admin path is allowed, or finds one that is denied (see the
 * module comment). Exact: the address line is cut where any rule's IP condition or exception changes.
 *
 * @example proveAdminPath(set, { protocols: ['RemotePowerShell'], addresses: ['192.168.10.0/24'], users: [{ user: 'admin@contoso.com', attributes: {} }] }).proven
 */
export function proveAdminPath(set: RuleSet, path: AdminPath): AdminPathProof {
  const problems: string[] = [];
  const { spans, invalid } = adminSpans(path.addresses);
  problems.push(...invalid.map((i) => `Admin address ${i}.`));
  if (path.protocols.length === 0) problems.push('The admin path names no protocol.');
  if (path.users.length === 0) problems.push('The admin path names no admin account.');
  if (path.addresses.length > 0 && spans.length === 0) problems.push('The admin path has no valid address.');
  if (path.protocols.length === 0 || path.users.length === 0 || spans.length === 0) {
    return { proven: false, counterexample: null, deniedBy: null, problems };
  }
  const live = compileRuleSet(set).live;
  const space = {
    condSpans: live.map((r) => (r.ip === null ? null : entrySpans(r.ip.entries))),
    excSpans: live.map((r) => (r.exceptIp === null ? null : entrySpans(r.exceptIp.entries))),
  };
  for (const protocol of path.protocols) {
    const pbit = 1 << PROTOCOLS.indexOf(protocol);
    for (const authenticationType of authenticationTypesFor(protocol)) {
      const abit = 1 << AUTHENTICATION_TYPES.indexOf(authenticationType);
      for (const admin of path.users) {
        const subject = usernameSubject(admin.user).toLowerCase();
        const candidates: Candidate[] = [];
        live.forEach((r, k) => {
          if (r.protocolMask !== 0 && (r.protocolMask & pbit) === 0) return;
          if (r.authMask !== 0 && (r.authMask & abit) === 0) return;
          if (r.user !== null && r.user.matchLower(subject) < 0) return;
          if (r.filterUsed && (r.filter === null || !r.filter(admin.attributes))) return;
          let exc = 0;
          if ((r.exceptProtocolMask & pbit) !== 0) exc |= 1;
          if ((r.exceptAuthMask & abit) !== 0) exc |= 2;
          if (r.exceptUser !== null && r.exceptUser.matchLower(subject) >= 0) exc |= 8;
          candidates.push({ k, exc });
        });
        let found: { point: bigint; rule: string } | null = null;
        sweepAddresses(candidates, space, (state, first, last) => {
          if (found) return;
          const j = state.indexOf(0);
          if (j < 0 || live[candidates[j]!.k]!.action !== 'DenyAccess') return;
          for (const [s, e] of spans) {
            const lo = s > first ? s : first;
            const hi = e < last ? e : last;
            if (lo <= hi) {
              found = { point: examplePoint(lo, hi), rule: live[candidates[j]!.k]!.rule.name };
              return;
            }
          }
        });
        if (found) {
          const f = found as { point: bigint; rule: string };
          return {
            proven: false,
            counterexample: {
              protocol,
              authenticationType,
              ipAddress: formatPoint(f.point),
              port: 443,
              user: admin.user,
              attributes: { ...admin.attributes },
              connectionType: 'EndUser',
            },
            deniedBy: f.rule,
            problems,
          };
        }
      }
    }
  }
  return { proven: true, counterexample: null, deniedBy: null, problems };
}

/** Name of the guard rule scoped to the admin path. */
export const ADMIN_GUARD_NAME = 'Always Allow Admin Path';

/**
 * A guard rule scoped to the admin path: allow the admin protocols, from the admin addresses (no
 * address condition when the path is "from anywhere"), for the admin accounts (exact
 * `Domain\UserName` patterns). Decision: in the Exchange Server profile the accounts are left out
 * (username patterns may not work on-premises, spec 1), so there the guard is scoped by protocol and
 * address only.
 *
 * @example adminGuardRule(set, path).anyOfClientIPAddressesOrRanges // ['192.168.10.0/24']
 */
export function adminGuardRule(set: RuleSet, path: AdminPath): Rule {
  return createRule({
    name: uniqueRuleName(set, ADMIN_GUARD_NAME),
    action: 'AllowAccess',
    anyOfProtocols: path.protocols.filter((p) => ADMIN_PROTOCOLS.includes(p)),
    anyOfClientIPAddressesOrRanges: path.addresses.filter((a) => parseIpEntry(a).ok),
    usernameMatchesAnyOfPatterns:
      set.profile === 'ExchangeServer' ? [] : [...new Set(path.users.map((u) => usernameSubject(u.user)).filter((s) => s !== '' && !s.includes('*')))],
  });
}

/**
 * An admin path read off an allow rule that lets Remote PowerShell through ("Use as admin path" in the
 * editor): the admin protocols the rule allows (both when it names no protocol, minus protocol
 * exceptions), its valid addresses (none: from anywhere) and its exact username patterns as accounts
 * (patterns with `*` name no single account and are left out, so the accounts may come back empty
 * and the admin has to add them).
 *
 * @example adminPathFromRule(createRule({ anyOfProtocols: ['RemotePowerShell'], anyOfClientIPAddressesOrRanges: ['192.0.2.0/24'], usernameMatchesAnyOfPatterns: ['contoso.com\\admin'] }))
 * // { protocols: ['RemotePowerShell'], addresses: ['192.0.2.0/24'], users: [{ user: 'contoso.com\\admin', attributes: {} }] }
 */
export function adminPathFromRule(rule: Rule): AdminPath {
  const protocols = ADMIN_PROTOCOLS.filter(
    (p) => (rule.anyOfProtocols.length === 0 || rule.anyOfProtocols.includes(p)) && !rule.exceptAnyOfProtocols.includes(p),
  );
  return {
    protocols: [...protocols],
    addresses: rule.anyOfClientIPAddressesOrRanges.filter((a) => parseIpEntry(a).ok),
    users: [...new Set(rule.usernameMatchesAnyOfPatterns.map((p) => p.trim()).filter((p) => p !== '' && !p.includes('*')))].map((user) => ({ user, attributes: {} })),
  };
}

/**
 * Whether one rule on its own allows every connection on the admin path (so it protects the path
 * wherever it sits above the deny rules), with a connection on the path it does not match when it
 * does not. Exact: the proof of `proveAdminPath` on the rule (enabled) followed by a rule that denies
 * everything.
 *
 * @example ruleCoversAdminPath(guardRule(), path).covered // true: the guard allows all Remote PowerShell
 */
export function ruleCoversAdminPath(rule: Rule, path: AdminPath, profile: RuleSet['profile'] = 'ExchangeOnline'): { covered: boolean; uncovered: Connection | null; problems: string[] } {
  const denyAll = createRule({ name: 'Deny everything else', action: 'DenyAccess' });
  const proof = proveAdminPath({ profile, rules: [{ ...rule, enabled: true, datacenterAdminsOnly: false }, denyAll], tests: [] }, path);
  return { covered: proof.proven, uncovered: proof.counterexample, problems: proof.problems };
}

/**
 * An admin path in an admin's words.
 *
 * @example describeAdminPath({ protocols: ['RemotePowerShell', 'ExchangeAdminCenter'], addresses: ['192.0.2.0/24'], users: [{ user: 'admin@contoso.com', attributes: { Department: 'IT' } }] })
 * // 'Remote PowerShell and Exchange admin center from 192.0.2.0/24 for admin@contoso.com (Department=IT)'
 */
export function describeAdminPath(path: AdminPath): string {
  const protocols = path.protocols.length === 0 ? 'no protocol' : path.protocols.map(shortProtocolName).join(' and ');
  const from = path.addresses.length === 0 ? 'from anywhere' : `from ${path.addresses.join(', ')}`;
  const users =
    path.users.length === 0
      ? 'no admin account yet'
      : path.users.map((u) => `${u.user}${Object.keys(u.attributes).length > 0 ? ` (${Object.entries(u.attributes).map(([k, v]) => `${k}=${v}`).join(', ')})` : ''}`).join(', ');
  return `${protocols} ${from} for ${users}`;
}

/** Most admin-path connections verified; the first ones (every protocol and type for the first account and address) come first. */
const MAX_ADMIN_CHECKS = 24;

/**
 * The admin path (project field `adminPath`) as connections to verify: each protocol, each
 * authentication type it can use, each admin account, from the first address of each address value
 * (or one outside address when the path is "from anywhere"). The rollout script verifies these and the
 * batch what-if lists them.
 *
 * @example adminPathConnections(createRuleSet()) // [] without an admin path
 */
export function adminPathConnections(set: RuleSet): Connection[] {
  const path = set.adminPath;
  if (!path) return [];
  const addresses = path.addresses.flatMap((value) => {
    const parsed = parseIpEntry(value);
    return parsed.ok ? [addressText(entryBounds(parsed.entry)[0], parsed.entry.family)] : [];
  });
  const from = addresses.length > 0 ? addresses : ['203.0.113.10'];
  const out: Connection[] = [];
  for (const ipAddress of from) {
    for (const admin of path.users) {
      for (const protocol of path.protocols) {
        for (const authenticationType of authenticationTypesFor(protocol)) {
          out.push({ protocol, authenticationType, ipAddress, port: 443, user: admin.user, attributes: { ...admin.attributes }, connectionType: 'EndUser' });
        }
      }
    }
  }
  return out.slice(0, MAX_ADMIN_CHECKS);
}
