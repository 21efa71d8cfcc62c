/**
 * Scaling of the script reader on many list edits of one rule (issue 13): `n` lines of
 * `Set-ClientAccessRule -Identity 'r' -AnyOfClientIPAddressesOrRanges @{Add='10.x.y.z'}` after one
 * New, parsed and replayed, at 1× and 8× the input. Prints the times and their ratio (goal ≤ 10 for
 * 8× the input: linear, with room for noise).
 */
import { timed } from './support.ts';
import { createRuleSet } from '../src/core/model/rule-set.ts';
import { parseScript } from '../src/core/powershell/parser.ts';
import { replayCommands } from '../src/core/powershell/replay.ts';

function manyAdds(n: number): string {
  const lines = ["New-ClientAccessRule -Name 'r' -Action DenyAccess"];
  for (let i = 0; i < n; i++) lines.push(`Set-ClientAccessRule -Identity 'r' -AnyOfClientIPAddressesOrRanges @{Add='10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}'}`);
  return lines.join('\n');
}

/** Prints parse + replay time for 5,000 and 40,000 @{Add=…} lines and the ratio. */
export function runReplayScalingBench(): void {
  const small = manyAdds(5_000);
  const large = manyAdds(40_000);
  const read = (text: string) => replayCommands(createRuleSet(), parseScript(text).commands);
  const one = timed(() => read(small), 3);
  const eight = timed(() => read(large), 3);
  const ratio = eight.ms / one.ms;
  console.log(`Set @{Add=…} lines on one rule: 5,000 lines (${Math.round(small.length / 1024)} KB) ${one.ms.toFixed(0)} ms; 40,000 lines (${Math.round(large.length / 1024)} KB) ${eight.ms.toFixed(0)} ms; ratio ${ratio.toFixed(1)} (goal ≤ 10)`);
}
