import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tokenizePowerShell } from '../tokenizer.ts';
import { quoteLiteral } from '../quote.ts';
import { expression } from './expressions.ts';
import { newShared, Reader } from './reader-state.ts';
import type { Value } from './values.ts';

/** The value of `text` read in expression mode, with `vars` assigned (as a script's earlier lines would). */
function valueOf(text: string, vars: Record<string, string | string[]> = {}): Value {
  const { tokens } = tokenizePowerShell(text);
  const reader = new Reader(tokens, new Map(), newShared(vars), undefined, text);
  return expression(reader, false);
}

/** Plain data of a value: text, lists, hashtables, null; the kind for anything else. */
function plain(value: Value): unknown {
  switch (value.kind) {
    case 'string':
      return value.text;
    case 'list':
      return value.items.map(plain);
    case 'hashtable':
      return Object.fromEntries(value.entries.map((e) => [e.key, plain(e.value)]));
    case 'null':
      return null;
    case 'bool':
      return value.value;
    default:
      return value.kind;
  }
}

describe('the value reader', () => {
  it('@( ) with quoted items, commas and line breaks gives the items (property, hostile text)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 12 }), { maxLength: 6 }), fc.constantFrom(', ', ',\n  ', '\n'), (items, sep) => {
        expect(plain(valueOf(`@(${items.map((item) => quoteLiteral(item)).join(sep)})`))).toEqual(items);
      }),
      { numRuns: 200 },
    );
  });

  it('hashtables, their members, [char] codes and + joins', () => {
    expect(plain(valueOf("@{ Name = 'A'; Protocols = @('POP3', 'IMAP4') }"))).toEqual({ Name: 'A', Protocols: ['POP3', 'IMAP4'] });
    expect(plain(valueOf("('Block' + [char]0x20 + 'OWA')"))).toBe('Block OWA');
    expect(plain(valueOf('$p', { p: ['a', 'b'] }))).toEqual(['a', 'b']);
    expect(plain(valueOf('"Rule $n"', { n: 'X' }))).toBe('Rule X');
  });

  it('what cannot be computed is said, never guessed; an unassigned variable is open', () => {
    expect(valueOf('(Get-Content ips.txt)').kind).toBe('unresolved');
    expect(valueOf('"$(Get-Date)"').kind).toBe('unresolved');
    expect(valueOf('$Unassigned')).toMatchObject({ kind: 'variable', name: 'Unassigned' });
    expect(valueOf('$_').kind).toBe('unresolved');
  });
});
