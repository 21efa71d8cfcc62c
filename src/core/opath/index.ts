/**
 * Public API of the `UserRecipientFilter` (OPath) module (spec 6): parse, print, evaluate, and the
 * visual builder's group model.
 */
export {
  OPATH_COMPARISON_OPERATORS,
  comparison,
  logical,
  not,
  opathEquals,
} from './ast.ts';
export type {
  OPathComparison,
  OPathComparisonOperator,
  OPathLogical,
  OPathLogicalOperator,
  OPathNode,
  OPathNot,
} from './ast.ts';
export { BACKTICK_ESCAPES, describePosition, positionAt, tokenizeOPath } from './tokenizer.ts';
export type { OPathError, OPathSource, OPathToken, OPathTokenKind, TokenizeResult } from './tokenizer.ts';
export {
  canonicalOPathProperty,
  isBlankFilter,
  parseOPath,
  suggestOPathProperty,
} from './parser.ts';
export type { OPathParseResult } from './parser.ts';
export { printOPath, quoteOPathValue } from './printer.ts';
export { compileOPath, compileOPathNode, evaluateOPath } from './evaluate.ts';
export type { OPathPredicate } from './evaluate.ts';
export {
  builderFromFilterText,
  builderToFilterText,
  emptyBuilderGroup,
  fromBuilderGroup,
  newBuilderId,
  toBuilderGroup,
} from './builder.ts';
export type {
  BuilderCondition,
  BuilderFromTextResult,
  BuilderGroup,
  BuilderItem,
  BuilderOptions,
} from './builder.ts';
