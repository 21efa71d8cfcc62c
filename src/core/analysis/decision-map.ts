/**
 * The decision map (issue 7): a picture of the whole policy. Per kind of user, a grid of the profile's
 * protocols (rows) against address zones (columns): the intervals the rules' IP lists create, merged
 * where every decision agrees. Each cell holds the decision for direct (end-user) connections, per
 * authentication type when they differ, with the deciding rule.
 *
 * Decisions:
 * - Only direct connections (`EndUser`) are mapped; middle-tier apps are listed in the analysis.
 * - Zones inside the IPv4-mapped IPv6 block are left out when they decide exactly like the IPv4 zone
 *   they mirror (the usual case: an IPv4 value matches both); otherwise they are shown.
 * - An IPv6 zone around the IPv4-mapped block is labelled as one range when the mapped addresses in
 *   it decide like their IPv4 twins (shown in the IPv4 zones).
 * - A cell whose decision depends on the authentication type is `mixed`, and lists each type.
 * - User classes that decide every cell alike share one map.
 */
import { AUTHENTICATION_TYPES, PROTOCOLS, SERVER_PROTOCOLS } from '../model/types.ts';
import type { Action, AuthenticationType, Profile, Protocol } from '../model/types.ts';
import { AXIS_END, V6_BASE, describeSpan } from './address-axis.ts';
import type { PolicyAnalysis } from './engine.ts';

export interface MapZone {
  readonly first: bigint;
  readonly last: bigint;
  /** "10.0.0.0/8", "0.0.0.0–9.255.255.255", "any IPv6 address"… */
  readonly label: string;
}

export interface MapCell {
  readonly decision: Action | 'mixed';
  /** Per authentication type: the action and the deciding rule's name (null: no rule, allowed by default). */
  readonly byAuth: readonly { authenticationType: AuthenticationType; action: Action; rule: string | null }[];
}

export interface UserMap {
  /** "users like admin@contoso.com (matching `*\admin*`)". */
  readonly label: string;
  readonly exampleUser: string;
  readonly exampleAttributes: Readonly<Record<string, string>>;
  readonly cells: readonly (readonly MapCell[])[];
}

export interface DecisionMap {
  readonly protocols: readonly Protocol[];
  readonly zones: readonly MapZone[];
  readonly maps: readonly UserMap[];
}

const MAPPED_START = V6_BASE + (0xffffn << 32n);
const MAPPED_END = MAPPED_START + V6_BASE - 1n;

