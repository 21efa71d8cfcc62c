import { Suspense, lazy, useMemo, useRef, useState } from 'react';
import type { DragEvent } from 'react';
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  Select,
  Spinner,
  Tab,
  TabList,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Textarea,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownloadRegular, DismissRegular, FolderOpenRegular, PlayRegular, BeakerRegular } from '@fluentui/react-icons';
import { DEFAULT_MAPPING, MAPPING_KEY_DESCRIPTIONS, mergeMapping, parseMappingOverride } from '../../../core/replay/mapping.ts';
import type { MappingEntry } from '../../../core/replay/mapping.ts';
import { SKIP_REASONS } from '../../../core/replay/formats.ts';
import type { SkipReason } from '../../../core/replay/formats.ts';
import { changedConnections, replayToCsv } from '../../../core/replay/report.ts';
import type { ChangeGroup } from '../../../core/replay/report.ts';
import type { LogReplayResult, ReplayConnection, RuleHit } from '../../../core/replay/replay.ts';
import { downloadText } from '../../lib/download.ts';
import { selectBaseline, selectRuleSet, useDesignStore } from '../../store/index.ts';
import { ReplayCancelledError, runReplayInWorker } from '../../workers/index.ts';
import type { ReplayProgress } from '../../workers/index.ts';
import { COLUMN_LABELS, GROUP_LABELS, cellText, connectionRows, describeBytes, groupRows, nextSort, plural } from './replay-view.ts';
import { protocolDisplayName } from '../../../core/describe.ts';
import type { ConnectionColumn, ConnectionTab, GroupBy, GroupColumn, SortState } from './replay-view.ts';
import { VirtualTable } from './virtual-table.tsx';
import type { Column } from './virtual-table.tsx';

const HourlyChart = lazy(() => import('./hourly-chart.tsx').then((m) => ({ default: m.HourlyChart })));

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '1200px', marginInline: 'auto', width: '100%', minWidth: 0 },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  subheading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'center', minWidth: 0 },
  hint: { color: tokens.colorNeutralForeground2 },
  drop: {
    border: `2px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingVerticalL,
    textAlign: 'center',
    color: tokens.colorNeutralForeground2,
  },
  dropActive: { border: `2px dashed ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorBrandBackground2 },
  files: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  fileName: { overflowWrap: 'anywhere' },
  stats: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(150px, 1fr))', gap: tokens.spacingHorizontalM },
  stat: {
    display: 'flex',
    flexDirection: 'column',
    padding: tokens.spacingVerticalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
    minWidth: 0,
  },
  statValue: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  denied: { color: tokens.colorPaletteRedForeground1 },
  tableWrap: { overflowX: 'auto', maxWidth: '100%' },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  controls: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'flex-end' },
  tabs: { overflowX: 'auto', maxWidth: '100%' },
});

type ResultTab = ConnectionTab | 'rules';

interface Remembered {
  files: File[];
  overridesText: string;
  result: LogReplayResult | null;
}

/** Survives a visit to the simulator (the panel unmounts when the view changes), not a reload. */
const remembered: Remembered = { files: [], overridesText: '', result: null };

function parseOverrides(text: string): { entries: MappingEntry[]; errors: string[] } {
  const entries: MappingEntry[] = [];
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const parsed = parseMappingOverride(line.trim());
    if (parsed.ok) entries.push(parsed.entry);
    else errors.push(`Line ${i + 1}: ${parsed.message}`);
  });
  return { entries, errors };
}

function Stat({ label, value, denied }: { label: string; value: number; denied?: boolean }) {
  const styles = useStyles();
  return (
    <div className={styles.stat}>
      <Text size={200}>{label}</Text>
      <span className={mergeClasses(styles.statValue, denied && value > 0 && styles.denied)}>{value.toLocaleString('en-US')}</span>
    </div>
  );
}

