/**
 * The value reader: one argument or expression at the reader's position, as a `Value` (text, lists,
 * hashtables, booleans, `$null`, script blocks, rule objects, open variables, uncomputable values).
 * Literals and both quote forms, `"…$x…"` expansion, `@( )` arrays, `@{ }` hashtables, `( )`,
 * `[char]0x202E` and casts, `,` lists and `+` joins, variables and their members (`$p.Name`,
 * `$p['Name']`, `$rule.Identity`, `$hash.Missing` is `$null`), and the arguments of a method call
 * (`$p.Add('Name', 'x')`).
 *
 * Decisions:
 * - In argument mode (a command's arguments) bare words are text and adjacent tokens glue into one
 *   word; in expression mode (assignments, hashtable values, inside parentheses) `a + b` joins and a
 *   word that looks like a command is a value that comes from running it, which is not run here.
 * - A variable the script never assigns is open (`{ kind: 'variable' }`), for the admin to give;
 *   PowerShell's automatic variables (`$_`, `$PSScriptRoot`, …) are never offered.
 */
import type { Token } from '../tokenizer.ts';
import { AUTOMATIC_VARIABLES, variableKey } from '../script-variables.ts';
import { CMDLET_BY_LOWER } from './catalogue.ts';
import { MAX_DEPTH, type Reader } from './reader-state.ts';
import { concat, indexKey, scalarText, short, type Value } from './values.ts';

/**
 * An argument: one element or a comma list. In argument mode bare words are text; in expression mode
 * (assignments, hashtable values, inside parentheses) `a + b` concatenates.
 */
export function argument(r: Reader, argumentMode: boolean): Value {
  return expression(r, argumentMode);
}

export function expression(r: Reader, argumentMode: boolean): Value {
  let value = commaList(r, argumentMode);
  if (argumentMode) return value;
  while (r.peek()?.kind === 'plus') {
    const plus = r.peek() as Token;
    r.pos += 1;
    r.skipNewlines();
    if (!r.valueFollows()) {
      return { kind: 'unresolved', message: 'a + with nothing after it', line: plus.line, column: plus.column };
    }
    const right = commaList(r, argumentMode);
    value = concat(value, right, plus);
  }
  return value;
}

export function commaList(r: Reader, argumentMode: boolean): Value {
  const first = primary(r, argumentMode);
  if (r.peek()?.kind !== 'comma') return first;
  const items: Value[] = [first];
  while (r.peek()?.kind === 'comma') {
    const comma = r.peek() as Token;
    r.pos += 1;
    // A trailing comma continues the list on the next line.
    r.skipNewlines();
    if (!r.valueFollows()) {
      items.push({ kind: 'unresolved', message: 'a comma with no value after it', line: comma.line, column: comma.column });
      break;
    }
    items.push(primary(r, argumentMode));
  }
  return { kind: 'list', items, line: first.line, column: first.column };
}

/** One operand with its `+` joins, without reading a comma list (method arguments are separated by commas). */
export function primaryExpression(r: Reader): Value {
  let value = primary(r, false);
  while (r.peek()?.kind === 'plus') {
    const plus = r.peek() as Token;
    r.pos += 1;
    r.skipNewlines();
    if (!r.valueFollows()) return { kind: 'unresolved', message: 'a + with nothing after it', line: plus.line, column: plus.column };
    value = concat(value, primary(r, false), plus);
  }
  return value;
}

/** The arguments of a method call, after `(` up to and including `)`. */
export function methodArguments(r: Reader): Value[] {
  r.skipNewlines();
  if (r.peek()?.kind === 'rparen') {
    r.pos += 1;
    return [];
  }
  const args: Value[] = [];
  r.nesting += 1;
  for (;;) {
    r.skipNewlines();
    args.push(primaryExpression(r));
    r.skipNewlines();
    const tok = r.peek();
    if (tok?.kind === 'comma') {
      r.pos += 1;
      continue;
    }
    if (tok?.kind === 'rparen') r.pos += 1;
    else if (tok) r.skipParen();
    break;
  }
  r.nesting -= 1;
  return args;
}

