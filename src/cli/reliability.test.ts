/**
 * Regression tests for issue 13 at the command line: files Windows writes, empty and foreign input,
 * hostile nesting, size limits, negative option values and terminal-safe output.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseProjectFile } from '../core/model/project-file.ts';
import { bufferIo } from './io.ts';
import { runCli } from './main.ts';

const dir = mkdtempSync(join(tmpdir(), 'card-rely-'));
function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function cli(...argv: string[]) {
  const io = bufferIo();
  const code = await runCli(argv, io);
  return { code, out: io.out, err: io.err };
}

/** What Windows PowerShell 5.1 writes for `>`: UTF-16 LE with a byte-order mark. */
function utf16le(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

const FORMAT_LIST = 'Priority : 1\r\nName     : Block OWA\r\nAction   : DenyAccess\r\nAnyOfProtocols : {OutlookWebApp}\r\nEnabled  : True\r\n\r\n';
const PROJECT = (rule: string) => `{"format":"client-access-rule-designer","version":1,"rules":[${rule}]}`;

describe('files Windows writes', () => {
  it('imports Format-List output redirected with > in Windows PowerShell (UTF-16 LE) and says how it was read', async () => {
    const path = file('rules.txt', utf16le(FORMAT_LIST));
    const r = await cli('import', path);
    expect(r.code).toBe(0);
    expect(r.err).toContain('info: read as UTF-16 LE (byte-order mark FF FE)');
    const parsed = parseProjectFile(r.out);
    expect(parsed.ok && parsed.ruleSet.rules.map((x) => x.name)).toEqual(['Block OWA']);
    const lint = await cli('lint', path);
    expect(lint.out).toContain('1 rule,');
    expect(lint.err).toContain('read as UTF-16 LE');
  });

  it('reads UTF-16 BE scripts and UTF-8 with a byte-order mark', async () => {
    const script = "New-ClientAccessRule -Name 'Block POP' -Action DenyAccess -AnyOfProtocols POP3\n";
    const be = Buffer.from(utf16le(script));
    be.swap16();
    const r = await cli('export', file('be.ps1', be));
    expect(r.code).toBe(0);
    expect(r.out).toContain("'Block POP'");
    expect((await cli('export', file('bom.ps1', `\uFEFF${script}`))).out).toContain("'Block POP'");
  });
});

describe('nothing to read', () => {
  it.each([
    ['empty.ps1', '', 'it is empty'],
    ['bom.ps1', '\uFEFF', 'it holds only a byte-order mark and no text'],
    ['blank.txt', ' \r\n ', 'it holds only white space'],
  ])('%s exits 2 from lint, import and export, saying what was expected', async (name, content, why) => {
    const path = file(name, content);
    for (const command of ['lint', 'import', 'export']) {
      const r = await cli(command, path);
      expect(r.code, command).toBe(2);
      expect(r.err).toContain(`${name}: nothing to read: ${why}; expected a project file, a PowerShell script`);
    }
  });

  it('says a JSON file that is no rule data is neither a project file nor ConvertTo-Json output', async () => {
    const path = file('hello.json', '{"hello": 1}');
    for (const command of ['lint', 'import']) {
      const r = await cli(command, path);
      expect(r.code).toBe(2);
      expect(r.err).toContain('neither a project file nor Get-ClientAccessRule | ConvertTo-Json output');
      expect(r.err).toContain('"hello"');
      expect(r.err).not.toContain('has no Name');
    }
  });
});

describe('hostile input gets a message, never an internal error', () => {
  it('5,000 unclosed [ in a project file: exit 2 with line and column', async () => {
    const path = file('unclosed.json', `{"format":"client-access-rule-designer","version":1,"rules":${'['.repeat(5000)}`);
    for (const argv of [['lint', path], ['export', path], ['test', '--rules', path, '--protocol', 'POP3', '--auth', 'BasicAuthentication', '--ip', '10.0.0.1', '--port', '110', '--user', 'a@b.c']]) {
      const r = await cli(...argv);
      expect(r.code, argv[0]).toBe(2);
      expect(r.err).toMatch(/line 1, column 5061: not valid JSON: expected a value, found the end of the text/);
      expect(r.err).not.toMatch(/internal error|RangeError|call stack/);
    }
  });

  it('a valid project with a 20,000-level unknown field imports with the field dropped and a warning', async () => {
    const deep = `${'['.repeat(20000)}${']'.repeat(20000)}`;
    const path = file('deep.json', PROJECT(`{"name":"a","action":"AllowAccess","history":${deep},"owner":"ops"}`));
    const r = await cli('import', path);
    expect(r.code).toBe(0);
    expect(r.err).toContain('rules[0].history: this unknown field was dropped because it is nested more than 32 levels deep');
    const back = parseProjectFile(r.out);
    expect(back.ok && back.ruleSet.rules[0]?.extra).toEqual({ owner: 'ops' });
  });

  it('Get JSON with a list nested 20,000 levels: a finding, not "Maximum call stack size exceeded"', async () => {
    const deep = `${'['.repeat(20000)}"OutlookWebApp"${']'.repeat(20000)}`;
    const r = await cli('import', file('deep-get.json', `[{"Name":"a","Action":"DenyAccess","AnyOfProtocols":${deep}}]`));
    expect(r.err).toContain('AnyOfProtocols holds a nested list instead of a value');
    expect(r.err).not.toMatch(/call stack|internal error/);
  });

  it('refuses a file over the limit without reading it, naming the limit', async () => {
    const path = file('huge.ps1', '');
    truncateSync(path, 600 * 1024 * 1024);
    const r = await cli('lint', path);
    expect(r.code).toBe(2);
    expect(r.err).toContain('huge.ps1: refused without reading it: it is 600.0 MB; the largest file this designer reads is 20 MB');
  });

  it.runIf(process.platform === 'linux')('refuses /dev/zero after the limit instead of "Invalid string length"', async () => {
    const r = await cli('import', '/dev/zero');
    expect(r.code).toBe(2);
    expect(r.err).toContain('/dev/zero: refused without reading it: it is larger than 20 MB');
  });
});

describe('arguments', () => {
  it('--port -1 is a bad port, not "ambiguous"', async () => {
    const path = file('p.json', PROJECT(''));
    const r = await cli('test', '--rules', path, '--protocol', 'POP3', '--auth', 'BasicAuthentication', '--ip', '10.0.0.1', '--port', '-1', '--user', 'a@b.c');
    expect(r.code).toBe(2);
    expect(r.err).toContain("--port: '-1' is not a port; use a whole number from 1 to 65535");
    expect(r.err).not.toContain('ambiguous');
  });
});

describe('terminal output is a boundary', () => {
  const hostile = 'x\u001b[2K\rOK: no problems\u001b[8m';

  it('lint shows control characters of a rule name as escapes', async () => {
    const path = file('hostile.json', PROJECT(`{"name":${JSON.stringify(hostile)},"action":"DenyAccess"}`));
    const r = await cli('lint', path);
    expect(r.out).toContain('"x\\u001b[2K\\u000dOK: no problems\\u001b[8m"');
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(r.out + r.err).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    const json = await cli('lint', path, '--json');
    expect((JSON.parse(json.out) as { findings: { ruleName?: string }[] }).findings.some((f) => f.ruleName === hostile)).toBe(true);
  });

  it('bad values echoed in errors (clear screen, bidi override) are escaped', async () => {
    const path = file('p2.json', PROJECT(''));
    const r = await cli('test', '--rules', path, '--protocol', '\u001b[2J', '--auth', 'Basic\u202eAuth', '--ip', '10.0.0.1', '--port', '1', '--user', 'a');
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown protocol '\\u001b[2J'");
    expect(r.err).toContain('Basic\\u202eAuth');
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(r.err).not.toMatch(/[\u001b\u202e]/);
    const unknown = await cli('\u001b[2Jlint');
    expect(unknown.err).not.toContain('\u001b');
  });

  it('test prints the deciding rule name escaped', async () => {
    const path = file('p3.json', PROJECT(`{"name":"a\\u202eb","action":"DenyAccess"}`));
    const r = await cli('test', '--rules', path, '--protocol', 'POP3', '--auth', 'BasicAuthentication', '--ip', '10.0.0.1', '--port', '110', '--user', 'a@b.c');
    expect(r.code).toBe(0);
    expect(r.out).toContain('a\\u202eb');
    expect(r.out).not.toContain('\u202e');
  });
});
