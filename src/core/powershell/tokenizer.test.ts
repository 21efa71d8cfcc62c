import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { tokenizePowerShell } from './tokenizer.ts';

const kinds = (text: string) => tokenizePowerShell(text).tokens.map((t) => t.kind);
const texts = (text: string) => tokenizePowerShell(text).tokens.map((t) => t.text);

describe('tokenizePowerShell', () => {
  it('splits a command into words, parameters, strings and list commas', () => {
    expect(kinds("New-ClientAccessRule –Name 'Block' -AnyOfProtocols IMAP4,POP3")).toEqual(['word', 'parameter', 'string', 'parameter', 'word', 'comma', 'word']);
    expect(texts("New-ClientAccessRule –Name 'Block'")).toEqual(['New-ClientAccessRule', 'Name', 'Block']);
  });

  it('a backtick at the end of a line continues it (spaces after the backtick allowed); elsewhere it escapes', () => {
    expect(kinds('a `\n b `  \r\n c')).toEqual(['word', 'word', 'word']);
    expect(texts('a` b')).toEqual(['a b']);
  });

  it('keeps line and column right across CRLF, continuations and block comments', () => {
    const { tokens } = tokenizePowerShell('<# one\r\ntwo #>\r\n  x `\r\n    -Name y');
    const x = tokens.find((t) => t.text === 'x');
    const name = tokens.find((t) => t.kind === 'parameter');
    expect([x?.line, x?.column]).toEqual([3, 3]);
    expect([name?.line, name?.column]).toEqual([4, 5]);
  });

  it('collects # comments by line and skips <# #> blocks', () => {
    const result = tokenizePowerShell('a # expect: DenyAccess\n<# b #> c');
    expect(result.tokens.map((t) => t.text)).toEqual(['a', '\n', 'c']);
    expect(result.comments.get(1)).toBe(' expect: DenyAccess');
  });

  it('parameters: every dash form, the colon form, and not a negative number', () => {
    const { tokens } = tokenizePowerShell('-a –b —c ―d -Confirm:$false -1');
    expect(tokens.map((t) => [t.kind, t.text])).toEqual([
      ['parameter', 'a'],
      ['parameter', 'b'],
      ['parameter', 'c'],
      ['parameter', 'd'],
      ['parameter', 'Confirm'],
      ['variable', 'false'],
      ['word', '-1'],
    ]);
    expect(tokens[4]?.colon).toBe(true);
    expect(tokens[1]?.typographicDash).toBe(true);
  });

  it('single-quoted strings: any single-quote closes, doubled ones stand for the second', () => {
    expect(texts("'it''s' ‘O’’Brien’ '‘‘'")).toEqual(["it's", 'O’Brien', '‘']);
    expect(texts("'a $x `n b'")).toEqual(['a $x `n b']);
  });

  it('double-quoted strings: escapes resolved, $ expansions kept as parts', () => {
    const { tokens } = tokenizePowerShell('"a`tb ""q"" `$x $y $(Get-Date) 5$"');
    expect(tokens).toHaveLength(1);
    expect(tokens[0]?.parts).toEqual([
      { kind: 'text', text: 'a\tb "q" $x ' },
      { kind: 'variable', name: 'y' },
      { kind: 'text', text: ' ' },
      { kind: 'subexpression', text: '$(Get-Date)' },
      { kind: 'text', text: ' 5$' },
    ]);
    expect(tokenizePowerShell('“plain”').tokens[0]).toMatchObject({ text: 'plain', quote: 'double' });
    expect(tokenizePowerShell('"`u{202E}"').tokens[0]?.text).toBe('\u202E');
  });

  it('here-strings', () => {
    expect(texts("@'\nline 'one'\n$two\n'@")).toEqual(["line 'one'\n$two"]);
    expect(tokenizePowerShell('@"\nhi $x\n"@').tokens[0]?.parts).toBeDefined();
  });

  it('script blocks are one token with their inner text, braces inside quotes ignored', () => {
    const { tokens } = tokenizePowerShell("{City -eq '}' -and {x}} z");
    expect(tokens.map((t) => [t.kind, t.text])).toEqual([
      ['scriptblock', "City -eq '}' -and {x}"],
      ['word', 'z'],
    ]);
  });

  it('@( @{ @splat $var ${braced} [type] <placeholder>', () => {
    expect(kinds('@( @{ @params $ips ${my var} [char] <PriorityValue> [enter your IPs here]')).toEqual([
      'array-start',
      'hash-start',
      'splat',
      'variable',
      'variable',
      'bracket',
      'placeholder',
      'bracket',
    ]);
    expect(texts('${my var}')).toEqual(['my var']);
  });

  it('a number ends at + in a concatenation', () => {
    expect(kinds("[char]0x000A+'b'")).toEqual(['bracket', 'word', 'plus', 'string']);
  });

  it('unterminated strings, blocks and comments are findings, not exceptions', () => {
    for (const text of ["'abc", '"abc', '{ abc', '<# abc', "@'\nabc"]) {
      const result = tokenizePowerShell(text);
      expect(result.findings, text).toHaveLength(1);
      expect(result.findings[0]).toMatchObject({ line: 1, column: 1, severity: 'error' });
    }
  });

  it('warns when a quote in pasted prose swallows a command', () => {
    const result = tokenizePowerShell("Allow the company’s IP:\n\nNew-ClientAccessRule -Name A -Action Deny\nso it’s done");
    expect(result.findings).toMatchObject([{ line: 1, column: 18, severity: 'warning' }]);
    expect(result.findings[0]?.message).toContain('line 3');
  });

  it('never throws and always ends, on any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit: 'binary' }), (text) => {
        const result = tokenizePowerShell(text);
        for (const t of result.tokens) expect(t.end).toBeGreaterThan(t.offset);
      }),
      { numRuns: 1000 },
    );
  });
});
