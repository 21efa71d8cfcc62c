import { expose } from 'comlink';
import { migrateRuleSet, type MigrationResult } from '../../core/migrate/migrate.ts';
import type { RuleSet } from '../../core/model/types.ts';

/** Runs the migration off the main thread; progress is reported through a comlink-proxied callback. */
function runMigrateJob(ruleSet: RuleSet, onProgress?: (done: number, total: number) => void): MigrationResult {
  return migrateRuleSet(ruleSet, { onProgress });
}

/** The API the migrate worker exposes through comlink. */
export const migrateWorkerApi = { runMigrateJob };
export type MigrateWorkerApi = typeof migrateWorkerApi;

expose(migrateWorkerApi);
