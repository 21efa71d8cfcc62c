import { LineChart } from '@fluentui/react-charts';
import type { ChartProps } from '@fluentui/react-charts';
import { makeStyles, tokens } from '@fluentui/react-components';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { continuousHours } from './replay-view.ts';

const useStyles = makeStyles({ box: { width: '100%', minWidth: 0 } });

export interface HourlyChartProps {
  hourly: readonly { hour: string; before: number; after: number }[];
  hasBaseline: boolean;
}

/**
 * Denied lines per hour before and after, as a line chart (loaded lazily with the chart library). The
 * same figures are in the summary and the CSV export for readers who cannot use a chart.
 */
export function HourlyChart({ hourly, hasBaseline }: HourlyChartProps) {
  const styles = useStyles();
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(600);
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.max(260, Math.floor(entry.contentRect.width)));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const hours = useMemo(() => continuousHours(hourly), [hourly]);
  const point = (h: { hour: string }, y: number) => ({ x: new Date(`${h.hour}:00:00Z`), y });
  const data: ChartProps = {
    chartTitle: 'Denied lines per hour',
    lineChartData: [
      { legend: hasBaseline ? 'Denied before (baseline)' : 'Denied before (everything allowed)', data: hours.map((h) => point(h, h.before)), color: tokens.colorNeutralForeground3 },
      { legend: 'Denied after (draft)', data: hours.map((h) => point(h, h.after)), color: tokens.colorPaletteRedForeground1 },
    ],
  };
  return (
    <div ref={box} className={styles.box} data-testid="replay-chart">
      <LineChart data={data} height={260} width={width} />
    </div>
  );
}
