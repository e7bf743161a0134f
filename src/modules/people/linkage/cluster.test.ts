import { describe, expect, it } from 'vitest'
import { averageLinkage, clusterRecords, connectedComponents } from './cluster.ts'

describe('clustering', () => {
  it('joins records linked at the threshold', () => {
    const c = connectedComponents(4, Int32Array.from([0, 1]), Int32Array.from([1, 2]), Float64Array.from([5, 5]), 0)
    expect(c[0]).toBe(c[2])
    expect(c[3]).not.toBe(c[0])
  })

  it('does not chain two people together through one bridging record', () => {
    // 0–1 strong, 1–2 weak but above threshold, 0–2 a clear non-match; 2–3 strong.
    const w = (i: number, j: number) => {
      const key = `${Math.min(i, j)}-${Math.max(i, j)}`
      return ({ '0-1': 20, '1-2': 1, '2-3': 20, '0-2': -15, '0-3': -15, '1-3': -12 } as Record<string, number>)[key] ?? -20
    }
    const { clusters, split } = clusterRecords(4, Int32Array.from([0, 1, 2]), Int32Array.from([1, 2, 3]), Float64Array.from([20, 1, 20]), w, {
      threshold: 0.5,
      contradictionWeight: -5,
      maxCheckedSize: 100,
    })
    expect(split).toBe(1)
    expect(clusters[0]).toBe(clusters[1])
    expect(clusters[2]).toBe(clusters[3])
    expect(clusters[0]).not.toBe(clusters[2])
  })

  it('average linkage keeps a tight group together', () => {
    const weights = Float64Array.from([0, 10, 8, 10, 0, 9, 8, 9, 0])
    expect([...averageLinkage(3, weights, 0)]).toEqual([0, 0, 0])
  })
})
