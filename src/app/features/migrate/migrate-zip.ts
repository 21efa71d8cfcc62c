import { strToU8, zipSync } from 'fflate';
import { migrationFiles, type MigrationResult } from '../../../core/migrate/migrate.ts';

/**
 * The migration's files (the same list `cli migrate --out` writes) as one zip archive, in a folder
 * named `migration/`. A fixed date keeps the archive byte-identical for the same result.
 */
export function migrationZip(result: MigrationResult): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const f of migrationFiles(result)) entries[`migration/${f.name}`] = strToU8(f.text);
  return zipSync(entries, { level: 6, mtime: new Date('2026-01-01T00:00:00Z') });
}
