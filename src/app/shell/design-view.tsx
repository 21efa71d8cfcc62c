import { Suspense, lazy, useState } from 'react';
import { Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { RuleListPanel } from '../features/rule-list/index.ts';
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

const useStyles = makeStyles({
  grid: {
    flex: '1 1 auto',
    minHeight: 0,
    display: 'grid',
    gap: tokens.spacingHorizontalM,
    padding: tokens.spacingHorizontalM,
    gridTemplateColumns: 'minmax(340px, 400px) minmax(0, 1fr) minmax(360px, 440px)',
    gridTemplateRows: 'minmax(0, 1fr)',
    // Laptop widths keep the simulator beside the editor, so every edit shows its effect at once.
    '@media (max-width: 1499px)': {
      gridTemplateColumns: 'minmax(300px, 340px) minmax(0, 1fr) minmax(320px, 370px)',
    },
    '@media (max-width: 1199px)': {
      gridTemplateColumns: 'minmax(320px, 380px) minmax(0, 1fr)',
      gridTemplateRows: 'calc(100vh - 80px) auto',
      overflowY: 'auto',
    },
    '@media (max-width: 799px)': {
      gridTemplateColumns: 'minmax(0, 1fr)',
      gridTemplateRows: 'auto',
    },
  },
  pane: {
    minHeight: 0,
    minWidth: 0,
    display: 'flex',
    flexDirection: 'column',
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow4,
    overflow: 'hidden',
    '@media (max-width: 799px)': { minHeight: '75vh' },
  },
  simulator: {
    '@media (max-width: 1199px)': { gridColumn: '1 / -1', minHeight: '420px', overflow: 'visible' },
  },
  spinner: { margin: 'auto' },
  scroll: { flex: '1 1 auto', minHeight: 0, overflowY: 'auto', padding: tokens.spacingHorizontalM },
});

/** The main work area: rule list, rule editor and simulator side by side. */
export function DesignView() {
  const styles = useStyles();
  const [templatesOpen, setTemplatesOpen] = useState(false);
  return (
    <div className={styles.grid}>
      <section className={styles.pane} aria-label="Rules">
        <ErrorBoundary area="the rule list">
          <RuleListPanel onOpenTemplates={() => setTemplatesOpen(true)} />
        </ErrorBoundary>
      </section>
      <section className={styles.pane} aria-label="Rule editor">
        <ErrorBoundary area="the rule editor">
          <Suspense fallback={<Spinner className={styles.spinner} label="Loading the editor…" />}>
            <RuleEditorPanel />
          </Suspense>
        </ErrorBoundary>
      </section>
      <section className={`${styles.pane} ${styles.simulator}`} aria-label="Simulator">
        <div className={styles.scroll}>
          <ErrorBoundary area="the simulator">
            <Suspense fallback={<Spinner label="Loading simulator…" />}>
              <SimulatorPanel />
            </Suspense>
          </ErrorBoundary>
        </div>
      </section>
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
