import { useRef, useState, type KeyboardEvent } from 'react';
import { Button, Field, Select, Spinner, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { ArrowDownloadRegular } from '@fluentui/react-icons';
import { shortProtocolName } from '../../../core/describe.ts';
import type { MapCell } from '../../../core/analysis/decision-map.ts';
import { downloadBlob, downloadText } from '../../lib/download.ts';
import { useAnalysisReport } from '../../lib/use-analysis-report.ts';
import { selectRuleSet, useDesignStore } from '../../store/index.ts';
import { cellWords, mapSvg, svgToPng } from './map-image.ts';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, width: '100%', minWidth: 0 },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'end' },
  scroller: { overflowX: 'auto', maxWidth: '100%', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  grid: { display: 'grid', gap: '2px', padding: tokens.spacingHorizontalS, width: 'max-content' },
  head: { fontWeight: tokens.fontWeightSemibold, padding: tokens.spacingHorizontalXS, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere', maxWidth: '11rem' },
  cell: {
    minWidth: '6rem',
    minHeight: '2.5rem',
    padding: tokens.spacingHorizontalXS,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusSmall,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground1,
    cursor: 'default',
    ':focus-visible': { outline: `3px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '1px' },
  },
  allow: { backgroundColor: tokens.colorPaletteGreenBackground2 },
  deny: { backgroundColor: tokens.colorPaletteRedBackground2 },
  mixed: { backgroundColor: tokens.colorPaletteYellowBackground2 },
  legend: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'center', margin: 0, padding: 0, listStyleType: 'none' },
  swatch: { display: 'inline-block', width: '1rem', height: '1rem', marginInlineEnd: tokens.spacingHorizontalXS, verticalAlign: 'middle', border: `1px solid ${tokens.colorNeutralStroke1}` },
  detail: { minHeight: '2.5rem', overflowWrap: 'anywhere' },
});

const WORD = { AllowAccess: 'Allow', DenyAccess: 'Deny', mixed: 'Mixed' } as const;

/** The Decision map view: the whole policy as a grid of protocols × address zones, one per kind of user. */
export function DecisionMapPanel() {
  const styles = useStyles();
  const set = useDesignStore(selectRuleSet);
  const { report, busy, cancel } = useAnalysisReport(set, null);
  const [userIndex, setUserIndex] = useState(0);
  const [focus, setFocus] = useState<{ r: number; c: number }>({ r: 0, c: 0 });
  const [detail, setDetail] = useState('');
  const cells = useRef(new Map<string, HTMLDivElement>());
  const map = report?.map;
  const user = map?.maps[Math.min(userIndex, (map?.maps.length ?? 1) - 1)];
  const tone = (cell: MapCell) => (cell.decision === 'AllowAccess' ? styles.allow : cell.decision === 'DenyAccess' ? styles.deny : styles.mixed);
  const describe = (r: number, c: number) => {
    if (!map || !user) return '';
    return `${shortProtocolName(map.protocols[r]!)} from ${map.zones[c]!.label}: ${cellWords(user.cells[r]![c]!)}`;
  };
  const move = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!map) return;
    const rows = map.protocols.length;
    const cols = map.zones.length;
    let { r, c } = focus;
    if (event.key === 'ArrowRight') c = Math.min(cols - 1, c + 1);
    else if (event.key === 'ArrowLeft') c = Math.max(0, c - 1);
    else if (event.key === 'ArrowDown') r = Math.min(rows - 1, r + 1);
    else if (event.key === 'ArrowUp') r = Math.max(0, r - 1);
    else if (event.key === 'Home') c = 0;
    else if (event.key === 'End') c = cols - 1;
    else return;
    event.preventDefault();
    setFocus({ r, c });
    setDetail(describe(r, c));
    cells.current.get(`${r}:${c}`)?.focus();
  };
  const exportSvg = () => map && user && downloadText('decision-map.svg', mapSvg(map, user), 'image/svg+xml');
  const exportPng = () => {
    if (!map || !user) return;
    void svgToPng(mapSvg(map, user)).then(
      (blob) => downloadBlob('decision-map.png', blob),
      (error: unknown) => setDetail(`The PNG could not be made: ${error instanceof Error ? error.message : String(error)}`),
    );
  };

  return (
    <section className={styles.panel} aria-labelledby="map-heading">
      <h2 id="map-heading" className={styles.heading}>
        Decision map
      </h2>
      <Text>Every protocol against the address zones the rules create, for direct connections. Use the arrow keys to move between cells; the deciding rule is named below.</Text>
      {busy && (
        <div role="status" className={styles.row}>
          <Spinner size="tiny" label="Analysing every connection…" />
          <Button onClick={cancel}>Cancel</Button>
        </div>
      )}
      {map && user && (
        <>
          <div className={styles.row}>
            {map.maps.length > 1 && (
              <Field label="Kind of user">
                <Select value={String(userIndex)} onChange={(_, d) => setUserIndex(Number(d.value))}>
                  {map.maps.map((m, i) => (
                    <option key={i} value={i}>
                      {m.label}
                    </option>
                  ))}
                </Select>
              </Field>
            )}
            <Button icon={<ArrowDownloadRegular />} onClick={exportSvg}>
              Export SVG
            </Button>
            <Button icon={<ArrowDownloadRegular />} onClick={exportPng}>
              Export PNG
            </Button>
          </div>
          {map.maps.length === 1 && <Text>{user.label}</Text>}
          <ul className={styles.legend} aria-label="Legend">
            <li>
              <span className={mergeClasses(styles.swatch, styles.allow)} />
              Allow
            </li>
            <li>
              <span className={mergeClasses(styles.swatch, styles.deny)} />
              Deny
            </li>
            <li>
              <span className={mergeClasses(styles.swatch, styles.mixed)} />
              Mixed: depends on the authentication type
            </li>
          </ul>
          <div className={styles.scroller}>
            <div
              role="grid"
              aria-label={`Decision map: ${user.label}`}
              aria-rowcount={map.protocols.length + 1}
              className={styles.grid}
              style={{ gridTemplateColumns: `auto repeat(${map.zones.length}, minmax(6rem, auto))` }}
              onKeyDown={move}
            >
              <div role="row" style={{ display: 'contents' }}>
                <div role="columnheader" className={styles.head}>
                  Protocol
                </div>
                {map.zones.map((z, c) => (
                  <div role="columnheader" key={c} className={styles.head}>
                    {z.label}
                  </div>
                ))}
              </div>
              {map.protocols.map((p, r) => (
                <div role="row" key={p} style={{ display: 'contents' }}>
                  <div role="rowheader" className={styles.head}>
                    {shortProtocolName(p)}
                  </div>
                  {map.zones.map((_, c) => {
                    const cell = user.cells[r]![c]!;
                    return (
                      <div
                        role="gridcell"
                        key={c}
                        ref={(node) => {
                          if (node) cells.current.set(`${r}:${c}`, node);
                          else cells.current.delete(`${r}:${c}`);
                        }}
                        tabIndex={focus.r === r && focus.c === c ? 0 : -1}
                        aria-label={describe(r, c)}
                        className={mergeClasses(styles.cell, tone(cell))}
                        onFocus={() => {
                          setFocus({ r, c });
                          setDetail(describe(r, c));
                        }}
                        onMouseEnter={() => setDetail(describe(r, c))}
                      >
                        {WORD[cell.decision]}
                      </div>
                    );
                  })}
                </div>
              ))}
            </div>
          </div>
          <Text role="status" aria-live="polite" className={styles.detail}>
            {detail || 'Focus or hover a cell to see the deciding rule.'}
          </Text>
        </>
      )}
    </section>
  );
}
