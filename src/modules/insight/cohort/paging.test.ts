import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { COHORT_PAGE_SIZE, pageOf, paginationArgs, parsePageParam } from './paging.ts'

describe('parsePageParam', () => {
  it('takes a whole number from 1, page 1 when absent, null for anything else', () => {
    expect(parsePageParam(undefined)).toBe(1)
    expect(parsePageParam('')).toBe(1)
    expect(parsePageParam('3')).toBe(3)
    expect(parsePageParam(' 12 ')).toBe(12)
    for (const bad of ['0', '-1', '2.5', 'abc', '1e3', '01', '9999999999', ['1', '2']]) expect(parsePageParam(bad), String(bad)).toBeNull()
  })
})

describe('pageOf', () => {
  it('slices 50 a page, the last page partly full, and a page past the end gives the last page', () => {
    expect(COHORT_PAGE_SIZE).toBe(50)
    expect(pageOf(123, 1, 50)).toEqual({ page: 1, pages: 3, pageSize: 50, total: 123, first: 1, last: 50 })
    expect(pageOf(123, 3, 50)).toEqual({ page: 3, pages: 3, pageSize: 50, total: 123, first: 101, last: 123 })
    expect(pageOf(123, 9, 50)).toMatchObject({ page: 3, first: 101, last: 123 })
    expect(pageOf(100, 2, 50)).toMatchObject({ page: 2, pages: 2, first: 51, last: 100 })
    expect(pageOf(0, 4, 50)).toEqual({ page: 1, pages: 1, pageSize: 50, total: 0, first: 0, last: 0 })
  })

  it('the pages cover every row exactly once', () => {
    fc.assert(
      fc.property(fc.nat(500), fc.integer({ min: 1, max: 60 }), (total, size) => {
        const { pages } = pageOf(total, 1, size)
        let covered = 0
        for (let p = 1; p <= pages; p++) {
          const page = pageOf(total, p, size)
          if (total > 0) expect(page.first).toBe(covered + 1)
          covered = page.last
        }
        expect(covered).toBe(total)
      }),
    )
  })
})

describe('paginationArgs', () => {
  const href = (n: number) => `/list?page=${n}`
  it('is nothing for one page', () => {
    expect(paginationArgs(pageOf(50, 1, 50), href, 'Pages')).toBeNull()
  })
  it('shows first, last, the current page and its neighbours, with ellipses, previous and next', () => {
    const args = paginationArgs(pageOf(500, 5, 50), href, 'Pages')!
    expect(args.items).toEqual([
      { number: 1, href: href(1) },
      { ellipsis: true },
      { number: 4, href: href(4) },
      { number: 5, href: href(5), current: true },
      { number: 6, href: href(6) },
      { ellipsis: true },
      { number: 10, href: href(10) },
    ])
    expect(args.previous).toEqual({ href: href(4) })
    expect(args.next).toEqual({ href: href(6) })
    const first = paginationArgs(pageOf(120, 1, 50), href, 'Pages')!
    expect(first.items.map((i) => ('number' in i ? i.number : '…'))).toEqual([1, 2, 3])
    expect(first).not.toHaveProperty('previous')
    expect(paginationArgs(pageOf(120, 3, 50), href, 'Pages')).not.toHaveProperty('next')
  })
})
