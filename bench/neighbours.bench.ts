/**
 * AD FS and ActiveSync benchmark (issue 10): generating the forwarded-client-ip regex for 200 random
 * IPv4 networks (addresses, ranges, CIDR blocks), its size, the time to test one claim value with it,
 * and deciding 100,000 ActiveSync devices against 500 device access rules. Median of several runs.
 */
import { median, seededRandom } from './support.ts';
import { networksToRegex } from '../src/core/adfs/ip-regex.ts';
import { generateClaimRules } from '../src/core/adfs/generate.ts';
import { parseClaimRules } from '../src/core/adfs/claim-rules.ts';
import { evaluateClaimRules, requestClaims } from '../src/core/adfs/evaluate.ts';
import { decideDevice } from '../src/core/eas/decide.ts';
import { addEasRule, createEasConfig, EAS_ACCESS_LEVELS, easRuleProblem, type EasConfig } from '../src/core/eas/model.ts';

const rnd = seededRandom(10_2026);
const ip = () => `${1 + rnd.int(223)}.${rnd.int(256)}.${rnd.int(256)}.${rnd.int(256)}`;

function networks(count: number): string[] {
  return Array.from({ length: count }, () => {
    const k = rnd.int(3);
    if (k === 0) return ip();
    if (k === 1) return `${ip()}/${16 + rnd.int(15)}`;
    const base = `${1 + rnd.int(223)}.${rnd.int(256)}.${rnd.int(256)}`;
    const s = rnd.int(200);
    return `${base}.${s}-${base}.${s + rnd.int(55)}`;
  });
}

function time(fn: () => void, runs = 7): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

export function runNeighboursBench(): void {
  const nets = networks(200);
  let regex = '';
  const genMs = time(() => {
    const r = networksToRegex(nets);
    if (!r.ok) throw new Error('bad networks');
    regex = r.regex;
  });
  console.log(`adfs regex: 200 networks → ${regex.length.toLocaleString('en')} characters in ${genMs.toFixed(2)} ms (median)`);

  const compiled = new RegExp(regex);
  const claims = Array.from({ length: 10_000 }, () => `${ip()}, ${ip()}, ${ip()}`);
  const testMs = time(() => {
    for (const c of claims) compiled.test(c);
  });
  console.log(`adfs regex: 10,000 three-address claim values tested in ${testMs.toFixed(1)} ms (${((testMs * 1000) / claims.length).toFixed(2)} µs each)`);

  const generated = generateClaimRules({ scenario: 2, networks: nets });
  if (!generated.ok) throw new Error('generation failed');
  const rules = parseClaimRules(generated.rules).rules;
  const requests = Array.from({ length: 10_000 }, () =>
    requestClaims({ forwardedClientIps: [ip()], clientApplication: 'Microsoft.Exchange.RPC', proxy: 'fsp', groupSids: [] }),
  );
  const evalMs = time(() => {
    for (const r of requests) evaluateClaimRules(rules, r);
  });
  console.log(`adfs test: 10,000 requests against scenario 2 (200 networks) in ${evalMs.toFixed(1)} ms, with traces`);

  let config: EasConfig = { ...createEasConfig(), defaultAccessLevel: 'Quarantine' };
  const models = Array.from({ length: 2000 }, (_, i) => `Model-${i}`);
  while (config.rules.length < 500) {
    const rule = { characteristic: 'DeviceModel' as const, queryString: rnd.pick(models), accessLevel: rnd.pick(EAS_ACCESS_LEVELS) };
    if (!easRuleProblem(config, rule)) config = addEasRule(config, rule);
  }
  const devices = Array.from({ length: 100_000 }, (_, i) => ({
    user: `user${i % 1000}@contoso.com`,
    deviceId: `ID${i}`,
    deviceType: 'Android',
    deviceModel: rnd.pick(models),
    deviceOS: 'Android 13',
    userAgent: 'Android/13',
    xmsWlHeader: '',
    meetsPolicy: true,
  }));
  const easMs = time(() => {
    for (const d of devices) decideDevice(config, d);
  }, 3);
  console.log(`eas test: 100,000 devices against 500 device access rules in ${easMs.toFixed(0)} ms (${((easMs * 1000) / devices.length).toFixed(1)} µs each, with traces)`);
}
