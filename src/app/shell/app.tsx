import { Suspense, useEffect, useState } from 'react';
import {
  FluentProvider,
  Spinner,
  makeStaticStyles,
  makeStyles,
  tokens,
  webDarkTheme,
  webLightTheme,
} from '@fluentui/react-components';
import { selectActiveView, selectTheme, useDesignStore, type ActiveView } from '../store/index.ts';
import { isTextEditingTarget, undoShortcutOf } from '../lib/keyboard.ts';
import { bootPersistence } from './boot.ts';
import { TopBar } from './top-bar.tsx';
import { NoticeArea } from './notice-area.tsx';
import { DesignView } from './design-view.tsx';
import { ErrorBoundary } from './error-boundary.tsx';
import { LAZY_VIEWS } from './views.ts';
import { FirstRunDialog } from './first-run-dialog.tsx';


const useStaticStyles = makeStaticStyles({
  'html, body, #root': { height: '100%', margin: 0 },
  body: { fontFamily: tokens.fontFamilyBase },
  // Not a className on FluentProvider: Fluent copies that class onto its portal mount nodes.
  '#root > .fui-FluentProvider': { height: '100%' },
});

const useStyles = makeStyles({
  root: {
    height: '100%',
    // The document never scrolls: the panes (and the Import and Export pages) scroll on their own.
    position: 'relative',
    overflow: 'hidden',
    display: 'flex',
    flexDirection: 'column',
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
  },
  main: { flex: '1 1 auto', minHeight: 0, display: 'flex', flexDirection: 'column' },
  page: { flex: '1 1 auto', minHeight: 0, overflow: 'auto', padding: tokens.spacingHorizontalL },
  loading: { margin: 'auto' },
});

/** Global undo/redo shortcuts; inside text fields the browser's own text undo wins. */
function useUndoShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const shortcut = undoShortcutOf(event);
      if (!shortcut || event.defaultPrevented || isTextEditingTarget(event.target)) return;
      event.preventDefault();
      const state = useDesignStore.getState();
      if (shortcut === 'undo') state.undo();
      else state.redo();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

function ViewContent({ view, pageClassName }: { view: ActiveView; pageClassName: string }) {
  const lazyView = LAZY_VIEWS.find((v) => v.id === view);
  if (!lazyView) return <DesignView />;
  const { Component } = lazyView;
  return (
    <div className={pageClassName}>
      <ErrorBoundary key={view} area={lazyView.area}>
        <Suspense fallback={<Spinner label="Loading…" />}>
          <Component />
        </Suspense>
      </ErrorBoundary>
    </div>
  );
}

export function App() {
  useStaticStyles();
  const styles = useStyles();
  const theme = useDesignStore(selectTheme);
  const view = useDesignStore(selectActiveView);
  const [ready, setReady] = useState(false);
  useUndoShortcuts();

  useEffect(() => {
    let live = true;
    void bootPersistence().finally(() => {
      if (live) setReady(true);
    });
    return () => {
      live = false;
    };
  }, []);

  return (
    <FluentProvider theme={theme === 'dark' ? webDarkTheme : webLightTheme}>
      <div className={styles.root}>
      <TopBar />
      <NoticeArea />
      <main className={styles.main}>
        {!ready ? (
          <Spinner className={styles.loading} label="Opening your project…" />
        ) : (
          <>
            <ViewContent view={view} pageClassName={styles.page} />
            <FirstRunDialog />
          </>
        )}
      </main>
      </div>
    </FluentProvider>
  );
}
