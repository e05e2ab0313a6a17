/** A lab's values over time across institutions (ECharts: only the line chart parts, SVG renderer). */
import { LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([LineChart, GridComponent, TooltipComponent, SVGRenderer]);

export interface TrendPoint {
  readonly at: string;
  readonly value: number;
  readonly institution: string;
}

export function LabTrendChart(props: { name: string; unit: string | null; points: readonly TrendPoint[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (el === null) return;
    // jsdom and hidden tabs have no size: give ECharts one so it never measures 0×0.
    const chart = echarts.init(el, undefined, { renderer: 'svg', width: el.clientWidth || 320, height: 140, locale: 'ZH' });
    chart.setOption({
      animation: false,
      // Room above the highest point for its value label.
      grid: { left: 40, right: 12, top: 22, bottom: 24 },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${String(v)}${props.unit !== null ? ` ${props.unit}` : ''}` },
      xAxis: { type: 'category', data: props.points.map((p) => p.at.slice(5, 10)), axisLabel: { fontSize: 10 } },
      yAxis: { type: 'value', scale: true, axisLabel: { fontSize: 10 } },
      series: [{ type: 'line', name: props.name, data: props.points.map((p) => ({ value: p.value, name: p.institution })), symbolSize: 6, label: { show: true, fontSize: 10 } }],
    });
    const resize = new ResizeObserver(() => chart.resize({ width: el.clientWidth || 320, height: 140 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.dispose();
    };
  }, [props.name, props.unit, props.points]);
  return <div ref={ref} className="yd-lab-chart" data-testid="lab-trend-chart" data-lab={props.name} data-points={props.points.length} style={{ width: '100%', height: 140 }} />;
}