function userLabel(analysis: PolicyAnalysis, classes: readonly number[]): { label: string; user: string } {
  const first = analysis.userClasses[classes[0]!]!;
  if (classes.length === analysis.userClasses.length) return { label: 'Every user', user: first.user };
  const matched = first.matchedPatterns.filter((p) => classes.every((c) => analysis.userClasses[c]!.matchedPatterns.includes(p)));
  const attrs = Object.entries(first.attributes).filter(([k, v]) => classes.every((c) => analysis.userClasses[c]!.attributes[k] === v));
  const parts: string[] = [];
  if (matched.length > 0) parts.push(`matching ${matched.map((p) => `\`${p}\``).join(', ')}`);
  if (attrs.length > 0) parts.push(`with ${attrs.map(([k, v]) => `${k} '${v}'`).join(', ')}`);
  if (parts.length === 0 && first.matchedPatterns.length === 0 && first.unmatchedPatterns.length > 0) parts.push('matching none of the patterns');
  return { label: `Users like ${first.user || '(empty name)'}${parts.length > 0 ? ` (${parts.join('; ')})` : ''}`, user: first.user };
}

/**
 * Builds the decision map of an analysis for a profile (Exchange Server: the two protocols it governs).
 *
 * @example decisionMap(analyzePolicy(set), 'ExchangeServer').protocols // ['ExchangeAdminCenter', 'RemotePowerShell']
 */
export function decisionMap(analysis: PolicyAnalysis, profile: Profile): DecisionMap {
  const protocols = profile === 'ExchangeServer' ? [...SERVER_PROTOCOLS] : [...PROTOCOLS];
  const direct = [...analysis.regions].filter((r) => r.connectionType === 'EndUser');
  const rules = analysis.set.rules;
  // Cut points of every direct region.
  const cuts = new Set<bigint>([0n, V6_BASE, MAPPED_START, MAPPED_END + 1n]);
  for (const r of direct) {
    cuts.add(r.first);
    if (r.last < AXIS_END) cuts.add(r.last + 1n);
  }
  const points = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const elementary = points.map((p, i) => [p, i + 1 < points.length ? points[i + 1]! - 1n : AXIS_END] as const);
  const classes = analysis.userClasses.map((_, i) => i);
  // decision(user class, protocol, auth, point) via the regions of each cell.
  const cellRegions = new Map<string, typeof direct>();
  for (const r of direct) {
    for (const p of r.protocols)
      for (const a of r.authenticationTypes)
        for (const u of r.userClasses) {
          const key = `${u}|${p}|${a}`;
          const list = cellRegions.get(key);
          if (list) list.push(r);
          else cellRegions.set(key, [r]);
        }
  }
  const decideAt = (u: number, p: Protocol, a: AuthenticationType, x: bigint) => {
    const list = cellRegions.get(`${u}|${p}|${a}`) ?? [];
    let lo = 0;
    let hi = list.length - 1;
    let r: (typeof list)[number] | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const q = list[mid]!;
      if (x < q.first) hi = mid - 1;
      else if (x > q.last) lo = mid + 1;
      else {
        r = q;
        break;
      }
    }
    return { action: r?.action ?? 'AllowAccess', rule: r && r.ruleIndex !== null ? rules[r.ruleIndex]!.name : null };
  };
  const columnOf = (u: number, x: bigint): MapCell[] =>
    protocols.map((p) => {
      const byAuth = AUTHENTICATION_TYPES.map((a) => ({ authenticationType: a, ...decideAt(u, p, a, x) }));
      const actions = new Set(byAuth.map((b) => b.action));
      return { decision: actions.size === 1 ? byAuth[0]!.action : 'mixed', byAuth };
    });
  const signature = (cells: MapCell[]) => cells.map((c) => c.byAuth.map((b) => `${b.action}:${b.rule ?? ''}`).join(',')).join(';');
  // Columns per elementary interval and class; merge neighbours equal for every class.
  const columns = elementary.map(([first]) => classes.map((u) => columnOf(u, first)));
  const zones: MapZone[] = [];
  const zoneColumns: MapCell[][][] = [];
  elementary.forEach(([first, last], i) => {
    const sig = columns[i]!.map(signature).join('|');
    const prev = zones[zones.length - 1];
    const prevSig = zoneColumns.length > 0 ? zoneColumns[zoneColumns.length - 1]!.map(signature).join('|') : null;
    const boundary = first === V6_BASE || first === MAPPED_START || first === MAPPED_END + 1n;
    if (prev && prevSig === sig && !boundary) {
      zones[zones.length - 1] = { first: prev.first, last, label: '' };
    } else {
      zones.push({ first, last, label: '' });
      zoneColumns.push(columns[i]!);
    }
  });
  // Drop mapped zones that mirror their IPv4 zone.
  const kept: number[] = [];
  zones.forEach((z, i) => {
    if (z.first >= MAPPED_START && z.last <= MAPPED_END) {
      const v4 = z.first - MAPPED_START;
      const twin = zones.findIndex((y) => y.first <= v4 && v4 <= y.last && y.last < V6_BASE);
      if (twin >= 0 && zoneColumns[twin]!.map(signature).join('|') === zoneColumns[i]!.map(signature).join('|')) return;
    }
    kept.push(i);
  });
  // Join IPv6 neighbours that the dropped mapped block separated, when they decide alike.
  const joined: number[][] = [];
  for (const i of kept) {
    const last = joined[joined.length - 1];
    const j = last?.[last.length - 1];
    const sigOf = (k: number) => zoneColumns[k]!.map(signature).join('|');
    if (last && j !== undefined && zones[j]!.first >= V6_BASE && zones[i]!.first > MAPPED_END && zones[j]!.last < MAPPED_START && sigOf(j) === sigOf(i)) last.push(i);
    else joined.push([i]);
  }
  const finalZones = joined.map((g) => {
    const first = zones[g[0]!]!.first;
    const last = zones[g[g.length - 1]!]!.last;
    return { first, last, label: describeSpan(first, last) };
  });
  const keptCols = joined.map((g) => g[0]!);
  // Group user classes that see every cell alike.
  const groups = new Map<string, number[]>();
  for (const u of classes) {
    const sig = keptCols.map((i) => signature(zoneColumns[i]![u]!)).join('|');
    const g = groups.get(sig);
    if (g) g.push(u);
    else groups.set(sig, [u]);
  }
  const maps: UserMap[] = [...groups.values()].map((us) => {
    const { label, user } = userLabel(analysis, us);
    const u = us[0]!;
    return { label, exampleUser: user, exampleAttributes: analysis.userClasses[u]!.attributes, cells: protocols.map((_, row) => keptCols.map((i) => zoneColumns[i]![u]![row]!)) };
  });
  return { protocols, zones: finalZones, maps };
}