export function primary(r: Reader, argumentMode: boolean): Value {
  const tok = r.peek();
  if (tok === undefined) {
    const last = r.tokens[r.tokens.length - 1];
    return { kind: 'unresolved', message: 'the script ends where a value was expected', line: last?.line ?? 1, column: last?.column ?? 1 };
  }
  if (r.depth >= MAX_DEPTH && (tok.kind === 'array-start' || tok.kind === 'hash-start' || tok.kind === 'lparen')) {
    r.pos += 1;
    r.skipParen();
    return { kind: 'unresolved', message: `brackets are nested more than ${MAX_DEPTH} deep`, line: tok.line, column: tok.column };
  }
  r.depth += 1;
  try {
    return primaryInner(r, tok, argumentMode);
  } finally {
    r.depth -= 1;
  }
}

export function primaryInner(r: Reader, tok: Token, argumentMode: boolean): Value {
  const at = { line: tok.line, column: tok.column };
  r.pos += 1;
  switch (tok.kind) {
    case 'string':
      return stringValue(r, tok);
    case 'word': {
      // Glue adjacent tokens (`a=b`, `x+y`) into the bare word, as argument mode reads them.
      let text = tok.text;
      if (argumentMode) {
        for (let next = r.peek(); next && !next.spaceBefore && (next.kind === 'word' || next.kind === 'equals' || next.kind === 'plus' || next.kind === 'other'); next = r.peek()) {
          text += next.text;
          r.pos += 1;
        }
      } else if (/^[A-Za-z]+-[A-Za-z]/.test(text) && !/^-?\d/.test(text)) {
        r.skipCommandInExpression();
        return { kind: 'unresolved', message: `the value comes from running ${short(text)}, which is not run here`, ...at };
      }
      return { kind: 'string', text, quoted: false, ...at };
    }
    case 'variable':
      return variableValue(r, tok);
    case 'placeholder':
      return { kind: 'placeholder', text: tok.text, ...at };
    case 'scriptblock':
      return { kind: 'scriptblock', text: tok.text, ...at };
    case 'bracket':
      return bracketValue(r, tok, argumentMode);
    case 'array-start':
      return arrayValue(r, tok);
    case 'hash-start':
      return hashValue(r, tok);
    case 'lparen':
      return parenValue(r, tok);
    case 'splat':
      return { kind: 'unresolved', message: `@${tok.text} can only be used as a whole argument list`, ...at };
    case 'plus':
      return { kind: 'string', text: '+', quoted: false, ...at };
    default:
      return { kind: 'unresolved', message: `"${short(tok.text)}" is not a value`, ...at };
  }
}

export function stringValue(r: Reader, tok: Token): Value {
  const at = { line: tok.line, column: tok.column };
  if (!tok.parts) return { kind: 'string', text: tok.text, quoted: true, ...at };
  let text = '';
  for (const part of tok.parts) {
    if (part.kind === 'text') {
      text += part.text;
      continue;
    }
    if (part.kind === 'subexpression') {
      return { kind: 'unresolved', message: `the double-quoted string expands ${short(part.text)}, which cannot be evaluated statically; use single quotes for literal text`, ...at };
    }
    const key = variableKey(part.name);
    const value = r.variables.get(key);
    if ((value === undefined && !AUTOMATIC_VARIABLES.has(key) && !key.includes(':')) || value?.kind === 'variable') {
      return value ?? { kind: 'variable', name: part.name, ...at };
    }
    if (value?.kind === 'unresolved') return { kind: 'variable', name: part.name, reason: value.message, ...at };
    const resolved = value === undefined ? undefined : scalarText(value);
    if (resolved === undefined) {
      return { kind: 'unresolved', message: `the double-quoted string expands $${part.name}, which ${value === undefined ? 'is not assigned earlier in this script' : 'does not hold plain text'}; use single quotes for literal text`, ...at };
    }
    text += resolved;
  }
  return { kind: 'string', text, quoted: true, ...at };
}