/** The Replay view: streams log files in a worker and shows whose connections the draft would refuse. */
export function ReplayPanel() {
  const styles = useStyles();
  const ruleSet = useDesignStore(selectRuleSet);
  const baseline = useDesignStore(selectBaseline);
  const setConnection = useDesignStore((s) => s.setConnection);
  const setActiveView = useDesignStore((s) => s.setActiveView);
  const fileInput = useRef<HTMLInputElement>(null);
  const abort = useRef<AbortController | null>(null);
  const [files, setFilesState] = useState<File[]>(remembered.files);
  const [overridesText, setOverridesTextState] = useState(remembered.overridesText);
  const [result, setResultState] = useState<LogReplayResult | null>(remembered.result);
  const [progress, setProgress] = useState<ReplayProgress | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [tab, setTab] = useState<ResultTab>('newly-denied');
  const [groupBy, setGroupBy] = useState<GroupBy>('connection');
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<SortState<ConnectionColumn>>({ column: 'lines', descending: true });
  const [groupSort, setGroupSort] = useState<SortState<GroupColumn>>({ column: 'lines', descending: true });

  const setFiles = (next: File[]) => {
    remembered.files = next;
    setFilesState(next);
  };
  const setOverridesText = (text: string) => {
    remembered.overridesText = text;
    setOverridesTextState(text);
  };
  const setResult = (next: LogReplayResult | null) => {
    remembered.result = next;
    setResultState(next);
  };

  const overrides = useMemo(() => parseOverrides(overridesText), [overridesText]);
  const mapping = useMemo(() => mergeMapping(DEFAULT_MAPPING, overrides.entries), [overrides.entries]);

  const addFiles = (list: FileList | null | undefined) => {
    if (!list || list.length === 0) return;
    const added = [...list].filter((f) => !files.some((g) => g.name === f.name && g.size === f.size));
    setFiles([...files, ...added]);
  };

  const start = () => {
    if (files.length === 0 || overrides.errors.length > 0) return;
    const controller = new AbortController();
    abort.current = controller;
    setRunning(true);
    setError(null);
    setNotice(null);
    setProgress(null);
    runReplayInWorker(files, { draft: ruleSet, baseline, overrides: overrides.entries }, { signal: controller.signal, onProgress: setProgress }).then(
      (outcome) => {
        setRunning(false);
        if (outcome.ok) setResult(outcome.result);
        else setError(outcome.error);
      },
      (e: unknown) => {
        setRunning(false);
        if (e instanceof ReplayCancelledError) setNotice('Replay cancelled. Nothing was changed; the previous results, if any, are kept.');
        else setError(`Something went wrong while replaying (please report it): ${e instanceof Error ? e.message : String(e)}`);
      },
    );
  };

  const simulate = (c: ReplayConnection) => {
    setConnection({
      protocol: c.protocol,
      authenticationType: c.authenticationType,
      ipAddress: c.ip,
      port: c.port,
      user: c.user,
      attributes: { ...c.attributes },
      connectionType: c.connectionType,
    });
    setActiveView('design');
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    addFiles(event.dataTransfer.files);
  };

  const pct = progress && progress.bytesTotal > 0 ? progress.bytesDone / progress.bytesTotal : 0;

  return (
    <div className={styles.panel}>
      <section className={styles.section} aria-labelledby="replay-heading">
        <h2 id="replay-heading" className={styles.heading}>
          Replay connection logs
        </h2>
        <Text className={styles.hint}>
          Whose connections that worked would the rules refuse? Open Exchange HttpProxy logs, IIS logs (u_ex*.log), Entra sign-in CSVs or a
          connections CSV, and optionally a Get-User export for recipient filters. They are streamed in your browser; nothing is sent anywhere.
          After: the {plural(ruleSet.rules.length, 'rule')} being designed. Before:{' '}
          {baseline ? `the deployed baseline (${plural(baseline.rules.length, 'rule')})` : 'everything allowed (import a baseline to compare with the deployed rules)'}.
        </Text>
        <div className={styles.row}>
          <Button icon={<FolderOpenRegular />} onClick={() => fileInput.current?.click()} disabled={running}>
            Open log files…
          </Button>
          <input
            ref={fileInput}
            type="file"
            multiple
            hidden
            accept=".log,.LOG,.csv,.txt"
            aria-label="Log files to replay"
            data-testid="replay-file-input"
            onChange={(event) => {
              addFiles(event.target.files);
              event.target.value = '';
            }}
          />
          <Button appearance="primary" icon={<PlayRegular />} onClick={start} disabled={running || files.length === 0 || overrides.errors.length > 0}>
            Replay {files.length > 0 ? plural(files.length, 'file') : ''}
          </Button>
          {files.length > 0 && !running && (
            <Button icon={<DismissRegular />} onClick={() => setFiles([])}>
              Clear files
            </Button>
          )}
        </div>
        <div
          className={mergeClasses(styles.drop, dragging && styles.dropActive)}
          data-testid="replay-drop-zone"
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          Drop log files here (any number, any size), or use Open log files.
        </div>
        {files.length > 0 && (
          <ul className={styles.files} aria-label="Files to replay">
            {files.map((f) => (
              <li key={`${f.name}:${f.size}`}>
                <Badge appearance="outline" className={styles.fileName}>
                  {f.name} ({describeBytes(f.size)})
                </Badge>
              </li>
            ))}
          </ul>
        )}
        {running && (
          <div className={styles.section} aria-live="polite">
            <Field
              label="Replay progress"
              validationState="none"
              validationMessage={
                progress
                  ? `File ${Math.min(progress.fileIndex + 1, progress.fileCount)} of ${progress.fileCount}${progress.file ? `: ${progress.file}` : ''}: ${Math.floor(pct * 100)}% (${describeBytes(progress.bytesDone)} of ${describeBytes(progress.bytesTotal)}, ${plural(progress.lines, 'line')})`
                  : 'Starting…'
              }
            >
              <ProgressBar value={progress ? pct : undefined} max={1} />
            </Field>
            <div className={styles.row}>
              <Button icon={<DismissRegular />} onClick={() => abort.current?.abort()}>
                Cancel replay
              </Button>
            </div>
          </div>
        )}
        {error && (
          <MessageBar intent="error">
            <MessageBarBody>{error}</MessageBarBody>
          </MessageBar>
        )}
        {notice && (
          <MessageBar intent="info">
            <MessageBarBody>{notice}</MessageBarBody>
          </MessageBar>
        )}
        <Accordion collapsible>
          <AccordionItem value="mapping">
            <AccordionHeader>Mapping from log values to rule values ({overrides.entries.length} overridden)</AccordionHeader>
            <AccordionPanel>
              <div className={styles.section}>
                <Field
                  label="Overrides, one per line: Key:LogValue=RuleValue"
                  hint="For example AuthenticationType:FBA=AdfsAuthentication or Protocol:Autodiscover=ExchangeWebServices."
                  validationState={overrides.errors.length > 0 ? 'error' : 'none'}
                  validationMessage={overrides.errors.length > 0 ? overrides.errors.join(' ') : undefined}
                >
                  <Textarea value={overridesText} onChange={(_, d) => setOverridesText(d.value)} resize="vertical" />
                </Field>
                <div className={styles.tableWrap}>
                  <Table size="extra-small" aria-label="Mapping table">
                    <TableHeader>
                      <TableRow>
                        <TableHeaderCell>Key</TableHeaderCell>
                        <TableHeaderCell>Log value</TableHeaderCell>
                        <TableHeaderCell>Rule value</TableHeaderCell>
                      </TableRow>
                    </TableHeader>
                    <TableBody>
                      {mapping.map((m) => (
                        <TableRow key={`${m.key}:${m.from}`}>
                          <TableCell title={MAPPING_KEY_DESCRIPTIONS[m.key]}>{m.key}</TableCell>
                          <TableCell className={styles.mono}>{m.from}</TableCell>
                          <TableCell>{m.to}</TableCell>
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                </div>
              </div>
            </AccordionPanel>
          </AccordionItem>
        </Accordion>
      </section>
      {result && (
        <ReplayResults
          result={result}
          tab={tab}
          setTab={setTab}
          groupBy={groupBy}
          setGroupBy={setGroupBy}
          filter={filter}
          setFilter={setFilter}
          sort={sort}
          setSort={setSort}
          groupSort={groupSort}
          setGroupSort={setGroupSort}
          onSimulate={simulate}
        />
      )}
    </div>
  );
}

interface ResultsProps {
  result: LogReplayResult;
  tab: ResultTab;
  setTab: (tab: ResultTab) => void;
  groupBy: GroupBy;
  setGroupBy: (by: GroupBy) => void;
  filter: string;
  setFilter: (text: string) => void;
  sort: SortState<ConnectionColumn>;
  setSort: (sort: SortState<ConnectionColumn>) => void;
  groupSort: SortState<GroupColumn>;
  setGroupSort: (sort: SortState<GroupColumn>) => void;
  onSimulate: (c: ReplayConnection) => void;
}

const CONNECTION_WIDTHS: Record<ConnectionColumn, string> = {
  user: 'minmax(160px, 2fr)',
  ip: 'minmax(120px, 1.2fr)',
  protocol: 'minmax(130px, 1.2fr)',
  authenticationType: 'minmax(150px, 1.2fr)',
  before: '110px',
  after: '110px',
  rule: 'minmax(140px, 1.5fr)',
  lines: '80px',
};

function ReplayResults(props: ResultsProps) {
  const styles = useStyles();
  const { result, tab, groupBy, filter, sort, groupSort } = props;
  const newlyDenied = useMemo(() => changedConnections(result, 'newly-denied'), [result]);
  const newlyAllowed = useMemo(() => changedConnections(result, 'newly-allowed'), [result]);
  const skippedTotal = Object.values(result.skipped).reduce((n, v) => n + (v ?? 0), 0);
  const connectionTab = tab === 'rules' ? null : tab;
  const rows = useMemo(
    () => (connectionTab && groupBy === 'connection' ? connectionRows(result, connectionTab, filter, sort) : []),
    [result, connectionTab, groupBy, filter, sort],
  );
  const groups = useMemo(
    () => (connectionTab && groupBy !== 'connection' ? groupRows(result, connectionTab, groupBy, filter, groupSort) : []),
    [result, connectionTab, groupBy, filter, groupSort],
  );
  const tabLabel = tab === 'newly-denied' ? 'Newly denied' : tab === 'newly-allowed' ? 'Newly allowed' : tab === 'all' ? 'All connections' : 'Rule hits';

  const connectionColumns: Column<ReplayConnection, ConnectionColumn | 'simulate'>[] = [
    ...(['user', 'ip', 'protocol', 'authenticationType', 'before', 'after', 'rule', 'lines'] as const).map((id) => ({
      id,
      label: COLUMN_LABELS[id],
      width: CONNECTION_WIDTHS[id],
      numeric: id === 'lines',
      render: (c: ReplayConnection) => cellText(c, id).text,
      title: (c: ReplayConnection) => cellText(c, id).title,
    })),
    {
      id: 'simulate',
      label: 'Simulate',
      width: '110px',
      unsortable: true,
      render: (c: ReplayConnection) => (
        <Button size="small" icon={<BeakerRegular />} aria-label={`Open ${c.user} ${protocolDisplayName(c.protocol)} from ${c.ip} in the simulator`} onClick={() => props.onSimulate(c)}>
          Simulate
        </Button>
      ),
    },
  ];
  const groupColumns: Column<ChangeGroup, GroupColumn>[] = [
    { id: 'key', label: GROUP_LABELS[groupBy], width: 'minmax(200px, 3fr)', render: (g) => g.key, title: (g) => g.key },
    { id: 'connections', label: COLUMN_LABELS.connections, width: '130px', numeric: true, render: (g) => g.connections.toLocaleString('en-US') },
    { id: 'lines', label: COLUMN_LABELS.lines, width: '110px', numeric: true, render: (g) => g.lines.toLocaleString('en-US') },
  ];

  return (
    <section className={styles.section} aria-labelledby="replay-results-heading">
      <div className={styles.row}>
        <h2 id="replay-results-heading" className={styles.heading}>
          Results
        </h2>
        <Button icon={<ArrowDownloadRegular />} onClick={() => downloadText('replay-connections.csv', replayToCsv(result), 'text/csv')}>
          Export CSV
        </Button>
      </div>
      <div className={styles.stats} data-testid="replay-summary">
        <Stat label="Lines read" value={result.lines} />
        <Stat label="Lines skipped" value={skippedTotal} />
        <Stat label="Distinct connections" value={result.connections.length} />
        <Stat label="Denied lines before" value={result.before.DenyAccess} denied />
        <Stat label="Denied lines after" value={result.after.DenyAccess} denied />
        <Stat label="Newly denied connections" value={newlyDenied.length} denied />
        <Stat label="Newly allowed connections" value={newlyAllowed.length} />
      </div>
      {skippedTotal > 0 && (
        <div className={styles.tableWrap}>
          <Table size="extra-small" aria-label="Skipped lines by reason">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Skipped because</TableHeaderCell>
                <TableHeaderCell>Lines</TableHeaderCell>
                <TableHeaderCell>First example</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {(Object.entries(result.skipped) as [SkipReason, number][]).map(([reason, n]) => {
                const example = result.skipExamples.find((e) => e.reason === reason);
                return (
                  <TableRow key={reason}>
                    <TableCell>{SKIP_REASONS[reason]}</TableCell>
                    <TableCell>{n.toLocaleString('en-US')}</TableCell>
                    <TableCell className={styles.mono}>{example ? `${example.file}:${example.line}` : ''}</TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
      )}
      {result.hourly.length > 0 && (
        <section className={styles.section} aria-labelledby="replay-chart-heading">
          <h3 id="replay-chart-heading" className={styles.subheading}>
            Denied lines per hour
          </h3>
          <Suspense fallback={<Spinner size="small" label="Loading the chart…" />}>
            <HourlyChart hourly={result.hourly} hasBaseline={result.hasBaseline} />
          </Suspense>
        </section>
      )}
      <div className={styles.tabs}>
        <TabList selectedValue={tab} onTabSelect={(_, d) => props.setTab(d.value as ResultTab)} aria-label="Replay results">
          <Tab value="newly-denied">Newly denied ({newlyDenied.length})</Tab>
          <Tab value="newly-allowed">Newly allowed ({newlyAllowed.length})</Tab>
          <Tab value="all">All connections ({result.connections.length})</Tab>
          <Tab value="rules">Rule hits</Tab>
        </TabList>
      </div>
      {connectionTab ? (
        <>
          <div className={styles.controls}>
            <Field label="Group by">
              <Select value={groupBy} onChange={(_, d) => props.setGroupBy(d.value as GroupBy)}>
                {(Object.keys(GROUP_LABELS) as GroupBy[]).map((g) => (
                  <option key={g} value={g}>
                    {GROUP_LABELS[g]}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Filter">
              <Input value={filter} onChange={(_, d) => props.setFilter(d.value)} placeholder="user, address, protocol, rule" />
            </Field>
          </div>
          {groupBy === 'connection' ? (
            <VirtualTable
              label={`${tabLabel} connections`}
              rows={rows}
              columns={connectionColumns}
              sort={sort}
              onSort={(column, numeric) => column !== 'simulate' && props.setSort(nextSort(sort, column, numeric))}
              rowKey={(c) => `${c.user}|${c.ip}|${c.protocol}|${c.authenticationType}|${c.connectionType}|${JSON.stringify(c.attributes)}`}
              minWidth={1150}
              emptyText={filter ? 'No connection matches the filter.' : 'No connection changes decision.'}
            />
          ) : (
            <VirtualTable
              label={`${tabLabel} by ${GROUP_LABELS[groupBy].toLowerCase()}`}
              rows={groups}
              columns={groupColumns}
              sort={groupSort}
              onSort={(column, numeric) => props.setGroupSort(nextSort(groupSort, column, numeric))}
              rowKey={(g) => g.key}
              minWidth={440}
              emptyText={filter ? 'No group matches the filter.' : 'No connection changes decision.'}
            />
          )}
        </>
      ) : (
        <RuleHits hits={result.ruleHits} />
      )}
    </section>
  );
}

function RuleHits({ hits }: { hits: RuleHit[] }) {
  const styles = useStyles();
  return (
    <div className={styles.tableWrap}>
      <Table size="small" aria-label="Rule hits">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Rule set</TableHeaderCell>
            <TableHeaderCell>Priority</TableHeaderCell>
            <TableHeaderCell>Rule</TableHeaderCell>
            <TableHeaderCell>Action</TableHeaderCell>
            <TableHeaderCell>Connections decided</TableHeaderCell>
            <TableHeaderCell>Lines decided</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {hits.map((h) => (
            <TableRow key={`${h.set}:${h.priority}`}>
              <TableCell>{h.set === 'draft' ? 'Draft' : 'Baseline'}</TableCell>
              <TableCell>{h.priority}</TableCell>
              <TableCell>
                {h.name}
                {!h.enabled && ' (disabled)'}
                {h.enabled && h.lines === 0 && (
                  <Badge appearance="tint" color="warning" className={styles.fileName}>
                    never reached by real traffic
                  </Badge>
                )}
              </TableCell>
              <TableCell>{h.action}</TableCell>
              <TableCell>{h.connections.toLocaleString('en-US')}</TableCell>
              <TableCell>{h.lines.toLocaleString('en-US')}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
