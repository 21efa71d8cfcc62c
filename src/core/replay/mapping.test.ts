import { describe, expect, it } from 'vitest';
import { AUTHENTICATION_TYPES, PROTOCOLS } from '../model/types.ts';
import { compileMapping, DEFAULT_MAPPING, mapValue, mergeMapping, NOT_GOVERNED, parseMappingOverride } from './mapping.ts';

describe('mapping table', () => {
  it('maps every default row to a rule value (no copy of the enums can drift)', () => {
    const targets = new Set<string>([...PROTOCOLS, ...AUTHENTICATION_TYPES, NOT_GOVERNED]);
    for (const m of DEFAULT_MAPPING) expect(targets.has(m.to), `${m.key}:${m.from}`).toBe(true);
  });

  it('looks values up case-insensitively, URL stems by their first segment', () => {
    const m = compileMapping();
    expect(mapValue(m, 'Protocol', 'eas')).toBe('ExchangeActiveSync');
    expect(mapValue(m, 'UrlStem', '/Microsoft-Server-ActiveSync/default.eas')).toBe('ExchangeActiveSync');
    expect(mapValue(m, 'UrlStem', '/owa')).toBe('OutlookWebApp');
    expect(mapValue(m, 'UrlStem', '/owas/x')).toBeUndefined();
    expect(mapValue(m, 'AuthenticationType', ' ntlm ')).toBe('NonBasicAuthentication');
    expect(mapValue(m, 'Protocol', 'Autodiscover')).toBe(NOT_GOVERNED);
  });

  it('parses overrides and replaces the matching row', () => {
    const o = parseMappingOverride('authenticationtype:fba=adfsauthentication');
    expect(o).toEqual({ ok: true, entry: { key: 'AuthenticationType', from: 'fba', to: 'AdfsAuthentication' } });
    if (!o.ok) return;
    const merged = mergeMapping(DEFAULT_MAPPING, [o.entry]);
    expect(merged).toHaveLength(DEFAULT_MAPPING.length);
    expect(mapValue(compileMapping(merged), 'AuthenticationType', 'FBA')).toBe('AdfsAuthentication');
    const added = parseMappingOverride('Protocol:PushNotifications=NotGoverned');
    expect(added.ok && mergeMapping(DEFAULT_MAPPING, [added.entry]).length).toBe(DEFAULT_MAPPING.length + 1);
    expect(parseMappingOverride('UrlStem:api=REST')).toMatchObject({ ok: true, entry: { from: '/api', to: 'REST' } });
  });

  it('says what is wrong with a bad override', () => {
    expect(parseMappingOverride('FBA=Basic')).toMatchObject({ ok: false, message: expect.stringContaining('Key:Value=Target') });
    expect(parseMappingOverride('Color:x=y')).toMatchObject({ ok: false, message: expect.stringContaining("unknown key 'Color'") });
    expect(parseMappingOverride('Protocol:Owa=Outlook')).toMatchObject({ ok: false, message: expect.stringContaining('not a protocol') });
    expect(parseMappingOverride('AuthenticationType:FBA=Basic')).toMatchObject({ ok: false, message: expect.stringContaining('not an authentication type') });
    expect(parseMappingOverride('DefaultAuthenticationType:Owa=BasicAuthentication')).toMatchObject({ ok: false });
  });
});
