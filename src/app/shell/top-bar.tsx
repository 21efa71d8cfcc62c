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
    position: 'relative',
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    columnGap: tokens.spacingHorizontalL,
    '@media (max-width: 1023.98px)': { columnGap: tokens.spacingHorizontalS, paddingInline: tokens.spacingHorizontalS },
    rowGap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    minHeight: '48px',
    flexShrink: 0,
    boxSizing: 'border-box',
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    boxShadow: tokens.shadow2,
  },
  brand: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, color: tokens.colorBrandForeground1 },
  title: {
    margin: 0,
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground1,
    whiteSpace: 'nowrap',
    '@media (max-width: 1199px)': {
      position: 'absolute',
      width: '1px',
      height: '1px',
      overflow: 'hidden',
      clip: 'rect(0 0 0 0)',
    },
  },
  spacer: { flex: '1 1 auto' },
  /** With many views the tabs wrap instead of widening the page on a narrow screen. */
  tabs: { flexWrap: 'wrap', minWidth: 0, maxWidth: '100%' },
  /** Below 1680 px a view tab is its icon: the label stays its accessible name, shown in a tooltip. */
  hiddenLabel: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
  group: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
});

/**
 * Below this width the view tabs show icons only (label in a tooltip and as the accessible name), so
 * the top bar stays one row from 1024 px; the labelled tabs need about 1600 px with the title and tools.
 */
const COMPACT_TABS_QUERY = '(max-width: 1679.98px)';

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
  const compactTabs = useMediaQuery(COMPACT_TABS_QUERY);

  return (
    <header className={styles.bar}>
      <div className={styles.brand}>
        <ShieldLock24Regular aria-hidden />
        <h1 className={styles.title}>Client Access Rule Designer</h1>
      </div>
      {narrow ? (
        <Select
          size="small"
          aria-label="View"
          value={view}
          onChange={(_, data) => setActiveView(data.value as ActiveView)}
        >
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
          {VIEWS.map((v) => {
            const icon = VIEW_ICONS[v.value] ?? <TaskListSquareLtr20Regular />;
            return compactTabs ? (
              <Tooltip key={v.value} content={v.label} relationship="label" positioning="below">
                <Tab value={v.value} icon={icon}>
                  <span className={styles.hiddenLabel}>{v.label}</span>
                </Tab>
              </Tooltip>
            ) : (
              <Tab key={v.value} value={v.value}>
                {v.label}
              </Tab>
            );
          })}
        </TabList>
      )}
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
    </header>
  );
}
