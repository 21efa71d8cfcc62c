/**
 * What a change does to access (issue 7): the connections whose live decision differs between two rule
 * sets (the baseline and the draft, or any two files), in an admin's words, merged so the list stays
 * short, each with an example connection.
 *
 * How: one space is cut for the rules of both sets together (`buildSpace` over both pools), so every
 * region is constant for every rule of either set; each region is decided once per set.
 *
 * Decisions:
 * - Rules are named by their name in their own set; the deciding rule can differ on each side.
 * - Flips are merged by (from, to, rule before, rule after). A merged entry lists every protocol,
 *   authentication type, address zone and kind of user where that flip happens; not every combination
 *   of those necessarily flips, the example connection is one that does.
 * - Microsoft middle-tier connections never flip (always allowed), so they never appear.
 */
import { AUTHENTICATION_TYPES, PROTOCOLS } from '../model/types.ts';
import type { Action, Connection, ConnectionType, RuleSet } from '../model/types.ts';
import { compileRuleSet } from '../evaluator/evaluate.ts';
import { shortAuthenticationName, shortProtocolName } from '../describe.ts';
import { describeSpan, examplePoint, mergeSpans, withoutMappedTwins } from './address-axis.ts';
import type { Span } from './address-axis.ts';
import { buildSpace, cellConnection, sweepAddresses } from './engine.ts';
import type { AnalysisOptions, Cell, Space, UserClass } from './engine.ts';

/** One merged change of decision. */
export interface Flip {
  from: Action;
  to: Action;
  /** Deciding rule before / after (null: no rule matched, allowed by default). */
  fromRule: string | null;
  toRule: string | null;
  /** "Remote PowerShell, Basic, from 203.0.113.0/24, users matching `*\admin*`: allowed → denied by 'Block RPS'". */
  description: string;
  example: Connection;
}

export interface PolicyDiff {
  flips: Flip[];
  /** False when the user side could not be enumerated exactly (see `unknown`). */
  complete: boolean;
  unknown: string[];
}

interface RawFlip {
  cell: Cell;
  spans: Span[];
  fromK: number;
  toK: number;
}

function outcome(action: Action, rule: string | null): string {
  const verb = action === 'AllowAccess' ? 'allowed' : 'denied';
  return rule === null ? `${verb} (no rule matches)` : `${verb} by '${rule}'`;
}

function listWords(words: readonly string[], max = 4): string {
  if (words.length <= max) return words.join(', ');
  return `${words.slice(0, max).join(', ')} and ${words.length - max} more`;
}

