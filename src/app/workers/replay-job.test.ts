import { describe, expect, it } from 'vitest';
import { createRule } from '../../core/model/rule-set.ts';
import type { RuleSet } from '../../core/model/types.ts';
import { runReplayJob } from './replay-job.ts';
import type { ReplayProgress } from './replay-job.ts';

const draft: RuleSet = { profile: 'ExchangeOnline', rules: [createRule({ name: 'Sales OWA', action: 'DenyAccess', userRecipientFilter: "Department -eq 'Sales'" })], tests: [] };
const conns = new File(['protocol,authenticationType,ip,port,user\nOutlookWebApp,BasicAuthentication,10.0.0.1,443,jeff@contoso.com\n'], 'c.csv');
const users = new File(['UserPrincipalName,Department\njeff@contoso.com,Sales\n'], 'users.csv');

describe('runReplayJob', () => {
  it('streams files, reads a Get-User export first whatever the order, and reports progress', async () => {
    const progress: ReplayProgress[] = [];
    const outcome = await runReplayJob([conns, users], { draft, baseline: null, overrides: [] }, (p) => progress.push(p));
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.result.files.map((f) => f.name)).toEqual(['users.csv', 'c.csv']);
    expect(outcome.result.connections[0]).toMatchObject({ user: 'jeff@contoso.com', after: 'DenyAccess', afterRule: 'Sales OWA' });
    expect(progress.at(-1)).toMatchObject({ bytesDone: conns.size + users.size, bytesTotal: conns.size + users.size, lines: 1 });
  });

  it('returns bad input with file and line instead of throwing', async () => {
    const outcome = await runReplayJob([new File(['hello\n'], 'notes.txt')], { draft, baseline: null, overrides: [] });
    expect(outcome).toMatchObject({ ok: false, error: expect.stringMatching(/^notes\.txt:1: not a log this replay reads/) });
  });

  it('applies mapping overrides', async () => {
    const iis = new File(['#Fields: date time cs-uri-stem cs-username c-ip\n2024-05-01 10:00:00 /owa/ jeff@contoso.com 10.0.0.1\n'], 'u_ex1.log');
    const outcome = await runReplayJob([iis], { draft, baseline: null, overrides: [{ key: 'DefaultAuthenticationType', from: 'OutlookWebApp', to: 'AdfsAuthentication' }] });
    expect(outcome.ok && outcome.result.connections[0]!.authenticationType).toBe('AdfsAuthentication');
  });
});
