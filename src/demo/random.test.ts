import { describe, expect, it } from 'vitest'
import { DEMO_ACCOUNTS, DEMO_MASH_ONLY_CHILD, buildDemoPartnership } from './index.ts'
import { ageOn, parseToday } from './dates.ts'
import { Random, demoRandom, hashString } from './random.ts'

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

const draw = (r: Random, n: number) => Array.from({ length: n }, () => r.uint32())

describe('demo Random', () => {
  it('gives the same sequence for the same seed', () => {
    expect(draw(new Random(42), 50)).toEqual(draw(new Random(42), 50))
    expect(draw(demoRandom('2026-11-28', 'people'), 20)).toEqual(draw(demoRandom('2026-11-28', 'people'), 20))
  })

  it('gives different sequences for different dates and streams', () => {
    const a = draw(demoRandom('2026-11-28', 'people'), 20)
    expect(draw(demoRandom('2026-11-29', 'people'), 20)).not.toEqual(a)
    expect(draw(demoRandom('2026-11-28', 'ids:people'), 20)).not.toEqual(a)
    expect(hashString('2026-11-28')).not.toBe(hashString('2026-11-29'))
  })

  it('makes version-4-shaped UUIDs, deterministically', () => {
    const a = new Random(7)
    const b = new Random(7)
    const ids = Array.from({ length: 200 }, () => a.uuid())
    for (const id of ids) expect(id).toMatch(UUID_V4)
    expect(new Set(ids).size).toBe(ids.length)
    expect(Array.from({ length: 200 }, () => b.uuid())).toEqual(ids)
  })

  it('keeps int, pick, weighted and shuffle within their inputs', () => {
    const r = new Random(1)
    for (let i = 0; i < 500; i++) {
      const n = r.int(3, 7)
      expect(n).toBeGreaterThanOrEqual(3)
      expect(n).toBeLessThanOrEqual(7)
      expect(['a', 'b']).toContain(r.pick(['a', 'b']))
      expect(r.weighted([['x', 1], ['y', 0]])).toBe('x')
    }
    const items = [1, 2, 3, 4, 5, 6, 7, 8]
    expect(r.shuffle(items).sort((x, y) => x - y)).toEqual(items)
    expect(r.sample(items, 3)).toHaveLength(3)
  })
})

describe('buildDemoPartnership', () => {
  const today = '2026-11-28'
  const data = buildDemoPartnership(today, 'hash')

  it('is deterministic for a date and differs between dates', () => {
    const again = buildDemoPartnership(today, 'hash')
    expect(again.people).toEqual(data.people)
    expect(again.relationships).toEqual(data.relationships)
    const other = buildDemoPartnership('2026-11-29', 'hash')
    expect(other.people.map((p) => p.id)).not.toEqual(data.people.map((p) => p.id))
  })

  it('has the contract accounts plus one dual-role user', () => {
    expect(data.users.map((u) => u.email).sort()).toEqual(
      [...DEMO_ACCOUNTS.map((a) => a.email), 'dual.role@demo.lantern.test'].sort(),
    )
    const dual = data.users.find((u) => u.email === 'dual.role@demo.lantern.test')
    expect(data.userRoleProfiles.filter((p) => p.userId === dual?.id).map((p) => p.roleProfile)).toEqual(['social-worker', 'exploitation-lead'])
  })

  it('makes children aged mostly 8 to 17 and plausible records', () => {
    const day = parseToday(today)
    const children = data.people.filter((p) => p.kind === 'child')
    // 300 children plus the six deliberate near-duplicates of children (duplicates.ts).
    expect(children).toHaveLength(300 + data.nearDuplicates.length)
    expect(data.nearDuplicates).toHaveLength(6)
    expect(data.people.filter((p) => p.kind === 'adult')).toHaveLength(120)
    const ages = children.map((c) => ageOn(c.dateOfBirth, day))
    expect(ages.filter((a) => a < 8 || a > 17).length).toBeLessThan(20)
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(7)
    for (const p of data.people) {
      expect(p.createdAt.getTime()).toBeLessThan(day.getTime())
      expect(day.getTime() - p.createdAt.getTime()).toBeLessThan(731 * 86_400_000)
      if (p.postcode) expect(p.postcode).toMatch(/^(PE|CB)\d{1,2} \d[A-Z]{2}$/)
    }
    const amelia = data.people.filter((p) => p.givenName === DEMO_MASH_ONLY_CHILD.givenName && p.familyName === DEMO_MASH_ONLY_CHILD.familyName)
    expect(amelia.map((p) => p.id)).toEqual([data.named.mashOnly])
  })

  it('links the person index only to people who exist, with valid periods', () => {
    const ids = new Set(data.people.map((p) => p.id))
    const index = data.personIndex
    for (const row of [...index.names, ...index.identifiers, ...index.addresses, ...index.contacts]) expect(ids.has(row.personId)).toBe(true)
    for (const r of index.relationships) expect(ids.has(r.personId) && ids.has(r.relatedPersonId) && r.personId !== r.relatedPersonId).toBe(true)
    for (const row of [...index.names, ...index.addresses]) if (row.startsOn && row.endsOn) expect(row.endsOn >= row.startsOn).toBe(true)
    const nhs = index.identifiers.filter((i) => i.type === 'nhs-number')
    const duplicate = data.nearDuplicates.find((d) => d.kind === 'same-nhs')
    expect(nhs.filter((i) => i.personId === duplicate?.id).map((i) => i.value)).toEqual(nhs.filter((i) => i.personId === duplicate?.originalId).map((i) => i.value))
  })
})