function describeUsers(space: Space, classes: ReadonlySet<number>): string {
  if (classes.size === space.userClasses.length) return 'any user';
  const list = [...classes].map((i) => space.userClasses[i]!) as UserClass[];
  const matchedByAll = list[0]!.matchedPatterns.filter((p) => list.every((c) => c.matchedPatterns.includes(p)));
  const unmatchedByAll = list[0]!.unmatchedPatterns.filter((p) => list.every((c) => c.unmatchedPatterns.includes(p)));
  const parts: string[] = [];
  if (matchedByAll.length > 0) parts.push(`matching ${matchedByAll.map((p) => `\`${p}\``).join(' and ')}`);
  if (unmatchedByAll.length > 0 && unmatchedByAll.length <= 3) parts.push(`not matching ${unmatchedByAll.map((p) => `\`${p}\``).join(' or ')}`);
  const attrs = Object.entries(list[0]!.attributes).filter(([k, v]) => list.every((c) => c.attributes[k] === v));
  if (attrs.length > 0) parts.push(`with ${attrs.map(([k, v]) => `${k} '${v}'`).join(', ')}`);
  if (parts.length === 0) return `some users (e.g. ${list[0]!.user || 'an empty user name'})`;
  return `users ${parts.join(', ')}`;
}

function describeFlip(space: Space, group: RawFlip[], from: string, to: string): string {
  const protocols = new Set(group.flatMap((g) => g.cell.protocols));
  const auths = new Set(group.flatMap((g) => g.cell.authenticationTypes));
  const types = new Set<ConnectionType>(group.map((g) => g.cell.connectionType));
  const users = new Set(group.flatMap((g) => g.cell.userClasses));
  const spans = withoutMappedTwins(mergeSpans(group.flatMap((g) => g.spans)));
  const parts: string[] = [];
  parts.push(protocols.size === PROTOCOLS.length ? 'every protocol' : listWords(PROTOCOLS.filter((p) => protocols.has(p)).map(shortProtocolName), 6));
  if (auths.size < AUTHENTICATION_TYPES.length) parts.push(listWords(AUTHENTICATION_TYPES.filter((a) => auths.has(a)).map(shortAuthenticationName)));
  const whole = spans.length === 1 && spans[0]![0] === 0n && describeSpan(spans[0]![0], spans[0]![1]) === 'any address';
  parts.push(whole ? 'from anywhere' : `from ${listWords(spans.map(([a, b]) => describeSpan(a, b)), 3)}`);
  parts.push(describeUsers(space, users));
  if (types.size === 1) parts.push(types.has('EndUser') ? 'direct connections only' : 'through middle-tier apps only');
  return `${parts.join(', ')}: ${from} → ${to}`;
}

/**
 * The connections whose live decision differs between `before` and `after`, merged by what changed
 * (see the module comment). Empty when the two sets decide every connection alike, whatever their
 * wording or order.
 *
 * @example diffPolicies(baseline, draft).flips[0].description
 * // "RPS, Basic, Non-basic, from anywhere, any user: allowed (no rule matches) → denied by 'Block RPS'"
 */
export function diffPolicies(before: RuleSet, after: RuleSet, options: AnalysisOptions = {}): PolicyDiff {
  const a = compileRuleSet(before).live;
  const b = compileRuleSet(after).live;
  const nA = a.length;
  const pool = [...a, ...b];
  const space = buildSpace(pool, options);
  const raw: RawFlip[] = [];
  const cache = new Map<string, { first: bigint; last: bigint; fromK: number; toK: number }[]>();
  for (const cell of space.cells) {
    let runs = cache.get(cell.key);
    if (!runs) {
      const found: { first: bigint; last: bigint; fromK: number; toK: number }[] = [];
      sweepAddresses(cell.candidates, space, (state, first, last) => {
        let fromK = -1;
        let toK = -1;
        for (let j = 0; j < state.length; j++) {
          if (state[j] !== 0) continue;
          const k = cell.candidates[j]!.k;
          if (k < nA) {
            if (fromK < 0) fromK = k;
          } else if (toK < 0) toK = k;
          if (fromK >= 0 && toK >= 0) break;
        }
        const fromAction: Action = fromK < 0 ? 'AllowAccess' : pool[fromK]!.action;
        const toAction: Action = toK < 0 ? 'AllowAccess' : pool[toK]!.action;
        if (fromAction === toAction) return;
        const prev = found[found.length - 1];
        if (prev && prev.fromK === fromK && prev.toK === toK && prev.last + 1n === first) prev.last = last;
        else found.push({ first, last, fromK, toK });
      });
      runs = found;
      cache.set(cell.key, runs);
    }
    for (const r of runs) raw.push({ cell, spans: [[r.first, r.last]], fromK: r.fromK, toK: r.toK });
  }
  const groups = new Map<string, RawFlip[]>();
  for (const r of raw) {
    const key = `${r.fromK}|${r.toK}`;
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  const flips: Flip[] = [];
  for (const group of groups.values()) {
    const { fromK, toK } = group[0]!;
    const fromRule = fromK < 0 ? null : pool[fromK]!.rule.name;
    const toRule = toK < 0 ? null : pool[toK]!.rule.name;
    const from: Action = fromK < 0 ? 'AllowAccess' : pool[fromK]!.action;
    const to: Action = toK < 0 ? 'AllowAccess' : pool[toK]!.action;
    const first = group[0]!;
    const [s, e] = first.spans[0]!;
    flips.push({
      from,
      to,
      fromRule,
      toRule,
      description: describeFlip(space, group, outcome(from, fromRule), outcome(to, toRule)),
      example: cellConnection(space, first.cell, examplePoint(s, e)),
    });
  }
  return { flips, complete: space.unknown.length === 0, unknown: [...space.unknown] };
}
