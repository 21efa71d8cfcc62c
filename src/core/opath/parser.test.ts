import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { comparison, logical, not } from './ast.ts';
import type { OPathNode } from './ast.ts';
import { canonicalOPathProperty, isBlankFilter, parseOPath, suggestOPathProperty } from './parser.ts';
import type { OPathParseResult } from './parser.ts';
import { printOPath } from './printer.ts';
import { opathNodeArb } from '../../test-support/opath-arbitraries.ts';
import { DASH_CHARS } from '../powershell/chars.ts';

function ast(text: string): OPathNode {
  const result = parseOPath(text);
  if (!result.ok) throw new Error(`${text}: ${result.error.message}`);
  return result.ast;
}

function error(text: string) {
  const result = parseOPath(text);
  if (result.ok) throw new Error(`${text} parsed as ${printOPath(result.ast)}`);
  return result.error;
}

function warnings(text: string): string[] {
  const result = parseOPath(text);
  if (!result.ok) throw new Error(`${text}: ${result.error.message}`);
  return result.warnings.map((w) => w.message);
}

const redmond = comparison('City', 'eq', 'Redmond');

describe('parseOPath: the forms of spec 6', () => {
  it.each([
    "City -eq 'Redmond'",
    "{City -eq 'Redmond'}",
    `"City -eq 'Redmond'"`,
    "'City -eq ''Redmond'''",
    "  { City -eq 'Redmond' }  ",
    "\u201CCity -eq 'Redmond'\u201D",
    "\u2018City -eq \u2019\u2019Redmond\u2019\u2019\u2019",
  ])('reads %s', (text) => {
    expect(ast(text)).toEqual(redmond);
  });

  it('undoes the escapes of the wrapper only once', () => {
    expect(ast("'City -eq ''O''''Brien'''")).toEqual(comparison('City', 'eq', "O'Brien"));
    expect(ast('"City -eq ""Redmond"""')).toEqual(redmond);
    expect(ast('"City -eq `"Redmond`""')).toEqual(redmond);
    expect(ast('"City -eq \'a`$b\'"')).toEqual(comparison('City', 'eq', 'a$b'));
    expect(ast('"City -eq \'a`nb\'"')).toEqual(comparison('City', 'eq', 'a\nb'));
  });

  it('keeps positions relative to the original text inside a wrapper', () => {
    const e = error("'City -eq ''x'' -and Dept -eq ''IT'''");
    expect(e.message).toBe("unknown property 'Dept' at column 22; did you mean 'Department'?");
    expect([e.line, e.column, e.offset, e.endColumn]).toEqual([1, 22, 21, 26]);
    const f = error("{\n  City -eq 'x' -and\n  Foo -eq 'y'\n}");
    expect([f.line, f.column]).toEqual([3, 3]);
    expect(f.message).toContain('at line 3, column 3');
  });

  it('reports a wrapper that is not closed or has text after it', () => {
    expect(error("{City -eq 'x'").message).toBe(
      "the filter opens a script block with '{' at column 1 but never closes it with '}'",
    );
    expect(error(`"City -eq 'x'`).message).toBe('the filter starts with a double quote at column 1 that is never closed');
    expect(error(`"City -eq 'x'" -and "Office -eq 'y'"`).message).toContain(
      'unexpected text at column 16 after the closing double quote of the filter',
    );
  });

  it('warns that PowerShell expands $ inside a double-quoted filter', () => {
    expect(warnings('"City -eq $null"')[0]).toContain('PowerShell replaces $variables');
    expect(warnings('"City -eq `$null"')).toEqual([]);
    expect(warnings('{City -eq $null}')).toEqual([]);
  });
});

