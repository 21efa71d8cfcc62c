export { isTextEditingTarget, undoShortcutOf } from './keyboard.ts';
export type { UndoShortcut } from './keyboard.ts';
export { loadThemePreference, saveThemePreference } from './theme-preference.ts';
export { lintOf, useLint, useLintChecking, useLintReady, useRuleFindings } from './use-lint.ts';
export { SETTLE_MS, useSettledRuleSet } from './settled-rule-set.ts';
export type { LintResult } from './use-lint.ts';
export { NARROW_LAYOUT_QUERY, useMediaQuery } from './use-media-query.ts';
export { compiledOf, testRunOf, useTestRun, useWhatIf, whatIfOf } from './what-if.ts';
export type { TestRun, WhatIf } from './what-if.ts';
