import { describe, it, expect } from 'vitest';
import { DOUBLE_QUOTE_CHARS, SINGLE_QUOTE_CHARS } from '../../../core/powershell/chars.ts';
import { addTokens, checkIpToken, checkUsernameToken, splitTokens } from './tokens.ts';

describe('splitTokens', () => {
  it('strips every quote character PowerShell reads as a quote (core chars.ts), low-9 quotes included', () => {
    for (const q of [...SINGLE_QUOTE_CHARS, ...DOUBLE_QUOTE_CHARS]) expect(splitTokens(`${q}10.0.0.1${q}`)).toEqual(['10.0.0.1']);
    expect(splitTokens('\u201A10.0.0.1\u201B, \u201Econtoso.com\\jeff\u201C')).toEqual(['10.0.0.1', 'contoso.com\\jeff']);
  });

  it('splits on commas, spaces, semicolons and new lines and strips quotes', () => {
    expect(splitTokens("10.0.0.1, 10.0.0.2\n 192.168.0.0/16;'172.16.0.1'\t\"fe80::1\"")).toEqual([
      '10.0.0.1',
      '10.0.0.2',
      '192.168.0.0/16',
      '172.16.0.1',
      'fe80::1',
    ]);
    expect(splitTokens(' , \n ')).toEqual([]);
  });
});

describe('addTokens', () => {
  it('appends new values only', () => {
    expect(addTokens(['a', 'B'], ['b', 'c', 'C'])).toEqual(['a', 'B', 'c']);
  });
});

describe('checkIpToken', () => {
  it('shows the normalised form and flags bad values with the reason', () => {
    expect(checkIpToken('192.168.3.1/24').normalized).toBe('192.168.3.0/24');
    expect(checkIpToken('10.0.0.1')).toEqual({});
    expect(checkIpToken('10.0.0.300').error).toBeTruthy();
    expect(checkIpToken('10.0.0.9-10.0.0.1').error).toBeTruthy();
  });
});

describe('checkUsernameToken', () => {
  it('explains jeff* and suggests *\\jeff*', () => {
    expect(checkUsernameToken('jeff*').suggestion).toBe('*\\jeff*');
    expect(checkUsernameToken('*\\jeff*')).toEqual({});
    expect(checkUsernameToken('contoso.com\\admin*')).toEqual({});
  });
});
