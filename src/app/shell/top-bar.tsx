import { Select, Tab, TabList, Tooltip, Button, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactElement } from 'react';
import {
  ArrowExport20Regular,
  ArrowImport20Regular,
  ArrowRedo20Regular,
  ArrowSwap20Regular,
  ArrowUndo20Regular,
  DataHistogram20Regular,
  DesignIdeas20Regular,
  Flowchart20Regular,
  History20Regular,
  PhoneLaptop20Regular,
  ShieldKeyhole20Regular,
  ShieldLock24Regular,
  TaskListSquareLtr20Regular,
  WeatherMoon20Regular,
  WeatherSunny20Regular,
} from '@fluentui/react-icons';
import {
  selectActiveView,
  selectCanRedo,
  selectCanUndo,
  selectTheme,
  useDesignStore,
  useUndoState,
  type ActiveView,
} from '../store/index.ts';
import { LAZY_VIEWS } from './views.ts';
import { ProfileSwitch } from './profile-switch.tsx';
import { LintSummary } from './lint-summary.tsx';
import { TestStatus } from './test-status.tsx';
import { NARROW_LAYOUT_QUERY, useMediaQuery } from '../lib/use-media-query.ts';

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    flexDirection: 'column',
    flexShrink: 0,
    boxSizing: 'border-box',
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    boxShadow: tokens.shadow2,
  },
  row: {
    position: 'relative',
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    columnGap: tokens.spacingHorizontalL,
    '@media (max-width: 1023.98px)': { columnGap: tokens.spacingHorizontalS, paddingInline: tokens.spacingHorizontalS },
    rowGap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    minHeight: '48px',
    boxSizing: 'border-box',
  },
  /** The views' own row, under the title and tools, as an admin portal's navigation bar. */
  tabRow: {
    display: 'flex',
    paddingInline: tokens.spacingHorizontalS,
    borderTop: `1px solid ${tokens.colorNeutralStroke3}`,
  },
  brand: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, color: tokens.colorBrandForeground1 },
  title: {
    margin: 0,
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground1,
    whiteSpace: 'nowrap',
    '@media (max-width: 1023.98px)': {
      position: 'absolute',
      width: '1px',
      height: '1px',
      overflow: 'hidden',
      clip: 'rect(0 0 0 0)',
    },
  },
  spacer: { flex: '1 1 auto' },
  /** With many views the tabs wrap instead of widening the page. */
  tabs: { flexWrap: 'wrap', minWidth: 0, maxWidth: '100%' },
  group: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
});

/**
 * Decisions: every view tab shows its icon and its name at every width from 1024 px (icons alone made
 * a sighted user hover to read them). From this width the tabs fit in the title row; below it they
 * have a row of their own under the title and tools. Below 1024 px the views are a picker.
 */
const ONE_ROW_QUERY = '(min-width: 1900px)';

/** Each view's tab icon; a view registered without one here gets a generic icon. */
const VIEW_ICONS: Partial<Record<ActiveView, ReactElement>> = {
  design: <DesignIdeas20Regular />,
  import: <ArrowImport20Regular />,
  export: <ArrowExport20Regular />,
  adfs: <ShieldKeyhole20Regular />,
  activesync: <PhoneLaptop20Regular />,
  migrate: <ArrowSwap20Regular />,
  replay: <History20Regular />,
  analysis: <DataHistogram20Regular />,
  'decision-map': <Flowchart20Regular />,
};

const VIEWS: { value: ActiveView; label: string }[] = [
  { value: 'design', label: 'Design' },
  ...LAZY_VIEWS.map((v) => ({ value: v.id, label: v.label })),
];

export function TopBar() {
  const styles = useStyles();
  const view = useDesignStore(selectActiveView);
  const setActiveView = useDesignStore((s) => s.setActiveView);
  const undo = useDesignStore((s) => s.undo);
  const redo = useDesignStore((s) => s.redo);
  const canUndo = useUndoState(selectCanUndo);
  const canRedo = useUndoState(selectCanRedo);
  const theme = useDesignStore(selectTheme);
  const setTheme = useDesignStore((s) => s.setTheme);
  const nextTheme = theme === 'dark' ? 'light' : 'dark';
  // Below 1024 px the views (one per registered feature) are a compact picker instead of tabs.
  const narrow = useMediaQuery(NARROW_LAYOUT_QUERY);
  const oneRow = useMediaQuery(ONE_ROW_QUERY);

  const views = narrow ? (
    <Select size="small" aria-label="View" value={view} onChange={(_, data) => setActiveView(data.value as ActiveView)}>
      {VIEWS.map((v) => (
        <option key={v.value} value={v.value}>
          {v.label}
        </option>
      ))}
    </Select>
  ) : (
    <TabList
      selectedValue={view}
      onTabSelect={(_, data) => setActiveView(data.value as ActiveView)}
      aria-label="Views"
      size="small"
      className={styles.tabs}
    >
      {VIEWS.map((v) => (
        <Tab key={v.value} value={v.value} icon={VIEW_ICONS[v.value] ?? <TaskListSquareLtr20Regular />}>
          {v.label}
        </Tab>
      ))}
    </TabList>
  );

  return (
    <header className={styles.bar}>
      <div className={styles.row}>
        <div className={styles.brand}>
          <ShieldLock24Regular aria-hidden />
          <h1 className={styles.title}>Client Access Rule Designer</h1>
        </div>
        {(narrow || oneRow) && views}
        <div className={styles.spacer} />
        <div className={styles.group} role="group" aria-label="History">
          <Tooltip content="Undo (Ctrl+Z)" relationship="description" positioning="below">
            <Button appearance="subtle" icon={<ArrowUndo20Regular />} disabled={!canUndo} onClick={undo} aria-label="Undo" />
          </Tooltip>
          <Tooltip content="Redo (Ctrl+Shift+Z or Ctrl+Y)" relationship="description" positioning="below">
            <Button appearance="subtle" icon={<ArrowRedo20Regular />} disabled={!canRedo} onClick={redo} aria-label="Redo" />
          </Tooltip>
        </div>
        <ProfileSwitch />
        <TestStatus />
        <LintSummary />
        <Tooltip content={`Switch to ${nextTheme} theme`} relationship="label" positioning="below">
          <Button
            appearance="subtle"
            icon={theme === 'dark' ? <WeatherSunny20Regular /> : <WeatherMoon20Regular />}
            onClick={() => setTheme(nextTheme)}
          />
        </Tooltip>
      </div>
      {!narrow && !oneRow && <div className={styles.tabRow}>{views}</div>}
    </header>
  );
}