export function variableValue(r: Reader, tok: Token): Value {
  const at = { line: tok.line, column: tok.column };
  const lower = tok.text.toLowerCase();
  if (lower === 'true') return { kind: 'bool', value: true, ...at };
  if (lower === 'false') return { kind: 'bool', value: false, ...at };
  if (lower === 'null') return { kind: 'null', ...at };
  if (tok.text === '(') {
    r.pos -= 1;
    r.skipSubexpression();
    return { kind: 'unresolved', message: 'a $( … ) subexpression cannot be evaluated statically', ...at };
  }
  const key = variableKey(tok.text);
  const value = key === 'psboundparameters' && !r.variables.has(key) && r.boundParameters ? r.boundParameters : r.variables.get(key);
  // `$x.Property` or `$x['Key']`: a hashtable's entry or a rule's name; other member access is not evaluated.
  const next = r.peek();
  if (next && !next.spaceBefore && ((next.kind === 'word' && next.text.startsWith('.')) || next.kind === 'bracket')) {
    r.pos += 1;
    const written = `$${tok.text}${next.kind === 'bracket' ? `[${next.text}]` : next.text}`;
    const member = next.kind === 'bracket' ? indexKey(next.text) : next.text.slice(1);
    if (member !== null && r.peek()?.kind !== 'lparen') {
      if (value?.kind === 'hashtable') {
        const entry = value.entries.find((e) => e.key.toLowerCase() === member.toLowerCase());
        if (entry) return { ...entry.value, ...at } as Value;
        // A key the hashtable does not hold reads as $null in PowerShell; Count is its size.
        if (/^count$/i.test(member)) return { kind: 'string', text: String(value.entries.length), quoted: false, ...at };
        if (!/^(keys|values|syncroot|issynchronized|isreadonly|isfixedsize|comparer)$/i.test(member)) return { kind: 'null', ...at };
      }
      if (value?.kind === 'rule' && /^(name|identity)$/i.test(member)) return { kind: 'string', text: value.identity, quoted: true, ...at };
      if (value === undefined && !AUTOMATIC_VARIABLES.has(key) && next.kind === 'word' && /^\.\w+$/.test(next.text)) {
        const supplied = r.shared.supplied.get(`${key}${next.text.toLowerCase()}`);
        if (supplied) return { ...supplied, ...at } as Value;
        return { kind: 'variable', name: `${tok.text}${next.text}`, ...at };
      }
    }
    return { kind: 'unresolved', message: `${written} reads part of a variable, which is not evaluated here`, ...at };
  }
  if (value === undefined) {
    if (AUTOMATIC_VARIABLES.has(key) || key.includes(':')) {
      return { kind: 'unresolved', message: `$${tok.text} is set by PowerShell when the script runs, not in the script`, ...at };
    }
    return { kind: 'variable', name: tok.text.replace(/^(?:script|global|local|private|using):/i, ''), ...at };
  }
  if (value.kind === 'unresolved') {
    return { kind: 'variable', name: tok.text.replace(/^(?:script|global|local|private|using):/i, ''), reason: value.message, ...at };
  }
  return { ...value, line: at.line, column: at.column } as Value;
}

export function bracketValue(r: Reader, tok: Token, argumentMode: boolean): Value {
  const at = { line: tok.line, column: tok.column };
  const type = tok.text.trim().toLowerCase();
  const next = r.peek();
  if (type === 'char' && next) {
    const operand = next.kind === 'word' ? next.text : next.kind === 'string' ? next.text : '';
    const code = /^0x[0-9a-f]{1,6}$/i.test(operand) ? Number.parseInt(operand.slice(2), 16) : /^\d{1,7}$/.test(operand) ? Number(operand) : Number.NaN;
    if (next.kind === 'word' && Number.isFinite(code) && code <= 0xffff) {
      r.pos += 1;
      return { kind: 'string', text: String.fromCharCode(code), quoted: true, ...at };
    }
    if (next.kind === 'string' && [...operand].length === 1) {
      r.pos += 1;
      return { kind: 'string', text: operand, quoted: true, ...at };
    }
    return { kind: 'unresolved', message: `[char] needs a character code such as 0x202E here`, ...at };
  }
  if (/^(?:system\.)?(?:string|string\[\]|array|object|object\[\]|int|int32|bool|boolean|switch|hashtable|ordered|collections\.hashtable|collections\.arraylist|collections\.specialized\.ordereddictionary)$/.test(type) && next && (next.kind === 'string' || next.kind === 'variable' || next.kind === 'lparen' || next.kind === 'array-start' || (next.kind === 'word' && !argumentMode))) {
    return primary(r, argumentMode);
  }
  if (next && !next.spaceBefore && next.kind === 'word' && next.text.startsWith('::')) {
    r.pos += 1;
    return { kind: 'unresolved', message: `[${tok.text}]${short(next.text)} calls .NET, which is not evaluated here`, ...at };
  }
  return { kind: 'placeholder', text: `[${tok.text}]`, ...at };
}