describe('parseOPath: properties, operators, values', () => {
  it('reads properties in any case and returns the canonical spelling', () => {
    expect(ast("city -EQ 'x'")).toEqual(comparison('City', 'eq', 'x'));
    expect(ast("CUSTOMATTRIBUTE15 -like 'a*'")).toEqual(comparison('CustomAttribute15', 'like', 'a*'));
    expect(ast("countryorregion -ne 'US'")).toEqual(comparison('CountryOrRegion', 'ne', 'US'));
  });

  it('accepts en dash, em dash and horizontal bar before operators, as PowerShell does', () => {
    expect(ast("City \u2013eq 'Redmond'")).toEqual(redmond);
    expect(ast("City \u2014Eq 'Redmond' \u2015AND Office -NotLike 'B*'")).toEqual(
      logical('and', redmond, comparison('Office', 'notlike', 'B*')),
    );
  });

  it('reads $null in any case as blank, single and double quotes as text', () => {
    expect(ast('Office -eq $NULL')).toEqual(comparison('Office', 'eq', null));
    expect(ast('Office -eq "a \'b\' ""c"" `t"')).toEqual(comparison('Office', 'eq', 'a \'b\' "c" \t'));
    expect(ast("Office -eq ''")).toEqual(comparison('Office', 'eq', ''));
    expect(ast("Office -eq '$x `n'")).toEqual(comparison('Office', 'eq', '$x `n'));
  });

  it('rejects $true, $false, other variables and unquoted values with a hint', () => {
    expect(error('Office -eq $true').message).toBe(
      "$true at column 12 is not a valid value for Office: the filter compares text, so use a quoted value such as 'Redmond', or $null for blank",
    );
    expect(error('Office -eq $False').message).toContain('$False at column 12 is not a valid value');
    expect(error('Office -eq $office').message).toContain('the variable $office at column 12 cannot be used');
    expect(error('City -eq Redmond').message).toBe(
      "the value Redmond at column 10 must be in quotes: write City -eq 'Redmond'",
    );
  });

  it('names an unknown property and suggests the closest valid one', () => {
    expect(error("Dept -eq 'IT'").message).toBe("unknown property 'Dept' at column 1; did you mean 'Department'?");
    expect(error("extensionAttribute3 -eq 'x'").message).toContain("did you mean 'CustomAttribute3'?");
    expect(error("Citty -eq 'x'").message).toContain("did you mean 'City'?");
    expect(error("CustomAttribute16 -eq 'x'").message).toContain("did you mean 'CustomAttribute1'?");
    expect(error("RecipientType -eq 'UserMailbox'").message).toBe(
      "unknown property 'RecipientType' at column 1; a client access rule filter can only use City, Company, " +
        'CountryOrRegion, CustomAttribute1 to CustomAttribute15, Department, Office, PostalCode, StateOrProvince and StreetAddress',
    );
  });

  it('explains operator and structure errors with their position', () => {
    expect(error("City -gt 'x'").message).toBe(
      "unknown operator '-gt' at column 6; a client access rule filter supports -eq, -ne, -like, -notlike, -and, -or and -not",
    );
    expect(error('City -eq').message).toBe("expected a value after -eq at column 9, e.g. City -eq 'text' or $null");
    expect(error("City 'x'").message).toBe(
      "expected a comparison operator (-eq, -ne, -like or -notlike) after City at column 6, found the value 'x'",
    );
    expect(error("City -eq -and Office -eq 'x'").message).toBe('expected a value after -eq at column 10, found -and');
    expect(error("(City -eq 'x'").message).toBe("unclosed parenthesis opened at column 1: add ')' to close it");
    expect(error("Office -eq 'a' -and (City -eq 'x'").message).toBe(
      "unclosed parenthesis opened at column 21: add ')' to close it",
    );
    expect(error("City -eq 'x')").message).toBe("unexpected ')' at column 13: there is no '(' for it to close");
    expect(error("City -eq 'x' Office -eq 'y'").message).toBe(
      "expected -and or -or at column 14 between two conditions, found 'Office'",
    );
    expect(error("City -eq 'x' -and").message).toBe(
      "expected a condition such as City -eq 'Redmond' after -and at column 18",
    );
    expect(error("-and City -eq 'x'").message).toContain('the filter cannot start with -and (at column 1)');
    expect(error('()').message).toBe("empty parentheses at column 1: put a condition such as City -eq 'Redmond' inside");
    expect(error("City -eq 'x").message).toBe('the value starting at column 10 has no closing single quote');
    expect(error("!(City -eq 'x')").message).toBe("unexpected '!' at column 1; write -not to negate a condition");
    expect(error("'Redmond' -eq City").message).toBe(
      "the filter starts with the value 'Redmond' at column 1; write the property first, e.g. City -eq 'Redmond'",
    );
    for (const dash of DASH_CHARS) {
      expect(error(`'Redmond' ${dash}eq City`).message).toContain('write the property first, e.g. City -eq');
    }
    expect(error("City -eq 'x' -not Office -eq 'y'").message).toBe(
      "expected -and or -or at column 14 between two conditions, found -not (to negate the next condition, write -and -not or -or -not)",
    );
    expect(error('$null -eq City').message).toBe(
      'expected a property name at column 1, found $null; write the property first, e.g. City -eq $null',
    );
    expect(error("-eq 'x'").message).toBe("expected a property name before -eq at column 1, e.g. City -eq 'Redmond'");
    expect(error("City -ceq 'x'").message).toBe(
      "unknown operator '-ceq' at column 6; write -eq (comparisons in a client access rule filter always ignore case)",
    );
    expect(error("City == 'x'").message).toBe(
      "unexpected '=' at column 6; compare with -eq, -ne, -like or -notlike (e.g. City -eq 'Redmond')",
    );
    expect(error("City -eq 'x' && Office -eq 'y'").message).toBe("unexpected '&' at column 14; join conditions with -and or -or");
    expect(error("(City -eq 'x' Office -eq 'y')").message).toBe(
      "expected -and, -or or ')' at column 15, found 'Office' (the parenthesis opened at column 1 is still open)",
    );
  });

  it('reports end positions for editor markers', () => {
    const e = error("City -eq 'x' -and Dept -eq 'y'");
    expect([e.line, e.column, e.endLine, e.endColumn]).toEqual([1, 19, 1, 23]);
  });

  it('treats blank text as an error and isBlankFilter as "not used"', () => {
    for (const text of ['', '   ', '\n\t', '{}', '{ }', "''", '""']) {
      expect(isBlankFilter(text)).toBe(true);
      expect(error(text).message).toBe('the filter is empty');
    }
    expect(isBlankFilter("{City -eq 'x'}")).toBe(false);
    expect(isBlankFilter('x')).toBe(false);
  });

  it('limits the number of conditions so that printing and evaluation stay safe', () => {
    const long = (n: number) => Array.from({ length: n }, (_, i) => `City -eq '${i}'`).join(' -or ');
    expect(parseOPath(long(500)).ok).toBe(true);
    expect(error(long(20000)).message).toContain('the filter has more than 500 conditions');
  });

  it('limits nesting depth with a message instead of a stack overflow', () => {
    expect(error(`${'('.repeat(500)}City -eq 'x'${')'.repeat(500)}`).message).toContain('more than 64 levels deep');
    expect(error(`${'-not '.repeat(500)}City -eq 'x'`).message).toContain('more than 64 levels deep');
  });
});

