/**
 * `switch [-options] (value) { 'a' { … } default { … } }`: the clauses whose literal matches the value
 * run; `default` runs when none does. Part of the control-flow reader (`control-flow.ts`).
 *
 * Decisions:
 * - Literal clauses compare without regard to case, as PowerShell's `switch` does; every clause that
 *   matches runs (a `break` inside is not followed).
 * - With `-Wildcard`, `-Regex` or `-File`, a value the script does not give, or a clause that is not a
 *   literal (`{ $_ -gt 5 }`), the clause is undecided: an alternative assumed to run, with a warning.
 * - Inside a clause `$_` is the switch value.
 */
import type { Token } from '../tokenizer.ts';
import type { Truth } from './conditions.ts';
import { conditionAndBlock, readAlternatives, skipNewlines, tokenize, type Clause, type FlowHost } from './control-flow.ts';
import { short } from './values.ts';

/** `switch [-options] (value) { 'a' { … } default { … } }` at the reader's position (on `switch`). */
export function readSwitch(host: FlowHost): boolean {
  const tokens = host.tokens;
  let j = host.pos + 1;
  let literal = true;
  while (tokens[j]?.kind === 'parameter') {
    if (/^(wildcard|regex|file)$/i.test((tokens[j] as Token).text)) literal = false;
    j += 1;
  }
  const shape = conditionAndBlock(host, j);
  if (shape === null) return false;
  const body = tokenize(shape.block);
  const clauses: { pattern: Token; block: Token }[] = [];
  const inner = body.tokens;
  for (let k = skipNewlines(inner, 0); k < inner.length; k = skipNewlines(inner, k)) {
    const pattern = inner[k] as Token;
    if (pattern.kind === 'semicolon') {
      k += 1;
      continue;
    }
    const b = skipNewlines(inner, k + 1);
    if (inner[b]?.kind !== 'scriptblock') return false;
    clauses.push({ pattern, block: inner[b] as Token });
    k = b + 1;
  }
  host.pos = shape.next;
  const subject = host.evaluate(shape.condition);
  const subjectText = subject.kind === 'string' ? subject.text : subject.kind === 'bool' ? String(subject.value) : null;
  const branches: { clause: Clause; truth: Truth; assumption: string }[] = [];
  let anyTrue = false;
  let anyUnknown = false;
  for (const { pattern, block } of clauses) {
    const isDefault = pattern.kind === 'word' && pattern.text.toLowerCase() === 'default';
    const patternText = pattern.kind === 'string' || pattern.kind === 'word' ? pattern.text : null;
    let truth: Truth = 'unknown';
    if (!isDefault && literal && subjectText !== null && patternText !== null) truth = subjectText.toLowerCase() === patternText.toLowerCase() ? 'true' : 'false';
    if (!isDefault) {
      if (truth === 'true') anyTrue = true;
      if (truth === 'unknown') anyUnknown = true;
    }
    const clause: Clause = { keyword: pattern, condition: null, text: '', block };
    const assumption = isDefault ? `no clause of the switch ${shape.text} matches` : `the switch value ${shape.text} matches ${short(pattern.text)}`;
    branches.push({ clause, truth: isDefault ? 'unknown' : truth, assumption: truth === 'false' ? `the switch value ${shape.text} is not ${short(pattern.text)}` : assumption });
  }
  for (const branch of branches) {
    const isDefault = branch.clause.keyword.kind === 'word' && branch.clause.keyword.text.toLowerCase() === 'default';
    if (!isDefault) continue;
    branch.truth = anyTrue ? 'false' : anyUnknown ? 'unknown' : 'true';
    branch.assumption = anyTrue ? `a clause of the switch ${shape.text} matches` : `no clause of the switch ${shape.text} matches`;
  }
  // `$_` in a clause is the switch value.
  const underscore = host.variables.get('_');
  if (subjectText !== null) host.variables.set('_', subject);
  // Clauses that surely match run one after the other; the undecided ones are alternatives.
  for (const branch of branches.filter((b) => b.truth === 'true')) readAlternatives(host, [branch]);
  readAlternatives(host, branches.filter((b) => b.truth !== 'true'));
  if (underscore === undefined) host.variables.delete('_');
  else host.variables.set('_', underscore);
  return true;
}
