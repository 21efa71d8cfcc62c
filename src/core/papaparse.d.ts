/**
 * The part of papaparse that core uses, declared here so that core is type-checked without Node's
 * types: `@types/papaparse` starts with `/// <reference types="node" />`, which would make `Buffer`,
 * `process` and the rest global in every core file. `tsconfig.core.json` maps `papaparse` to this
 * file; the app and node programs still check core against `@types/papaparse`, so the two must agree.
 * Add to it only what core calls.
 */
export interface ParseError {
  /** Index of the row the error is in, when known. */
  row?: number;
  message: string;
}

export interface ParseResult<T> {
  data: T[];
  errors: ParseError[];
}

export interface ParseConfig {
  header?: false;
  skipEmptyLines?: boolean | 'greedy';
}

declare const Papa: {
  parse<T>(input: string, config?: ParseConfig): ParseResult<T>;
};

// eslint-disable-next-line no-restricted-syntax -- describes papaparse's own module, whose API is a default export
export default Papa;
