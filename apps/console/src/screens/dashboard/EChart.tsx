// One ECharts instance in a div: tree-shaken registration of only the charts and components
// the analyst screens draw (SVG renderer: crisp at any zoom, small), options replaced on change,
// resized with its box, disposed on unmount. A click hands the mark's data to `onPick`.
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { Option } from './chart-base';

echarts.use([
  BarChart,
  HeatmapChart,
  LineChart,
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  SVGRenderer,
]);

export interface EChartProps<T> {
  option: Option;
  onPick?: (data: T) => void;
  height?: number;
  testId?: string;
}

export function EChart<T>({ option, onPick, height = 320, testId }: EChartProps<T>) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    const element = box.current as HTMLDivElement;
    const instance = echarts.init(element, undefined, { renderer: 'svg' });
    chart.current = instance;
    instance.on('click', (params) => pick.current?.(params.data as T));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // People who ask their system for less motion get charts without animation.
    const still = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
    chart.current?.setOption(still ? { ...option, animation: false } : option, { notMerge: true });
  }, [option]);

  // The chart is drawn for the eye; its figures are in the table beside it for screen readers.
  // dir="ltr": the builders mirror axes themselves for RTL; an inherited rtl would also flip
  // the SVG text anchors and push Persian labels into the plot.
  return (
    <div ref={box} className="chart" dir="ltr" style={{ blockSize: height }} aria-hidden="true" data-testid={testId} />
  );
}
