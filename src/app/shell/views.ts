import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { ActiveView } from '../store/index.ts';

/**
 * Every view of the app besides Design, in the order the top bar lists them. A view is a lazily loaded
 * feature panel; adding one is one entry here and its id in `ActiveView`.
 */
export interface LazyView {
  readonly id: Exclude<ActiveView, 'design'>;
  readonly label: string;
  /** Named in the error boundary's message: "Something went wrong in {area}". */
  readonly area: string;
  readonly Component: LazyExoticComponent<ComponentType>;
}

export const LAZY_VIEWS: readonly LazyView[] = [
  {
    id: 'import',
    label: 'Import',
    area: 'the import page',
    Component: lazy(() => import('../features/import/index.ts').then((m) => ({ default: m.ImportPanel }))),
  },
  {
    id: 'export',
    label: 'Export',
    area: 'the export page',
    Component: lazy(() => import('../features/export/index.ts').then((m) => ({ default: m.ExportPanel }))),
  },
  {
    id: 'adfs',
    label: 'AD FS',
    area: 'the AD FS page',
    Component: lazy(() => import('../features/adfs/index.ts').then((m) => ({ default: m.AdfsPanel }))),
  },
  {
    id: 'activesync',
    label: 'ActiveSync',
    area: 'the ActiveSync page',
    Component: lazy(() => import('../features/activesync/index.ts').then((m) => ({ default: m.ActiveSyncPanel }))),
  },
  {
    id: 'migrate',
    label: 'Migrate',
    area: 'the migrate page',
    Component: lazy(() => import('../features/migrate/index.ts').then((m) => ({ default: m.MigratePanel }))),
  },
  {
    id: 'replay',
    label: 'Replay logs',
    area: 'the replay page',
    Component: lazy(() => import('../features/replay/index.ts').then((m) => ({ default: m.ReplayPanel }))),
  },
  {
    id: 'analysis',
    label: 'Analysis',
    area: 'the analysis page',
    Component: lazy(() => import('../features/analysis/index.ts').then((m) => ({ default: m.AnalysisPanel }))),
  },
  {
    id: 'decision-map',
    label: 'Decision map',
    area: 'the decision map',
    Component: lazy(() => import('../features/decision-map/index.ts').then((m) => ({ default: m.DecisionMapPanel }))),
  },
];
