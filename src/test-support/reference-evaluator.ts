/**
 * A deliberately plain evaluator of spec 3, written independently of the compiled one: it re-reads
 * every IP value and the connection address with ipaddr.js at each check, builds a regular expression
 * for each username pattern at each check and parses the OPath filter at each check. It is the
 * baseline of `npm run bench` and the oracle of the evaluator's property tests; do not use it in the
 * app.
 *
 * It follows the same decisions as `evaluate.ts` (strict dotted-quad IPv4, no zone index in rule
 * values, IPv4-mapped connection addresses also checked as IPv4, invalid values never match, a
 * filter that does not parse is false, blank filter = not used).
 */
import { inEvaluationOrder } from '../core/model/evaluation-order.ts';
import ipaddr from 'ipaddr.js';
import { AUTHENTICATION_TYPES, PROTOCOLS } from '../core/model/types.ts';
import type { Action, Connection, Rule, RuleSet } from '../core/model/types.ts';
import { evaluateOPath } from '../core/opath/evaluate.ts';
import { isBlankFilter, parseOPath } from '../core/opath/parser.ts';

type Ip = ipaddr.IPv4 | ipaddr.IPv6;

function strictParse(text: string): Ip | null {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (text.includes(':') && !text.includes('%') && ipaddr.IPv6.isValid(text)) {
    // ipaddr.js reads the deprecated `::a.b.c.d` as IPv4-mapped; RFC 4291 puts the IPv4 address in the
    // last 32 bits of an all-zero prefix.
    const compat = /^::(\d+\.\d+\.\d+\.\d+)$/.exec(text);
    if (compat !== null) {
      if (!ipaddr.IPv4.isValidFourPartDecimal(compat[1]!)) return null;
      return ipaddr.fromByteArray([...new Array<number>(12).fill(0), ...ipaddr.IPv4.parse(compat[1]!).toByteArray()]);
    }
    const tail = text.slice(text.lastIndexOf(':') + 1);
    if (tail.includes('.') && !ipaddr.IPv4.isValidFourPartDecimal(tail)) return null;
    return ipaddr.IPv6.parse(text);
  }
  return null;
}

function toBig(ip: Ip): bigint {
  let v = 0n;
  for (const b of ip.toByteArray()) v = (v << 8n) | BigInt(b);
  return v;
}

/** Whether one rule value covers one address (both already parsed as given, same-family check inside). */
function valueCovers(value: string, address: Ip): boolean {
  const text = value.trim();
  if (text === '' || /\s/.test(text)) return false;
  if (text.includes('/')) {
    const slash = text.indexOf('/');
    const net = strictParse(text.slice(0, slash));
    const prefixText = text.slice(slash + 1);
    if (net === null || !/^\d{1,3}$/.test(prefixText)) return false;
    const prefix = Number(prefixText);
    if (prefix > (net.kind() === 'ipv4' ? 32 : 128)) return false;
    return net.kind() === address.kind() && address.match(net, prefix);
  }
  if (text.includes('-')) {
    const parts = text.split('-');
    if (parts.length !== 2) return false;
    const start = strictParse(parts[0]!);
    const end = strictParse(parts[1]!);
    if (start === null || end === null || start.kind() !== end.kind() || toBig(start) > toBig(end)) return false;
    return start.kind() === address.kind() && toBig(start) <= toBig(address) && toBig(address) <= toBig(end);
  }
  const single = strictParse(text);
  return single !== null && single.kind() === address.kind() && toBig(single) === toBig(address);
}

function ipListMatches(values: readonly string[], addressText: string): boolean {
  const trimmed = addressText.trim();
  const zone = trimmed.indexOf('%');
  const bare = zone >= 0 && trimmed.includes(':') ? trimmed.slice(0, zone) : trimmed;
  const address = strictParse(bare);
  if (address === null) return false;
  const forms: Ip[] = [address];
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    forms.push((address as ipaddr.IPv6).toIPv4Address());
  }
  return values.some((v) => forms.some((f) => valueCovers(v, f)));
}

function subjectOf(user: string): string {
  const u = user.trim();
  if (u.includes('\\')) return u;
  const at = u.lastIndexOf('@');
  return at < 0 ? u : `${u.slice(at + 1)}\\${u.slice(0, at)}`;
}

function patternMatches(pattern: string, subject: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'is').test(subject);
}

function patternsMatch(patterns: readonly string[], user: string): boolean {
  const subject = subjectOf(user);
  return patterns.some((p) => patternMatches(p.toLowerCase(), subject.toLowerCase()));
}

function filterMatches(text: string, attributes: Record<string, string>): boolean {
  const parsed = parseOPath(text);
  return parsed.ok && evaluateOPath(parsed.ast, attributes);
}

/** Whether a list names the connection's value; unknown strings (bad input) match nothing. */
function named(values: readonly string[], actual: string, known: readonly string[]): boolean {
  return known.includes(actual) && values.includes(actual);
}

function ruleMatches(rule: Rule, c: Connection): boolean {
  if (rule.scope === 'Users' && c.connectionType === 'MiddleTierApp') return false;
  const conditions: boolean[] = [];
  if (rule.anyOfProtocols.length > 0) conditions.push(named(rule.anyOfProtocols, c.protocol, PROTOCOLS));
  if (rule.anyOfAuthenticationTypes.length > 0) conditions.push(named(rule.anyOfAuthenticationTypes, c.authenticationType, AUTHENTICATION_TYPES));
  if (rule.anyOfClientIPAddressesOrRanges.length > 0) conditions.push(ipListMatches(rule.anyOfClientIPAddressesOrRanges, c.ipAddress));
  if (rule.usernameMatchesAnyOfPatterns.length > 0) conditions.push(patternsMatch(rule.usernameMatchesAnyOfPatterns, c.user));
  if (!isBlankFilter(rule.userRecipientFilter)) conditions.push(filterMatches(rule.userRecipientFilter, c.attributes));
  if (!conditions.every(Boolean)) return false;
  const exceptions = [
    named(rule.exceptAnyOfProtocols, c.protocol, PROTOCOLS),
    named(rule.exceptAnyOfAuthenticationTypes, c.authenticationType, AUTHENTICATION_TYPES),
    rule.exceptAnyOfClientIPAddressesOrRanges.length > 0 && ipListMatches(rule.exceptAnyOfClientIPAddressesOrRanges, c.ipAddress),
    rule.exceptUsernameMatchesAnyOfPatterns.length > 0 && patternsMatch(rule.exceptUsernameMatchesAnyOfPatterns, c.user),
  ];
  return !exceptions.some(Boolean);
}

/**
 * The live decision of spec 3, computed the slow, obvious way: DatacenterAdminsOnly rules first,
 * then by priority; the first enabled rule whose conditions all hold and whose exceptions all fail
 * decides; otherwise `AllowAccess`. Microsoft-owned middle-tier apps are always allowed; `Scope
 * Users` rules ignore middle-tier connections.
 *
 * @example referenceDecide(set, connection) === decide(compileRuleSet(set), connection) // always
 */
export function referenceDecide(set: RuleSet, c: Connection): Action {
  if (c.connectionType === 'MicrosoftMiddleTierApp') return 'AllowAccess';
  const ordered = inEvaluationOrder(set.rules);
  for (const rule of ordered) {
    if (rule.enabled && ruleMatches(rule, c)) return rule.action;
  }
  return 'AllowAccess';
}
