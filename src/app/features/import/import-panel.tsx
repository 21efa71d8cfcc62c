import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DragEvent } from 'react';
import {
  Badge,
  Button,
  Field,
  Input,
  Link,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { ArrowSwapRegular, DatabaseRegular, DismissRegular, FolderOpenRegular, MergeRegular, ErrorCircleRegular, WarningRegular, InfoRegular } from '@fluentui/react-icons';
import { parseProjectFile } from '../../../core/model/project-file.ts';
import { summarizeRule } from '../../../core/describe.ts';
import type { RuleSet, SourceFinding } from '../../../core/model/types.ts';
import { APP_STORE_CONTEXT } from '../../lib/actions.ts';
import { CodeEditor } from '../../lib/monaco/index.ts';
import type { CodeEditorHandle } from '../../lib/monaco/index.ts';
import { selectBaseline, selectProfile, useDesignStore } from '../../store/index.ts';
import { FORMAT_LABELS, LARGE_INPUT_CHARS, countFindings, describeSize, languageOf, sortFindings } from './import-text.ts';
import { QueryProvider } from '../../lib/query-client.tsx';
import { readFileText } from '../../lib/read-file.ts';
import { useImportParse } from './use-import-parse.ts';
import { suppliedVariables, useImportDraft, type VariableField } from './import-draft.ts';
import { IMPORT_ACTIONS } from './actions.ts';

const MAX_LISTED_FINDINGS = 200;
const MAX_MARKERS = 2000;
const MAX_PREVIEW_RULES = 100;

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '1200px', marginInline: 'auto', width: '100%' },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  subheading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  drop: { borderRadius: tokens.borderRadiusMedium, outline: `2px dashed transparent`, outlineOffset: '2px' },
  dropActive: { outline: `2px dashed ${tokens.colorBrandStroke1}` },
  findings: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, maxHeight: '260px', overflowY: 'auto' },
  finding: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-start' },
  icon: { flexShrink: 0, marginTop: '2px' },
  error: { color: tokens.colorPaletteRedForeground1 },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1 },
  info: { color: tokens.colorNeutralForeground2 },
  position: { fontFamily: tokens.fontFamilyMonospace, whiteSpace: 'nowrap' },
  summary: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
  hint: { color: tokens.colorNeutralForeground2 },
  ruleRef: { fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  checkText: { overflowWrap: 'anywhere', minWidth: 0 },
  variables: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 320px), 1fr))', gap: tokens.spacingHorizontalL },
  uses: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalS, rowGap: tokens.spacingVerticalXXS },
});

/** Where a variable is used, as links to its positions in the editor. */
function VariableUses({ field, reveal }: { field: VariableField; reveal: (line: number, column: number) => void }) {
  const styles = useStyles();
  return (
    <span className={styles.uses}>
      <span>Used at</span>
      {field.uses.slice(0, 20).map((use, index) => (
        <Link key={index} as="button" onClick={() => reveal(use.line, use.column)}>
          <span className={styles.position}>
            {use.line}:{use.column}
          </span>{' '}
          -{use.parameter}
        </Link>
      ))}
      {field.uses.length > 20 && <span>…and {field.uses.length - 20} more</span>}
    </span>
  );
}

type ApplyMode = 'replace' | 'merge' | 'baseline' | 'open';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function SeverityIcon({ severity, className }: { severity: SourceFinding['severity']; className: string }) {
  if (severity === 'error') return <ErrorCircleRegular className={className} aria-label="Error" />;
  if (severity === 'warning') return <WarningRegular className={className} aria-label="Warning" />;
  return <InfoRegular className={className} aria-label="Information" />;
}