describe('parseOPath: precedence (equal, left to right) and -not', () => {
  const a = comparison('City', 'eq', 'a');
  const b = comparison('City', 'eq', 'b');
  const c = comparison('Office', 'eq', 'c');

  it('groups a -or b -and c as (a -or b) -and c', () => {
    expect(ast("City -eq 'a' -or City -eq 'b' -and Office -eq 'c'")).toEqual(logical('and', logical('or', a, b), c));
  });

  it('groups a -and b -or c as (a -and b) -or c', () => {
    expect(ast("City -eq 'a' -and City -eq 'b' -or Office -eq 'c'")).toEqual(logical('or', logical('and', a, b), c));
  });

  it('lets parentheses override the grouping', () => {
    expect(ast("City -eq 'a' -or (City -eq 'b' -and Office -eq 'c')")).toEqual(logical('or', a, logical('and', b, c)));
    expect(ast("((City -eq 'a'))")).toEqual(a);
  });

  it('applies -not to the next operand only', () => {
    expect(ast("-not City -eq 'a' -and City -eq 'b'")).toEqual(logical('and', not(a), b));
    expect(ast("-not (City -eq 'a' -and City -eq 'b')")).toEqual(not(logical('and', a, b)));
    expect(ast("City -eq 'a' -or -not -not City -eq 'b'")).toEqual(logical('or', a, not(not(b))));
  });
});

