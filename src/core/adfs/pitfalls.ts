/**
 * Explains the known pitfalls of a claim rule set (seed 004 and the samples copied around): the
 * `https://` claim types, `!=`/`==` where a regex was meant, IP regexes that match more (or fewer)
 * addresses than they list, unanchored SID patterns, deny rules that also hit internal requests,
 * and a set that permits nothing.
 *
 * Decision: the IP check is empirical, not a proof. For every dotted address written literally in a
 * pattern on `x-ms-forwarded-client-ip`, it asks the compiled regex about that address and about
 * neighbours that are different addresses with the same text inside (`10.83.118.23` → `10.83.118.230`,
 * `110.83.118.23`) and about the address in second place of a list. A different answer for the
 * same address in another position, or the same answer for a different address, is reported with the
 * concrete example.
 */
import type { SourceFinding } from '../model/types.ts';
import { CLAIM_TYPES, httpsTypo, SID_PATTERN } from './claims.ts';
import type { ClaimRule, ClaimTest } from './claim-rules.ts';

const V4_IN_PATTERN = /(?<![0-9])(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(?:\\?\.(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}(?![0-9])/g;
const REGEX_LOOKING = /[\\^$|()[\]*+?{}]/;

function isIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

function at(t: { line: number; column: number }): { line: number; column: number } {
  return { line: t.line, column: t.column };
}

function ipFindings(t: ClaimTest, regex: RegExp): SourceFinding[] {
  const out: SourceFinding[] = [];
  const literals = [...new Set([...t.value.matchAll(V4_IN_PATTERN)].map((m) => m[0].replace(/\\\./g, '.')))];
  const listed = new Set(literals);
  const other = '198.51.100.254';
  for (const ip of literals) {
    const answer = regex.test(ip);
    const neighbours = [`${ip}0`, `${ip}5`, `1${ip}`, `2${ip}`].filter((n) => isIpv4(n) && !listed.has(n));
    const same = neighbours.find((n) => regex.test(n) === answer);
    if (same) {
      out.push({
        severity: 'warning',
        ...at(t),
        message: `the pattern answers the same for ${same} as for ${ip} (${answer ? 'both match' : 'neither matches'}): the address is not anchored at both ends, so ${same} counts as ${ip}. Anchor each address, e.g. (?:^|,) *10\\.0\\.0\\.1 *(?:,|$), or generate the pattern (adfs regex)`,
      });
    }
    if (regex.test(`${other}, ${ip}`) !== regex.test(`${ip}, ${other}`)) {
      out.push({
        severity: 'warning',
        ...at(t),
        message: `the pattern looks only at the first address of the claim: "${ip}, ${other}" and "${other}, ${ip}" get different answers. x-ms-forwarded-client-ip can hold several comma-separated addresses`,
      });
    }
  }
  if (/[0-9a-f]{1,4}:[0-9a-f:]*:/i.test(t.value)) {
    out.push({ severity: 'info', ...at(t), message: 'the pattern mentions an IPv6 address; Exchange Online forwards IPv4 addresses only, so it never matches' });
  }
  return out;
}

/**
 * The pitfall findings of a parsed claim rule set, each with the line and column of the test or rule
 * it is about, a severity (error: the rule cannot work as written) and what to do.
 *
 * @example explainPitfalls(parseClaimRules('exists([Type == "https://schemas.microsoft.com/2012/01/requestcontext/claims/x-ms-proxy"]) => issue(Type = "http://schemas.microsoft.com/authorization/claims/deny", Value = "true");').rules)
 * // [{ severity: 'error', message: 'https://… never matches …' }, …]
 */
export function explainPitfalls(rules: readonly ClaimRule[]): SourceFinding[] {
  const out: SourceFinding[] = [];
  let permits = false;
  for (const rule of rules) {
    for (const cond of rule.conditions) {
      const typeTest = cond.tests.find((t) => t.property === 'Type' && t.operator === '==');
      // The claim the condition means, also when written with https:// (both mistakes get explained).
      const type = typeTest ? (httpsTypo(typeTest.value) ?? typeTest.value) : undefined;
      for (const t of cond.tests) {
        if (t.property === 'Type') {
          const fixed = httpsTypo(t.value);
          if (fixed) {
            out.push({ severity: 'error', ...at(t), message: `the claim type ${t.value} never matches: AD FS issues ${fixed} (http, not https, whatever Microsoft's page prints)` });
          }
          continue;
        }
        if ((t.operator === '!=' || t.operator === '==') && REGEX_LOOKING.test(t.value)) {
          out.push({
            severity: 'warning',
            ...at(t),
            message: `${t.property} ${t.operator} "${t.value}" compares the text literally, but the value looks like a regular expression; write ${t.operator === '!=' ? '!~' : '=~'} for a pattern`,
          });
        }
        if (t.regex && type === CLAIM_TYPES.forwardedClientIp) out.push(...ipFindings(t, t.regex));
        if (t.regex && type === CLAIM_TYPES.groupSid && SID_PATTERN.test(t.value)) {
          out.push({
            severity: 'warning',
            ...at(t),
            message: `Value =~ "${t.value}" is an unanchored pattern: it also matches longer SIDs such as ${t.value}4; compare the SID exactly with == (or anchor it: ^${t.value}$)`,
          });
        }
      }
    }
    const issuedType = rule.issue.type?.kind === 'literal' ? rule.issue.type.text : undefined;
    if (issuedType !== undefined) {
      const fixed = httpsTypo(issuedType);
      if (fixed) out.push({ severity: 'error', ...at(rule.issue), message: `the issued type ${issuedType} is not the authorization claim AD FS acts on; write ${fixed}` });
      if (issuedType === CLAIM_TYPES.permit && rule.issue.verb === 'issue') permits = true;
      if (issuedType === CLAIM_TYPES.deny) {
        const checksProxy = rule.conditions.some(
          (c) => c.kind !== 'not-exists' && c.tests.some((t) => t.property === 'Type' && t.operator === '==' && t.value === CLAIM_TYPES.proxy),
        );
        if (!checksProxy) {
          out.push({
            severity: 'warning',
            ...at(rule),
            message: `rule "${rule.name}" denies without exists([Type == "${CLAIM_TYPES.proxy}"]): it also applies to requests from inside the corporate network, which do not pass the federation server proxy`,
          });
        }
      }
    }
  }
  if (rules.length > 0 && !permits) {
    out.push({ severity: 'warning', line: 1, column: 1, message: 'no rule issues the permit claim, so AD FS refuses every token; keep "Permit Access to All Users" (=> issue(Type = "http://schemas.microsoft.com/authorization/claims/permit", Value = "true");)' });
  }
  return out;
}