export function arrayValue(r: Reader, open: Token): Value {
  const at = { line: open.line, column: open.column };
  const items: Value[] = [];
  for (;;) {
    const tok = r.peek();
    if (tok === undefined) {
      return { kind: 'unresolved', message: '@( is never closed with )', ...at };
    }
    if (tok.kind === 'rparen') {
      r.pos += 1;
      break;
    }
    if (tok.kind === 'newline' || tok.kind === 'semicolon' || tok.kind === 'comma') {
      r.pos += 1;
      continue;
    }
    if (tok.kind === 'rbrace') {
      return { kind: 'unresolved', message: '@( is never closed with )', ...at };
    }
    r.nesting += 1;
    const value = expression(r, false);
    r.nesting -= 1;
    if (value.kind === 'list') items.push(...value.items);
    else items.push(value);
  }
  return { kind: 'list', items, ...at };
}

export function hashValue(r: Reader, open: Token): Value {
  const at = { line: open.line, column: open.column };
  const entries: { key: string; value: Value; line: number; column: number }[] = [];
  for (;;) {
    const tok = r.peek();
    if (tok === undefined) {
      return { kind: 'unresolved', message: '@{ is never closed with }', ...at };
    }
    if (tok.kind === 'rbrace') {
      r.pos += 1;
      break;
    }
    if (tok.kind === 'newline' || tok.kind === 'semicolon') {
      r.pos += 1;
      continue;
    }
    if ((tok.kind === 'word' || tok.kind === 'string') && r.peek(1)?.kind === 'equals') {
      r.pos += 2;
      r.skipNewlines();
      if (!r.valueFollows()) {
        entries.push({ key: tok.text, value: { kind: 'unresolved', message: `${tok.text} = has no value`, line: tok.line, column: tok.column }, line: tok.line, column: tok.column });
        continue;
      }
      entries.push({ key: tok.text, value: expression(r, false), line: tok.line, column: tok.column });
      continue;
    }
    // Anything else inside @{ }: skip to the closing brace and report.
    let depth = 0;
    while (r.pos < r.tokens.length) {
      const t = r.peek() as Token;
      if (t.kind === 'lparen' || t.kind === 'array-start' || t.kind === 'hash-start') depth += 1;
      if (t.kind === 'rparen' && depth > 0) depth -= 1;
      if (t.kind === 'rbrace') {
        if (depth === 0) {
          r.pos += 1;
          break;
        }
        depth -= 1;
      }
      r.pos += 1;
    }
    return { kind: 'unresolved', message: `the hashtable holds "${short(tok.text)}" where a Key = value entry was expected`, ...at };
  }
  return { kind: 'hashtable', entries, ...at };
}

export function parenValue(r: Reader, open: Token): Value {
  const at = { line: open.line, column: open.column };
  r.skipNewlines();
  if (r.peek()?.kind === 'rparen') {
    r.pos += 1;
    return { kind: 'list', items: [], ...at };
  }
  const first = r.peek();
  if (first === undefined || first.kind === 'newline' || first.kind === 'semicolon') {
    return { kind: 'unresolved', message: '( is never closed with )', ...at };
  }
  if (first.kind === 'word' && (CMDLET_BY_LOWER.has(first.text.toLowerCase()) || /^[A-Za-z]+-[A-Za-z]/.test(first.text))) {
    r.skipParen();
    return { kind: 'unresolved', message: `(${short(first.text)} …) runs a command, which is not evaluated here`, ...at };
  }
  r.nesting += 1;
  const value = expression(r, false);
  r.nesting -= 1;
  r.skipNewlines();
  if (r.peek()?.kind === 'rparen') {
    r.pos += 1;
    return value;
  }
  const stray = r.peek();
  if (stray === undefined) return { kind: 'unresolved', message: '( is never closed with )', ...at };
  r.skipParen();
  return { kind: 'unresolved', message: `the expression in ( ) holds "${short(stray?.text ?? '')}", which cannot be evaluated statically`, ...at };
}
