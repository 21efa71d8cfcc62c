import type { SourceFinding } from '../../../core/model/types.ts';
import type { ImportJobResult } from '../../workers/index.ts';
import type { CodeEditorLanguage } from '../../lib/monaco/index.ts';

/** Human names of the formats core `detectFormat` reports. */
export const FORMAT_LABELS: Record<ImportJobResult['format'], string> = {
  project: 'Project file (JSON)',
  script: 'PowerShell script',
  'format-list': 'Get-ClientAccessRule | Format-List output',
  json: 'Get-ClientAccessRule | ConvertTo-Json output',
  csv: 'Get-ClientAccessRule | Export-Csv output',
};

/** The editor language that highlights a format best. */
export function languageOf(format: ImportJobResult['format'] | undefined): CodeEditorLanguage {
  if (format === 'json' || format === 'project') return 'json';
  if (format === 'script' || format === undefined) return 'powershell';
  return 'plaintext';
}

/** Inputs from this size on get the progress bar and the Cancel button at once. */
export const LARGE_INPUT_CHARS = 200_000;

/** How long typing must pause before the text is parsed again. */
export function debounceDelay(length: number): number {
  if (length >= 1_000_000) return 800;
  if (length >= LARGE_INPUT_CHARS) return 500;
  return 250;
}

/** Findings sorted by position, errors first on the same line. */
export function sortFindings(findings: readonly SourceFinding[]): SourceFinding[] {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return [...findings].sort((a, b) => a.line - b.line || a.column - b.column || rank[a.severity] - rank[b.severity]);
}

/** Counts per severity, for the summary line. */
export function countFindings(findings: readonly Pick<SourceFinding, 'severity'>[]): { error: number; warning: number; info: number } {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

/** `5.2 MB`, `830 KB`, `120 characters`: the size of a pasted text in words. */
export function describeSize(chars: number): string {
  if (chars >= 1_048_576) return `${(chars / 1_048_576).toFixed(1)} MB`;
  if (chars >= 10_240) return `${Math.round(chars / 1024)} KB`;
  return `${chars} characters`;
}
