/** Replaying connection logs against rule sets (issue 8): the public API of this folder. */
export * from './lines.ts';
export * from './csv.ts';
export * from './mapping.ts';
export * from './formats.ts';
export * from './directory.ts';
export * from './replay.ts';
export * from './report.ts';
