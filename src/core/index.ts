/**
 * The public API of the core: everything the app, the workers and the CLI may use. Most modules are
 * re-exported whole so that new exports are public without an edit here; a name clash between two
 * modules is a type error in this file and is resolved by re-exporting one of them by name.
 */
export * from './model/types.ts';
export * from './model/rule-set.ts';
export * from './model/project-file.ts';
export * from './model/guard.ts';
export * from './model/names.ts';
export * from './model/evaluation-order.ts';
export * from './model/auth-support.ts';
export * from './model/connection.ts';
export * from './evaluator/types.ts';
export * from './evaluator/evaluate.ts';
export * from './match/ip.ts';
export * from './match/username.ts';
export * from './opath/index.ts';
export * from './powershell/quote.ts';
export * from './powershell/generate.ts';
export * from './powershell/export-script.ts';
// The PowerShell tokenizer and parser share type names with the OPath tokenizer and the generator, so
// they are re-exported by name, with their clashing types renamed.
export { isDash, isDoubleQuote, isSingleQuote, tokenizePowerShell } from './powershell/tokenizer.ts';
export type {
  StringPart,
  TokenKind as PowerShellTokenKind,
  Token as PowerShellToken,
  TokenizeResult as PowerShellTokenizeResult,
} from './powershell/tokenizer.ts';
export { parseScript } from './powershell/parser.ts';
export type { ParsedCommand, ParseResult as PowerShellParseResult, ListEdit as ParsedListEdit } from './powershell/parser.ts';
export * from './powershell/replay.ts';
export * from './powershell/get-output.ts';
export * from './import/import-text.ts';
export * from './templates.ts';
export * from './describe.ts';
export * from './lint/lint.ts';
export * from './lint/codes.ts';
export * from './lint/fix.ts';
export * from './analysis/lockout.ts';
export * from './analysis/shadowing.ts';
export { analyzePolicy, regionOf, regionExample, EXCEPTION_FIELDS } from './analysis/engine.ts';
export type { PolicyAnalysis, Region, RuleAnalysis, UserClass, ExceptionField } from './analysis/engine.ts';
export { proveAdminPath, adminGuardRule, ADMIN_PROTOCOLS, ADMIN_GUARD_NAME } from './analysis/admin-path.ts';
export type { AdminPathProof } from './analysis/admin-path.ts';
export { diffPolicies } from './analysis/diff.ts';
export type { Flip, PolicyDiff } from './analysis/diff.ts';
export { decisionMap } from './analysis/decision-map.ts';
export type { DecisionMap, MapCell, MapZone, UserMap } from './analysis/decision-map.ts';
export { analysisFindings, applyAnalysisFix, ANALYSIS_CODES } from './analysis/findings.ts';
export * from './replay/index.ts';
export * as adfs from './adfs/index.ts';
export * as eas from './eas/index.ts';
export * from './migrate/cidr.ts';
export * from './migrate/exchange-controls.ts';
export * from './migrate/migrate.ts';
export * from './powershell/rollout.ts';
export * from './powershell/note-comments.ts';
export * from './model/notes.ts';
