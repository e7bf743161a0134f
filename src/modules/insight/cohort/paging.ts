/**
 * Paging of the young-people list (at county scale the cohort runs to thousands). Pure: the service slices the
 * ranked list with `pageOf`, the page builds GOV.UK pagination links with `paginationArgs`.
 *
 * The `page` query parameter: absent means page 1; a whole number from 1 is taken, and one past the last page
 * shows the last page (the list changes as records do, so an old link still lands somewhere useful); anything
 * else ("0", "-1", "2.5", "abc", a repeated parameter) is a GOV.UK error (400) and nothing is listed.
 */
export const COHORT_PAGE_SIZE = 50

export type Paging = { page: number; pages: number; pageSize: number; total: number; first: number; last: number }

/** `requested` → a page number, or null when it is not one (the route turns that into a GOV.UK error). */
export function parsePageParam(value: unknown): number | null {
  if (value === undefined || value === '') return 1
  if (typeof value !== 'string' || !/^[1-9]\d{0,8}$/.test(value.trim())) return null
  return Number(value.trim())
}

/** The page to show of `total` rows: at most the last page (page 1 of an empty list). `first`/`last` are 1-based row numbers. */
export function pageOf(total: number, requested: number, pageSize: number): Paging {
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`page size must be a whole number from 1, got ${pageSize}`)
  const pages = Math.max(1, Math.ceil(total / pageSize))
  const page = Math.min(Math.max(1, Math.floor(requested)), pages)
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1
  return { page, pages, pageSize, total, first, last: Math.min(total, page * pageSize) }
}

type PaginationItem = { number: number; href: string; current?: boolean } | { ellipsis: true }

/**
 * `govukPagination` arguments for a list of pages: previous and next, the first and last page, the current page
 * and its neighbours, with ellipses between (GOV.UK Design System pattern for many pages). None for one page.
 */
export function paginationArgs(paging: Paging, hrefOf: (page: number) => string, label: string) {
  if (paging.pages <= 1) return null
  const shown = [...new Set([1, paging.page - 1, paging.page, paging.page + 1, paging.pages])].filter((n) => n >= 1 && n <= paging.pages).sort((a, b) => a - b)
  const items: PaginationItem[] = []
  shown.forEach((n, i) => {
    if (i > 0 && n - shown[i - 1]! > 1) items.push({ ellipsis: true })
    items.push({ number: n, href: hrefOf(n), ...(n === paging.page ? { current: true } : {}) })
  })
  return {
    landmarkLabel: label,
    items,
    ...(paging.page > 1 ? { previous: { href: hrefOf(paging.page - 1) } } : {}),
    ...(paging.page < paging.pages ? { next: { href: hrefOf(paging.page + 1) } } : {}),
  }
}
