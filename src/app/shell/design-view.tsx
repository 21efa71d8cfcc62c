import { Suspense, lazy, useCallback, useState } from 'react';
import { Spinner, Tab, TabList, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { RuleListPanel } from '../features/rule-list/index.ts';
import { NARROW_LAYOUT_QUERY, useMediaQuery } from '../lib/use-media-query.ts';
import { ErrorBoundary } from './error-boundary.tsx';

const RuleEditorPanel = lazy(() =>
  import('../features/rule-editor/index.ts').then((m) => ({ default: m.RuleEditorPanel })),
);
const TemplateDialog = lazy(() =>
  import('../features/templates/index.ts').then((m) => ({ default: m.TemplateDialog })),
);
const SimulatorPanel = lazy(() =>
  import('../features/simulator/index.ts').then((m) => ({ default: m.SimulatorPanel })),
);

/**
 * Decisions: from 1024 px the three panes sit side by side and the page never scrolls: each pane
 * scrolls on its own. The simulator (the what-if) gets the widest share after the editor, the rule
 * list enough for names and summaries. Below 1024 px one pane at a time fills the screen, chosen with
 * tabs; opening a rule from the list switches to the editor.
 */
const useStyles = makeStyles({
  root: { flex: '1 1 auto', minHeight: 0, display: 'flex', flexDirection: 'column' },
  grid: {
    flex: '1 1 auto',
    minHeight: 0,
    display: 'grid',
    gap: tokens.spacingHorizontalM,
    gridTemplateColumns: 'minmax(0, 1fr)',
    gridTemplateRows: 'minmax(0, 1fr)',
    padding: tokens.spacingHorizontalXS,
    // Disjoint ranges, so the order in which the style sheet lists them cannot matter.
    '@media (min-width: 1024px) and (max-width: 1279.98px)': {
      gap: tokens.spacingHorizontalS,
      padding: tokens.spacingHorizontalS,
      gridTemplateColumns: 'minmax(290px, 0.85fr) minmax(0, 1fr) minmax(330px, 1fr)',
    },
    '@media (min-width: 1280px) and (max-width: 1599.98px)': {
      padding: tokens.spacingHorizontalM,
      gridTemplateColumns: 'minmax(330px, 0.9fr) minmax(0, 1fr) minmax(380px, 1.05fr)',
    },
    '@media (min-width: 1600px)': {
      padding: tokens.spacingHorizontalM,
      gridTemplateColumns: 'minmax(380px, 0.9fr) minmax(0, 1.1fr) minmax(440px, 1.1fr)',
    },
  },
  tabs: {
    flexShrink: 0,
    paddingInline: tokens.spacingHorizontalS,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  pane: {
    position: 'relative',
    minHeight: 0,
    minWidth: 0,
    display: 'flex',
    flexDirection: 'column',
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow4,
    overflow: 'hidden',
    // Each pane lays out and paints on its own: typing in the editor does not re-lay out the list.
    contain: 'content',
  },
  hidden: { display: 'none' },
  spinner: { margin: 'auto' },
  scroll: { position: 'relative', flex: '1 1 auto', minHeight: 0, overflowY: 'auto', overflowX: 'hidden' },
});

type PaneId = 'rules' | 'editor' | 'simulator';

const PANES: { id: PaneId; label: string }[] = [
  { id: 'rules', label: 'Rules' },
  { id: 'editor', label: 'Editor' },
  { id: 'simulator', label: 'Simulator' },
];

/** The main work area: rule list, rule editor and simulator side by side (tabs when narrow). */
export function DesignView() {
  const styles = useStyles();
  const narrow = useMediaQuery(NARROW_LAYOUT_QUERY);
  const [templatesOpen, setTemplatesOpen] = useState(false);
  const [pane, setPane] = useState<PaneId>('rules');
  const paneClass = (id: PaneId) => mergeClasses(styles.pane, narrow && pane !== id && styles.hidden);
  const openRule = useCallback(() => setPane('editor'), []);

  return (
    <div className={styles.root}>
      {narrow && (
        <TabList
          className={styles.tabs}
          selectedValue={pane}
          onTabSelect={(_, data) => setPane(data.value as PaneId)}
          aria-label="Panes"
          size="small"
        >
          {PANES.map((p) => (
            <Tab key={p.id} value={p.id} id={`pane-tab-${p.id}`}>
              {p.label}
            </Tab>
          ))}
        </TabList>
      )}
      <div className={styles.grid}>
        <section className={paneClass('rules')} aria-label="Rules">
          <ErrorBoundary area="the rule list">
            <RuleListPanel onOpenTemplates={() => setTemplatesOpen(true)} onOpenRule={narrow ? openRule : undefined} />
          </ErrorBoundary>
        </section>
        <section className={paneClass('editor')} aria-label="Rule editor">
          <ErrorBoundary area="the rule editor">
            <Suspense fallback={<Spinner className={styles.spinner} label="Loading the editor…" />}>
              <RuleEditorPanel />
            </Suspense>
          </ErrorBoundary>
        </section>
        <section className={paneClass('simulator')} aria-label="Simulator">
          <div className={styles.scroll}>
            <ErrorBoundary area="the simulator">
              <Suspense fallback={<Spinner label="Loading simulator…" />}>
                <SimulatorPanel />
              </Suspense>
            </ErrorBoundary>
          </div>
        </section>
      </div>
      {templatesOpen && (
        <ErrorBoundary area="the template gallery">
          <Suspense fallback={null}>
            <TemplateDialog open={templatesOpen} onOpenChange={setTemplatesOpen} />
          </Suspense>
        </ErrorBoundary>
      )}
    </div>
  );
}
