import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isReviewDate, isReviewOverdue, noteLines, normalizeNotes } from './notes.ts';
import { PROJECT_FORMAT, PROJECT_VERSION, parseProjectFile, projectFromUnknown, serializeProjectFile } from './project-file.ts';
import { createRule, createRuleSet, replaceRules, setRuleNote } from './rule-set.ts';
import { RULE_NOTE_FIELDS, type RuleNotes } from './types.ts';

const head = { format: PROJECT_FORMAT, version: PROJECT_VERSION };

describe('review dates', () => {
  it('is overdue only after the review day, and only for a real date', () => {
    expect(isReviewOverdue({ reviewDate: '2026-03-31' }, '2026-04-01')).toBe(true);
    expect(isReviewOverdue({ reviewDate: '2026-03-31' }, '2026-03-31')).toBe(false);
    expect(isReviewOverdue({ reviewDate: '2025-12-31' }, '2026-01-01')).toBe(true);
    expect(isReviewOverdue({ reviewDate: '2023-02-29' }, '2026-01-01')).toBe(false);
    expect(isReviewOverdue({ owner: 'Ops' }, '2026-01-01')).toBe(false);
    expect(isReviewOverdue(undefined, '2026-01-01')).toBe(false);
  });

  it('accepts real calendar dates only', () => {
    expect(isReviewDate('2026-03-31')).toBe(true);
    expect(isReviewDate('2024-02-29')).toBe(true);
    expect(isReviewDate('2023-02-29')).toBe(false);
    expect(isReviewDate('2026-13-01')).toBe(false);
    expect(isReviewDate('31/03/2026')).toBe(false);
    expect(isReviewDate('2026-3-31')).toBe(false);
  });
});

describe('normalizeNotes and noteLines', () => {
  it('drops blank fields and empty notes', () => {
    expect(normalizeNotes({ owner: 'Ops', ticket: '  ' })).toEqual({ owner: 'Ops' });
    expect(normalizeNotes({ description: '' })).toBeUndefined();
    expect(normalizeNotes(undefined)).toBeUndefined();
  });
  it('lists the set fields in order with labels', () => {
    expect(noteLines({ ticket: 'CHG-7', description: 'Why', reviewDate: '2026-06-30' })).toEqual([
      'Description: Why',
      'Ticket: CHG-7',
      'Review date: 2026-06-30',
    ]);
  });
});

describe('notes in the project file', () => {
  it('reads and writes notes; a rule without notes writes no notes key (old files keep their text)', () => {
    const text = serializeProjectFile(
      replaceRules(createRuleSet(), [
        createRule({ name: 'A', notes: { description: "Bob's rule", owner: 'Ops', ticket: 'CHG-1', reviewDate: '2026-06-30' } }),
        createRule({ name: 'B' }),
      ]),
    );
    const parsed = parseProjectFile(text);
    if (!parsed.ok) throw new Error('not ok');
    expect(parsed.ruleSet.rules[0]?.notes).toEqual({ description: "Bob's rule", owner: 'Ops', ticket: 'CHG-1', reviewDate: '2026-06-30' });
    expect(parsed.ruleSet.rules[0]?.extra).toBeUndefined();
    expect(parsed.ruleSet.rules[1]?.notes).toBeUndefined();
    expect(text.match(/"notes"/g)).toHaveLength(1);
    expect(serializeProjectFile(parsed.ruleSet)).toBe(text);
  });

  it('opens an old file without notes unchanged', () => {
    const old = serializeProjectFile(replaceRules(createRuleSet(), [createRule({ name: 'Old', action: 'DenyAccess' })]));
    const parsed = parseProjectFile(old);
    expect(parsed.ok && serializeProjectFile(parsed.ruleSet)).toBe(old);
  });

  it('rejects a review date that is not YYYY-MM-DD, saying where', () => {
    const result = projectFromUnknown({ ...head, rules: [{ name: 'A', action: 'AllowAccess', notes: { reviewDate: 'next June' } }] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toEqual([{ path: 'rules[0].notes.reviewDate', message: "expected a date written YYYY-MM-DD, got 'next June'" }]);
  });

  it('round-trips any notes (property)', () => {
    const text = fc.string({ maxLength: 20 });
    const notesArb: fc.Arbitrary<RuleNotes> = fc.record(
      { description: text, owner: text, ticket: text, reviewDate: fc.constantFrom('2026-01-31', '2025-12-01', '') },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(notesArb, { maxLength: 4 }), (all) => {
        const set = replaceRules(createRuleSet(), all.map((notes, i) => createRule({ name: `R${i}`, notes })));
        const parsed = parseProjectFile(serializeProjectFile(set));
        if (!parsed.ok) return false;
        return parsed.ruleSet.rules.every((r, i) => JSON.stringify(r.notes) === JSON.stringify(normalizeNotes(all[i])));
      }),
    );
  });
});

describe('setRuleNote', () => {
  it('sets and clears a field, and removes empty notes', () => {
    const rule = createRule({ name: 'A' });
    const set = replaceRules(createRuleSet(), [rule]);
    const withOwner = setRuleNote(set, rule.id, 'owner', 'Ops');
    expect(withOwner.rules[0]?.notes).toEqual({ owner: 'Ops' });
    expect(setRuleNote(withOwner, rule.id, 'owner', 'Ops')).toBe(withOwner);
    const cleared = setRuleNote(withOwner, rule.id, 'owner', '');
    expect(cleared.rules[0]).not.toHaveProperty('notes');
    expect(setRuleNote(set, 'nope', 'owner', 'x')).toBe(set);
    for (const field of RULE_NOTE_FIELDS) expect(setRuleNote(set, rule.id, field, 'x').rules[0]?.notes?.[field]).toBe('x');
  });
});

describe('notes in generated scripts', () => {
  it('are comments above the New command, quoted so they cannot break out of the comment', async () => {
    const { generateScript } = await import('../powershell/generate.ts');
    const { parseScript } = await import('../powershell/parser.ts');
    const set = replaceRules(createRuleSet(), [
      createRule({ name: 'A', notes: { description: "it's\nRemove-ClientAccessRule x", owner: 'Ops' } }),
    ]);
    const script = generateScript(set);
    expect(script).toContain("# Note Description: ('it''s' + [char]0x000A + 'Remove-ClientAccessRule x')\n# Note Owner: 'Ops'\nNew-ClientAccessRule -Name 'A'");
    expect(parseScript(script).commands.map((c) => c.cmdlet)).toEqual(['New-ClientAccessRule']);
  });
});