function ImportContent() {
  const styles = useStyles();
  const profile = useDesignStore(selectProfile);
  const baseline = useDesignStore(selectBaseline);
  const setActiveView = useDesignStore((s) => s.setActiveView);
  const editor = useRef<CodeEditorHandle>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const { source, fields, setText: setDraftText, setFieldValue, mergeOpenVariables } = useImportDraft();
  const [immediate, setImmediate] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [onBaseline, setOnBaseline] = useState(false);
  const [applied, setApplied] = useState<{ mode: ApplyMode; rules: number; tests: number } | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [fileNote, setFileNote] = useState<string | null>(null);

  const useBaseline = onBaseline && baseline !== null;
  const variables = useMemo(() => suppliedVariables(fields), [fields]);
  const parse = useImportParse(
    source,
    { profile, baseline: useBaseline ? baseline : undefined, immediate, variables },
    `${profile}:${useBaseline ? 'baseline' : 'empty'}:${JSON.stringify(variables)}`,
  );
  const result = parse.result;
  useEffect(() => {
    if (result && !parse.stale) mergeOpenVariables(result.variables);
  }, [result, parse.stale, mergeOpenVariables]);
  const openNames = useMemo(() => new Set((result?.variables ?? []).map((v) => v.name.toLowerCase())), [result]);
  const findings = useMemo(() => sortFindings(result?.findings ?? []), [result]);
  const markers = useMemo(() => (parse.stale ? [] : findings.slice(0, MAX_MARKERS)), [findings, parse.stale]);
  const counts = countFindings(findings);
  const lint = result?.lint ?? [];
  const lintCounts = countFindings(lint);
  const large = source.text.length >= LARGE_INPUT_CHARS;

  const setText = useCallback(
    (text: string, now = false) => {
      setImmediate(now);
      setApplied(null);
      setDraftText(text);
    },
    [setDraftText],
  );
  const reveal = useCallback((line: number, column: number) => editor.current?.revealPosition(line, column), []);

  const readFile = (file: File | undefined) => {
    if (!file) return;
    setFileError(null);
    setFileNote(null);
    void readFileText(file).then((read) => {
      if (!read.ok) return setFileError(read.message);
      setFileNote(read.note ?? null);
      setText(read.text, true);
    });
  };

  const apply = (mode: ApplyMode, imported: RuleSet) => {
    if (mode === 'open') {
      // A project file opens through the same action as from the Export page: the whole project, one undo step.
      const project = parseProjectFile(source.text);
      if (!project.ok) return;
      IMPORT_ACTIONS.openProject.run(APP_STORE_CONTEXT, { opened: project });
    } else if (mode === 'baseline') IMPORT_ACTIONS.useAsBaseline.run(APP_STORE_CONTEXT, { imported });
    else if (mode === 'merge') IMPORT_ACTIONS.mergeRules.run(APP_STORE_CONTEXT, { imported });
    else IMPORT_ACTIONS.replaceRules.run(APP_STORE_CONTEXT, { imported });
    setApplied({ mode, rules: imported.rules.length, tests: imported.tests.length });
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    readFile(event.dataTransfer.files[0]);
  };

  const canApply = result !== undefined && !parse.stale && (result.ruleSet.rules.length > 0 || result.ruleSet.tests.length > 0);

  return (
    <div className={styles.panel}>
      <section className={styles.section} aria-labelledby="import-source-heading">
        <h2 id="import-source-heading" className={styles.heading}>
          Import rules
        </h2>
        <Text className={styles.hint}>
          Paste or drop a PowerShell script (New-, Set-, Remove-ClientAccessRule), Get-ClientAccessRule output (Format-List, ConvertTo-Json or
          Export-Csv) or a project file. It is read here in your browser; nothing is sent anywhere.
        </Text>
        <div className={styles.row}>
          <Button icon={<FolderOpenRegular />} onClick={() => fileInput.current?.click()}>
            Open file…
          </Button>
          <input
            ref={fileInput}
            type="file"
            hidden
            accept=".ps1,.psm1,.txt,.csv,.json"
            aria-label="File to import"
            data-testid="import-file-input"
            onChange={(event) => {
              readFile(event.target.files?.[0]);
              event.target.value = '';
            }}
          />
          {source.text !== '' && (
            <Button icon={<DismissRegular />} onClick={() => setText('', true)}>
              Clear
            </Button>
          )}
          {baseline !== null && (
            <Switch
              label={`Run the script on the deployed baseline (${baseline.rules.length} rules)`}
              checked={onBaseline}
              onChange={(_, d) => setOnBaseline(d.checked)}
            />
          )}
          {result && (
            <Badge appearance="tint" color="brand" data-testid="detected-format">
              Detected: {FORMAT_LABELS[result.format]}
            </Badge>
          )}
        </div>
        {fileNote && (
          <MessageBar intent="info">
            <MessageBarBody>{fileNote}</MessageBarBody>
          </MessageBar>
        )}
        {fileError && (
          <MessageBar intent="error">
            <MessageBarBody>{fileError}</MessageBarBody>
          </MessageBar>
        )}
        <div
          className={mergeClasses(styles.drop, dragging && styles.dropActive)}
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <CodeEditor
            ref={editor}
            value={source.text}
            language={languageOf(result?.format)}
            ariaLabel="Text to import"
            onChange={(text) => setText(text)}
            markers={markers}
            height="45vh"
          />
        </div>
        <Text size={200} className={styles.hint}>
          Tab moves to the next control; press Ctrl+M in the editor to type tabs instead.
        </Text>
        {(parse.parsing || parse.pendingDebounce) && large && (
          <div className={styles.section} role="status">
            <ProgressBar thickness="large" aria-label="Parsing progress" />
            <div className={styles.row}>
              <Text>
                {parse.pendingDebounce ? 'Waiting for typing to pause' : parse.progress?.stage === 'parsing' ? 'Parsing' : 'Sending'} {describeSize(source.text.length)}{' '}
                in the background; the page stays usable.
              </Text>
              <Button icon={<DismissRegular />} onClick={parse.cancel} disabled={!parse.parsing}>
                Cancel
              </Button>
            </div>
          </div>
        )}
        {parse.parsing && !large && <Text className={styles.summary}>Parsing…</Text>}
        {parse.cancelled && (
          <MessageBar intent="info">
            <MessageBarBody>Parsing was cancelled. Edit the text, or parse it again.</MessageBarBody>
            <MessageBarActions>
              <Button onClick={parse.retry}>Parse again</Button>
            </MessageBarActions>
          </MessageBar>
        )}
        {parse.error && !parse.cancelled && (
          <MessageBar intent="error">
            <MessageBarBody>
              <MessageBarTitle>The text could not be parsed</MessageBarTitle>
              {parse.error instanceof Error ? parse.error.message : String(parse.error)}
            </MessageBarBody>
          </MessageBar>
        )}
      </section>

      {result?.format === 'script' && fields.length > 0 && (
        <section className={styles.section} aria-labelledby="import-variables-heading">
          <h2 id="import-variables-heading" className={styles.subheading}>
            Values the script leaves open
          </h2>
          <Text className={styles.hint}>
            The script takes these from its parameters or from variables it does not assign. Commands that use them are not imported until
            each has a value. A comma makes a list (10.0.0.0/8, 192.168.0.0/16); $null is empty. The script is read again as you type.
          </Text>
          <div className={styles.variables}>
            {fields.map((field) => {
              const open = openNames.has(field.name.toLowerCase()) || field.value.trim() === '';
              return (
                <Field
                  key={field.name}
                  label={`$${field.name}`}
                  validationState={open ? 'warning' : 'success'}
                  validationMessage={open ? (field.reason ? `Needed: ${field.reason}.` : 'Needed to import the commands that use it.') : 'Given.'}
                  hint={<VariableUses field={field} reveal={reveal} />}
                >
                  <Input value={field.value} onChange={(_, d) => setFieldValue(field.name, d.value)} />
                </Field>
              );
            })}
          </div>
        </section>
      )}

      {result && (
        <section className={styles.section} aria-labelledby="import-findings-heading">
          <h2 id="import-findings-heading" className={styles.subheading}>
            Findings
          </h2>
          <Text className={styles.summary} role="status">
            {findings.length === 0 && lint.length === 0
              ? 'No findings: everything was read.'
              : findings.length === 0
              ? 'Everything was read. The checks on the imported rules are listed below.'
              : `${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.info, 'note')}. Select one to go to its line.`}
            {parse.stale && ' (from the previous text)'}
          </Text>
          {findings.length > 0 && (
            <ul className={styles.findings} aria-label="Import findings">
              {findings.slice(0, MAX_LISTED_FINDINGS).map((finding, index) => (
                <li key={index} className={styles.finding}>
                  <SeverityIcon severity={finding.severity} className={mergeClasses(styles.icon, styles[finding.severity])} />
                  <Link as="button" onClick={() => reveal(finding.line, finding.column)}>
                    <span className={styles.position}>
                      Line {finding.line}, column {finding.column}
                    </span>
                  </Link>
                  <Text>{finding.message}</Text>
                </li>
              ))}
              {findings.length > MAX_LISTED_FINDINGS && <li>…and {findings.length - MAX_LISTED_FINDINGS} more.</li>}
            </ul>
          )}
          {lint.length > 0 && (
            <>
              <h3 id="import-checks-heading" className={styles.subheading}>
                Checks on the imported rules: {plural(lintCounts.error, 'error')}, {plural(lintCounts.warning, 'warning')}, {plural(lintCounts.info, 'note')}
              </h3>
              <Text className={styles.hint}>What the design view will show after “Replace my rules” under the current target profile.</Text>
              <ul className={styles.findings} aria-labelledby="import-checks-heading">
                {lint.slice(0, MAX_LISTED_FINDINGS).map((finding, index) => (
                  <li key={index} className={styles.finding}>
                    <SeverityIcon severity={finding.severity} className={mergeClasses(styles.icon, styles[finding.severity])} />
                    <Text className={styles.checkText}>
                      {finding.ruleName !== undefined && (
                        <span className={styles.ruleRef}>
                          Rule {finding.priority} “{finding.ruleName}”:{' '}
                        </span>
                      )}
                      {finding.message}
                    </Text>
                  </li>
                ))}
                {lint.length > MAX_LISTED_FINDINGS && <li>…and {lint.length - MAX_LISTED_FINDINGS} more.</li>}
              </ul>
            </>
          )}
        </section>
      )}

      {result && (
        <section className={styles.section} aria-labelledby="import-preview-heading">
          <h2 id="import-preview-heading" className={styles.subheading}>
            Preview: {plural(result.ruleSet.rules.length, 'rule')}
            {result.ruleSet.tests.length > 0 ? `, ${plural(result.ruleSet.tests.length, 'test case')}` : ''}
          </h2>
          {result.ruleSet.rules.length > 0 && (
            <Table aria-label="Imported rules preview" size="small">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Priority</TableHeaderCell>
                  <TableHeaderCell>Name</TableHeaderCell>
                  <TableHeaderCell>Action</TableHeaderCell>
                  <TableHeaderCell>Enabled</TableHeaderCell>
                  <TableHeaderCell>Conditions</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {result.ruleSet.rules.slice(0, MAX_PREVIEW_RULES).map((rule, index) => (
                  <TableRow key={rule.id}>
                    <TableCell>{index + 1}</TableCell>
                    <TableCell>{rule.name}</TableCell>
                    <TableCell>{rule.action}</TableCell>
                    <TableCell>{rule.enabled ? 'Yes' : 'No'}</TableCell>
                    <TableCell>{summarizeRule(rule)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          {result.ruleSet.rules.length > MAX_PREVIEW_RULES && <Text>…and {result.ruleSet.rules.length - MAX_PREVIEW_RULES} more rules.</Text>}
          {counts.error > 0 && (
            <MessageBar intent="warning">
              <MessageBarBody>
                {counts.error} {counts.error === 1 ? 'part' : 'parts'} of the text could not be read (see the findings). The preview shows what was read; fix the
                text to include the rest.
              </MessageBarBody>
            </MessageBar>
          )}
          <div className={styles.row}>
            {result.format === 'project' ? (
              <Button appearance="primary" icon={<ArrowSwapRegular />} disabled={!canApply} onClick={() => apply('open', result.ruleSet)}>
                {IMPORT_ACTIONS.openProject.label}
              </Button>
            ) : (
              <Button appearance="primary" icon={<ArrowSwapRegular />} disabled={!canApply} onClick={() => apply('replace', result.ruleSet)}>
                {IMPORT_ACTIONS.replaceRules.label}
              </Button>
            )}
            <Button icon={<MergeRegular />} disabled={!canApply} onClick={() => result && apply('merge', result.ruleSet)}>
              {IMPORT_ACTIONS.mergeRules.label}
            </Button>
            <Button icon={<DatabaseRegular />} disabled={!canApply} onClick={() => result && apply('baseline', result.ruleSet)}>
              {IMPORT_ACTIONS.useAsBaseline.label}
            </Button>
          </div>
          <Text size={200} className={styles.hint}>
            {result.format === 'project' ? 'Open: the file becomes your project (rules, target, test cases and baseline). ' : 'Replace: your rules become the imported ones. '}
            Merge: rules with the same name are updated, new ones added at the end. Baseline: your
            rules stay; the Export page can then generate only the changes. Each is one undo step.
          </Text>
        </section>
      )}

      {applied && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>
            <MessageBarTitle>
              {applied.mode === 'open' ? 'Project opened' : applied.mode === 'replace' ? 'Rules replaced' : applied.mode === 'merge' ? 'Rules merged' : 'Baseline set'}
            </MessageBarTitle>
            {applied.mode === 'baseline'
              ? `The baseline now holds ${plural(applied.rules, 'rule')} as deployed.`
              : `${plural(applied.rules, 'imported rule')}${applied.tests > 0 ? ` and ${plural(applied.tests, 'test case')}` : ''} applied.`}{' '}
            Undo restores the previous state.
          </MessageBarBody>
          <MessageBarActions>
            <Button onClick={() => setActiveView('design')}>Go to the rules</Button>
          </MessageBarActions>
        </MessageBar>
      )}
    </div>
  );
}

/** The Import page: paste, drop or open text, see findings and a preview, then apply it as one undo step. */
export function ImportPanel() {
  return (
    <QueryProvider>
      <ImportContent />
    </QueryProvider>
  );
}
