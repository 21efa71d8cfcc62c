import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { migrateRuleSet } from '../../../core/migrate/migrate.ts';
import { createRule, createRuleSet, replaceRules } from '../../../core/model/rule-set.ts';
import { migrationZip } from './migrate-zip.ts';

describe('migrationZip', () => {
  it('holds every migration file, readable back, and is the same for the same result', () => {
    const result = migrateRuleSet(replaceRules(createRuleSet(), [createRule({ name: 'Block POP', action: 'DenyAccess', anyOfProtocols: ['POP3'] })]));
    const zip = migrationZip(result);
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual([
      'migration/README.md',
      'migration/deploy-graph.ps1',
      'migration/exchange-controls.ps1',
      'migration/groups.json',
      'migration/named-locations.json',
      'migration/policies.json',
      'migration/report.txt',
    ]);
    expect(strFromU8(files['migration/exchange-controls.ps1'] as Uint8Array)).toContain('Set-CASMailbox -PopEnabled $false');
    expect(migrationZip(result)).toEqual(zip);
  });
});
