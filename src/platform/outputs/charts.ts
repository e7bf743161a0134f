import { createRequire } from 'node:module'

type ECharts = typeof import('echarts/core')

/**
 * ECharts is loaded on the first chart, not at start-up, and through its CommonJS bundles: only the parts we draw,
 * ~0.3 s once, where importing its ES modules through tsx costs ~0.8 s on every start (STACK.md §8 item 14).
 */
let loaded: ECharts | undefined
function echartsCore(): ECharts {
  if (!loaded) {
    const require = createRequire(import.meta.url)
    const core = require('echarts/core') as ECharts
    const charts = require('echarts/charts') as typeof import('echarts/charts')
    const components = require('echarts/components') as typeof import('echarts/components')
    const renderers = require('echarts/renderers') as typeof import('echarts/renderers')
    core.use([charts.BarChart, charts.LineChart, components.GridComponent, components.LegendComponent, components.TitleComponent, renderers.SVGRenderer])
    loaded = core
  }
  return loaded
}

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
  const chart = echartsCore().init(null, null, { renderer: 'svg', ssr: true, width, height })
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