describe('parseOPath: warnings', () => {
  it('warns when -and and -or are mixed without parentheses and says how it groups', () => {
    const [w] = warnings("City -eq 'a' -or City -eq 'b' -and Office -eq 'c'");
    expect(w).toBe(
      'this filter mixes -and and -or without parentheses (at column 14); Exchange gives them equal precedence ' +
        "and reads them left to right, as (City -eq 'a' -or City -eq 'b') -and Office -eq 'c'. " +
        'Add parentheses to make the grouping explicit',
    );
    const result = parseOPath("City -eq 'a' -or City -eq 'b' -and Office -eq 'c'") as Extract<OPathParseResult, { ok: true }>;
    expect(result.warnings[0]).toMatchObject({ severity: 'warning', line: 1, column: 14 });
  });

  it('does not warn when parentheses make the grouping explicit or only one operator is used', () => {
    expect(warnings("(City -eq 'a' -or City -eq 'b') -and Office -eq 'c'")).toEqual([]);
    expect(warnings("City -eq 'a' -or City -eq 'b' -or Office -eq 'c'")).toEqual([]);
  });

  it('warns about a -like or -notlike value without *', () => {
    expect(warnings("Department -like 'Sales'")).toEqual([
      "-like 'Sales' at column 18 has no * wildcard, so it only matches the exact text; use -eq, or add * where any text may appear (e.g. 'Sales*')",
    ]);
    expect(warnings("Department -notlike 'Sales'")[0]).toContain('use -ne');
    expect(warnings("Department -like 'Sales*'")).toEqual([]);
    expect(warnings("Department -eq 'Sales'")).toEqual([]);
  });

  it('warns about a CountryOrRegion value that is not a two-letter code', () => {
    expect(warnings("CountryOrRegion -eq 'United States'")[0]).toBe(
      "CountryOrRegion holds a two-letter ISO country code (such as 'US' or 'DE'), so 'United States' at column 21 never matches; use the code",
    );
    expect(warnings("CountryOrRegion -eq 'us'")).toEqual([]);
    expect(warnings("CountryOrRegion -like 'U*'")).toEqual([]);
  });

  it('warns about $ in a double-quoted value', () => {
    expect(warnings('Office -eq "$office"')[0]).toContain('in double quotes and contains');
    expect(warnings("Office -eq '$office'")).toEqual([]);
  });
});

describe('canonicalOPathProperty and suggestOPathProperty', () => {
  it('canonicalises and suggests', () => {
    expect(canonicalOPathProperty('STREETADDRESS')).toBe('StreetAddress');
    expect(canonicalOPathProperty('Street')).toBeNull();
    expect(suggestOPathProperty('Street')).toBe('StreetAddress');
    expect(suggestOPathProperty('st')).toBe('StateOrProvince');
    expect(suggestOPathProperty('Country')).toBe('CountryOrRegion');
    expect(suggestOPathProperty('MemberOfGroup')).toBeNull();
  });
});

describe('parseOPath never throws', () => {
  function checkShape(text: string, result: OPathParseResult): void {
    if (result.ok) return;
    const { error: e } = result;
    expect(e.severity).toBe('error');
    expect(e.message.length).toBeGreaterThan(0);
    expect(e.offset).toBeGreaterThanOrEqual(0);
    expect(e.offset).toBeLessThanOrEqual(text.length);
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.column).toBeGreaterThanOrEqual(1);
  }

  it('on random strings (property)', () => {
    const unit = fc.oneof(
      fc.constantFrom('City', 'dept', ' ', '-eq', '-and', '-or', '-not', '–like', "'", '"', '`', '$null', '$true', '(', ')', '{', '}', '*', '\n', 'x'),
      fc.string({ maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 20 }).map((parts) => parts.join('')), (text) => {
        checkShape(text, parseOPath(text));
      }),
      { numRuns: 1000 },
    );
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => checkShape(text, parseOPath(text))), {
      numRuns: 500,
    });
  });

  it('on mutations of valid filters (property)', () => {
    fc.assert(
      fc.property(
        opathNodeArb,
        fc.nat(),
        fc.nat({ max: 5 }),
        fc.string({ maxLength: 3 }),
        fc.constantFrom('plain', 'braces', 'single'),
        (node, at, remove, insert, form) => {
          const printed = printOPath(node);
          const text =
            form === 'braces' ? `{${printed}}` : form === 'single' ? `'${printed.replace(/'/g, "''")}'` : printed;
          const pos = at % (text.length + 1);
          const mutated = text.slice(0, pos) + insert + text.slice(pos + remove);
          checkShape(mutated, parseOPath(mutated));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
