import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'

// Only the parts we draw: a cold `import 'echarts'` costs ~0.8 s (shared/design/STACK.md §8 item 14).
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer])

export type ChartSeries = { name: string; values: ReadonlyArray<number | null> }

export type ChartSpec = {
  kind: 'bar' | 'line'
  categories: readonly string[]
  series: readonly ChartSeries[]
  /** Horizontal bars, for long category names (agencies, places). */
  horizontal?: boolean
  width?: number
  height?: number
}

// GOV.UK colour palette, in an order that keeps neighbouring series distinguishable.
const COLOURS = ['#1d70b8', '#f47738', '#00703c', '#4c2c92', '#d4351c', '#28a197', '#912b88', '#505a5f']

/**
 * A chart as an SVG string, rendered on the server (ECharts SSR, no DOM, no script). Figures with no value (null)
 * leave a gap rather than drawing a zero. The `<style>` hover rules ECharts adds are removed: the page's CSP would
 * block them anyway, and the chart is static. Put the SVG in `<figure>` with an accessible name and the data
 * table beside it (platform/views/templates/partials/chart-figure.njk): the chart only illustrates the table.
 */
export function chartSvg(spec: ChartSpec): string {
  const width = spec.width ?? 640
  const height = spec.height ?? (spec.horizontal ? Math.max(200, 40 + spec.categories.length * 28) : 320)
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
  try {
    const categoryAxis = { type: 'category' as const, data: [...spec.categories], axisLabel: { color: '#0b0c0c', fontSize: 12, interval: 0, width: spec.horizontal ? 150 : 80, overflow: 'truncate' as const } }
    const valueAxis = { type: 'value' as const, minInterval: 1, axisLabel: { color: '#0b0c0c', fontSize: 12 } }
    chart.setOption({
      animation: false,
      color: COLOURS,
      textStyle: { fontFamily: 'arial, sans-serif' },
      legend: spec.series.length > 1 ? { top: 0, textStyle: { color: '#0b0c0c' } } : undefined,
      grid: { left: spec.horizontal ? 160 : 48, right: 24, top: spec.series.length > 1 ? 36 : 16, bottom: 40 },
      xAxis: spec.horizontal ? valueAxis : categoryAxis,
      yAxis: spec.horizontal ? categoryAxis : valueAxis,
      series: spec.series.map((s) => ({ type: spec.kind, name: s.name, data: [...s.values], connectNulls: false, symbolSize: 6 })),
    })
    return chart.renderToSVGString().replace(/<style[\s\S]*?<\/style>/g, '')
  } finally {
    chart.dispose()
  }
}
