/**
 * Fuzzing every reader as a property (issue 13): random and mutated scripts, Get output (Format-List,
 * JSON, CSV) and project files go through `importText` under each format. Nothing may throw, and no
 * finding may be a program error dressed as a message ("Cannot read properties of undefined",
 * "Maximum call stack size exceeded", …); every finding has a line and column. Speed is not measured
 * here (see `bench/scaling.bench.ts`).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseProjectFile, projectFromUnknown, PROJECT_FORMAT } from '../model/project-file.ts';
import { importText, type ImportFormat } from './import-text.ts';

const FORMATS: readonly (ImportFormat | undefined)[] = [undefined, 'project', 'script', 'format-list', 'json', 'csv'];

/** Messages that only a bug produces: a finding must never carry one. */
const PROGRAM_MESSAGE = /Cannot read propert|undefined \(reading|is not a function|is not iterable|Maximum call stack|Invalid string length|Invalid array length|RangeError|TypeError|ReferenceError|SyntaxError: Unexpected|\[object Object\]|internal error/;

function expectReadable(text: string): void {
  for (const format of FORMATS) {
    const result = importText(text, format ? { format } : {});
    for (const f of result.findings) {
      expect(f.message, `format ${format ?? 'detected'}`).not.toMatch(PROGRAM_MESSAGE);
      expect(Number.isInteger(f.line) && f.line >= 1 && Number.isInteger(f.column) && f.column >= 1, `${f.line}:${f.column} ${f.message}`).toBe(true);
    }
  }
}

const SEEDS = [
  [
    "New-ClientAccessRule -Name 'Always Allow Remote PowerShell' -Action AllowAccess -AnyOfProtocols RemotePowerShell -Priority 1",
    "$office = '192.168.0.0/24','10.0.0.1-10.0.0.20'",
    "New-ClientAccessRule ‘Block OWA outside’ –Action deny -AnyOfProtocols OutlookWebApp,POP3 `",
    '   -ExceptAnyOfClientIPAddressesOrRanges $office -UserRecipientFilter {Department -ne "IT"}',
    "Set-ClientAccessRule -Identity 'Block OWA outside' -AnyOfClientIPAddressesOrRanges @{Add='10.1.0.0/16'; Remove='10.0.0.1'}",
    '# expect: DenyAccess',
    'Test-ClientAccessRule -AuthenticationType BasicAuthentication -Protocol OutlookWebApp -RemoteAddress 203.0.113.7 -RemotePort 443 -User jeff@contoso.com',
    "Remove-ClientAccessRule -Identity 'x' -Confirm:$false",
  ].join('\n'),
  [
    'RunspaceId                           : 8a3c1f0e-2b8d-4e59-9f0e-7d1b2c3a4e5f',
    'Priority                             : 1',
    'Enabled                              : True',
    'Action                               : DenyAccess',
    'AnyOfProtocols                       : {OutlookWebApp, ExchangeAdminCenter}',
    'AnyOfClientIPAddressesOrRanges       : {10.0.0.0/8, 192.168.1.1-192.168.1.9,',
    '                                        172.16.0.0/12}',
    'UserRecipientFilter                  : Department -eq "IT"',
    'Name                                 : Block admin',
    '',
  ].join('\r\n'),
  '[{"Name":"A","Action":1,"Priority":1,"AnyOfProtocols":[5,6],"AnyOfAuthenticationTypes":{"value":[0],"Count":1},"RuleScope":"All"}]',
  '#TYPE Microsoft.Exchange.Management.ClientAccessRules.ClientAccessRule\n"Name","Action","Priority","AnyOfProtocols","AnyOfClientIPAddressesOrRanges"\n"A","DenyAccess","1","POP3,IMAP4","10.0.0.0/8;::1"\n',
  `{"format":"${PROJECT_FORMAT}","version":1,"profile":"ExchangeServer","rules":[{"name":"Guard","action":"AllowAccess","anyOfProtocols":["RemotePowerShell"],"extra":{"a":[1,{"b":null}]}}],"tests":[{"name":"t","connection":{"protocol":"POP3","authenticationType":"BasicAuthentication","ipAddress":"10.0.0.1","port":110,"user":"a@b.c"},"expected":"AllowAccess"}]}`,
];

/** Characters that matter to the readers, over-represented. */
const syntaxChar = fc.constantFrom(...'{}[]()"\'`‘’“”@$,;:=-–—#<>|\\/\n\r\t *.0123456789'.split(''), '\u0000', '\uFEFF', '\u202E', '\uD800');

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ unit: syntaxChar, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ kind: fc.constant('nest' as const), at: fc.nat(), depth: fc.integer({ min: 100, max: 6000 }), open: fc.constantFrom('[', '{', '(', '@(', '{"a":') }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(text: string, m: Mutation): string {
  const at = text.length === 0 ? 0 : m.at % (text.length + 1);
  switch (m.kind) {
    case 'insert':
      return text.slice(0, at) + m.text + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.length);
    case 'duplicate':
      return text.slice(0, at + m.length) + text.slice(at, at + m.length) + text.slice(at + m.length);
    case 'nest':
      return text.slice(0, at) + m.open.repeat(m.depth) + text.slice(at);
    case 'truncate':
      return text.slice(0, at);
  }
}

describe('fuzzing the readers (issue 13)', () => {
  it('mutated scripts, Get output and project files: no throw, no program message', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 4 }), (seed, mutations) => {
        expectReadable(mutations.reduce(mutate, seed));
      }),
      { numRuns: 150 },
    );
  });

  it('random text made of the readers’ syntax: no throw, no program message', () => {
    fc.assert(
      fc.property(fc.string({ unit: syntaxChar, maxLength: 200 }), (text) => {
        expectReadable(text);
      }),
      { numRuns: 150 },
    );
  });

  it('random JSON values as project documents and as Get JSON: no throw, errors with a path', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const project = projectFromUnknown({ format: PROJECT_FORMAT, version: 1, rules: [], ...(typeof value === 'object' && value !== null && !Array.isArray(value) ? value : { x: value }) });
        if (!project.ok) for (const e of project.errors) expect(e.message).not.toMatch(PROGRAM_MESSAGE);
        const text = JSON.stringify(value);
        const parsed = parseProjectFile(text);
        if (!parsed.ok) for (const e of parsed.errors) expect(`${e.path}: ${e.message}`).not.toMatch(PROGRAM_MESSAGE);
        expectReadable(text);
      }),
      { numRuns: 150 },
    );
  });
});
