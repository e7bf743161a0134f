import type { people } from '../modules/people/schema.ts'
import { addDays, addMinutes, isoDate, subtractYears } from './dates.ts'
import { CHILD_ETHNICITY_WEIGHTS, nameOrigin, parentEthnicity, type NameOrigin } from './ethnicity.ts'
import { NAME_POOLS, type Heritage } from './names.ts'
import { randomAddress, type Address, type Area } from './places.ts'
import type { Random, Weighted } from './random.ts'

export type PersonRow = typeof people.$inferInsert & { id: string; createdAt: Date; dateOfBirth: string }
type Gender = 'F' | 'M' | 'U'
type Precision = 'exact' | 'month' | 'year' | 'estimated'

export const DEMO_CHILD_COUNT = 300
export const DEMO_ADULT_COUNT = 120
const PERSONS_OF_CONCERN = 10
/** Households whose children came to the MASH in the last few weeks (so the MASH has live relationships). */
const RECENT_HOUSEHOLDS = 7

export type NamedChild = { givenName: string; familyName: string; gender: Gender; age: number; area: Area; daysAgo: number }

/** Known children for acceptance stories. Amelia's only relationship is the MASH team's (a recent contact). */
export const DEMO_MASH_ONLY_CHILD: NamedChild = { givenName: 'Amelia', familyName: 'Hart', gender: 'F', age: 14, area: 'Peterborough', daysAgo: 3 }
/** Allocated to social.worker and to the police Missing persons unit. */
export const DEMO_ALLOCATED_CHILD: NamedChild = { givenName: 'Jayden', familyName: 'Marsh', gender: 'M', age: 15, area: 'Peterborough', daysAgo: 210 }
export const DEMO_RESTRICTED_CHILDREN: readonly NamedChild[] = [
  { givenName: 'Poppy', familyName: 'Lawrence', gender: 'F', age: 13, area: 'Peterborough', daysAgo: 320 },
  { givenName: 'Reuben', familyName: 'Okafor', gender: 'M', age: 16, area: 'Cambridgeshire', daysAgo: 455 },
  { givenName: 'Maisie', familyName: 'Thornton', gender: 'F', age: 15, area: 'Cambridgeshire', daysAgo: 140 },
]
/** Sealed: visible to social.worker only; absent from everyone else's search. */
export const DEMO_SEALED_CHILD: NamedChild = { givenName: 'Isla', familyName: 'Whitmore', gender: 'F', age: 12, area: 'Cambridgeshire', daysAgo: 380 }

export type ChildTag = 'mash-only' | 'allocated' | 'restricted' | 'sealed' | 'recent' | 'ordinary'
export type ChildInfo = { id: string; createdAt: Date; age: number; tag: ChildTag }

/** Who lives together (children and the parents or carers recorded for them), for the person index's relationships. */
export type HouseholdInfo = { children: string[]; adults: string[] }
export type GeneratedPeople = { rows: PersonRow[]; children: ChildInfo[]; households: HouseholdInfo[]; personsOfConcern: string[] }

const CHILD_AGES: Weighted<number> = [
  [8, 3], [9, 3], [10, 4], [11, 6], [12, 9], [13, 12], [14, 15], [15, 17], [16, 16], [17, 12], [18, 1.5], [19, 0.5],
]
const CHILD_GENDER: Weighted<Gender> = [['F', 48], ['M', 49], ['U', 3]]
const CHILDREN_PER_HOUSEHOLD: Weighted<number> = [[1, 45], [2, 30], [3, 17], [4, 8]]

const reservedNames = new Set(
  [DEMO_MASH_ONLY_CHILD, DEMO_ALLOCATED_CHILD, ...DEMO_RESTRICTED_CHILDREN, DEMO_SEALED_CHILD].map((c) => `${c.givenName} ${c.familyName}`),
)

type Person = Omit<PersonRow, 'id' | 'createdBy' | 'updatedAt' | 'version'>

export function generatePeople(random: Random, ids: Random, today: Date, createdBy: string): GeneratedPeople {
  const rows: PersonRow[] = []
  const children: ChildInfo[] = []
  const add = (p: Person, age: number | null, tag: ChildTag = 'ordinary'): string => {
    const id = ids.uuid()
    rows.push({ id, ...p, createdBy, updatedAt: p.createdAt, version: 1 })
    if (age !== null) children.push({ id, createdAt: p.createdAt, age, tag })
    return id
  }

  /** A working-hours timestamp `daysAgo` days before today (never today, so it is never in the future). */
  const createdAt = (daysAgo: number): Date => addMinutes(addDays(today, -Math.max(1, daysAgo)), random.int(8 * 60, 18 * 60 + 59))
  const dateOfBirth = (age: number, precision: Precision): string => {
    const latest = subtractYears(today, age) // the birthday that makes them `age` today
    const dob = isoDate(addDays(latest, -random.int(0, 364)))
    if (precision === 'month') return `${dob.slice(0, 8)}01`
    if (precision === 'year') return `${dob.slice(0, 4)}-01-01`
    return dob
  }
  const given = (heritage: Heritage, gender: Gender, adult: boolean): string => {
    const pool = NAME_POOLS[heritage]
    const g = gender === 'U' ? random.pick<'F' | 'M'>(['F', 'M']) : gender
    return random.pick(adult ? (g === 'F' ? pool.adultF : pool.adultM) : g === 'F' ? pool.childF : pool.childM)
  }
  /** A middle name from the same pool, never the same as the given name. */
  const middle = (heritage: Heritage, gender: Gender, adult: boolean, first: string): string | null => {
    for (let i = 0; i < 5; i++) {
      const name = given(heritage, gender, adult)
      if (name !== first) return name
    }
    return null
  }
  const withAddress = (a: Address | null) => ({
    addressLine1: a?.addressLine1 ?? null,
    addressLine2: a?.addressLine2 ?? null,
    town: a?.town ?? null,
    postcode: a?.postcode ?? null,
  })

  // 1. The named children of the acceptance stories.
  const named: Array<[NamedChild, ChildTag]> = [
    [DEMO_MASH_ONLY_CHILD, 'mash-only'],
    [DEMO_ALLOCATED_CHILD, 'allocated'],
    ...DEMO_RESTRICTED_CHILDREN.map((c) => [c, 'restricted'] as [NamedChild, ChildTag]),
    [DEMO_SEALED_CHILD, 'sealed'],
  ]
  for (const [c, tag] of named) {
    const origin: Heritage = c.familyName === 'Okafor' ? 'african' : 'british'
    add(
      {
        kind: 'child',
        givenName: c.givenName,
        middleNames: random.chance(0.5) ? middle(origin, c.gender, false, c.givenName) : null,
        familyName: c.familyName,
        dateOfBirth: dateOfBirth(c.age, 'exact'),
        dobPrecision: 'exact',
        gender: c.gender,
        ethnicity: origin === 'african' ? 'BAFR' : 'WBRI',
        ...withAddress(randomAddress(random, c.area)),
        createdAt: createdAt(c.daysAgo),
      },
      c.age,
      tag,
    )
  }

  // 2. Households: children (and later some of their parents and carers) sharing a family name and address.
  type Household = { ethnicity: string; origin: NameOrigin; familyName: string; address: Address; createdAt: Date; oldest: number; members: HouseholdInfo }
  const households: Household[] = []
  while (children.length < DEMO_CHILD_COUNT) {
    const recent = households.length < RECENT_HOUSEHOLDS
    const ethnicity = random.weighted(CHILD_ETHNICITY_WEIGHTS)
    const origin = nameOrigin(random, ethnicity)
    const familyName = random.pick(NAME_POOLS[origin.family].family)
    const address = randomAddress(random)
    const daysAgo = recent ? random.int(1, 25) : random.int(1, 729)
    const count = Math.min(random.weighted(CHILDREN_PER_HOUSEHOLD), DEMO_CHILD_COUNT - children.length)
    let oldest = 0
    const members: HouseholdInfo = { children: [], adults: [] }
    for (let i = 0; i < count; i++) {
      const age = random.weighted(CHILD_AGES)
      const gender = random.weighted(CHILD_GENDER)
      let givenName = given(origin.given, gender, false)
      const ownFamily = random.chance(0.85) ? familyName : random.pick(NAME_POOLS[origin.family].family)
      while (reservedNames.has(`${givenName} ${ownFamily}`)) givenName = given(origin.given, gender, false)
      const precision = random.weighted<Precision>([['exact', 96], ['month', 2.5], ['estimated', 1.5]])
      oldest = Math.max(oldest, age)
      const childId = add(
        {
          kind: 'child',
          givenName,
          middleNames: random.chance(0.3) ? middle(origin.given, gender, false, givenName) : null,
          familyName: ownFamily,
          dateOfBirth: dateOfBirth(age, precision),
          dobPrecision: precision,
          gender,
          ethnicity: random.chance(0.98) ? ethnicity : 'NOBT',
          ...withAddress(address),
          createdAt: createdAt(daysAgo - (i === 0 ? 0 : random.int(0, Math.min(3, daysAgo - 1)))),
        },
        age,
        recent ? 'recent' : 'ordinary',
      )
      members.children.push(childId)
    }
    households.push({ ethnicity, origin, familyName, address, createdAt: createdAt(daysAgo), oldest, members })
  }

  // 3. Parents and carers: two recorded for some households, one for more, none for the rest.
  const adultsInHouseholds = DEMO_ADULT_COUNT - PERSONS_OF_CONCERN
  let twoParent = Math.max(25, adultsInHouseholds - households.length)
  if (2 * twoParent > adultsInHouseholds) twoParent = Math.floor(adultsInHouseholds / 2)
  const oneParent = adultsInHouseholds - 2 * twoParent
  const withParents = random.sample(households, twoParent + oneParent)
  withParents.forEach((h, index) => {
    const count = index < twoParent ? 2 : 1
    const firstIsMother = random.chance(0.85)
    let firstAge = 0
    for (let p = 0; p < count; p++) {
      const gender: Gender = p === 0 ? (firstIsMother ? 'F' : 'M') : random.chance(0.05) ? (firstIsMother ? 'F' : 'M') : firstIsMother ? 'M' : 'F'
      const ethnicity = parentEthnicity(random, h.ethnicity, p as 0 | 1)
      const sameAsChildren = ethnicity === h.ethnicity || ethnicity === 'NOBT' || ethnicity === 'REFU'
      const origin = sameAsChildren ? h.origin : nameOrigin(random, ethnicity)
      const givenName = given(origin.given, gender, true)
      const age = p === 0 ? (firstAge = Math.min(62, h.oldest + random.int(18, 38))) : Math.max(19, firstAge + random.int(-5, 9))
      const precision = random.weighted<Precision>([['exact', 85], ['month', 5], ['year', 5], ['estimated', 5]])
      const adultId = add(
        {
          kind: 'adult',
          givenName,
          middleNames: random.chance(0.25) ? middle(origin.given, gender, true, givenName) : null,
          familyName: random.chance(0.7) ? h.familyName : random.pick(NAME_POOLS[origin.family].family),
          dateOfBirth: dateOfBirth(age, precision),
          dobPrecision: precision,
          gender,
          ethnicity,
          ...withAddress(random.chance(0.9) ? h.address : randomAddress(random)),
          createdAt: addMinutes(h.createdAt, random.int(5, 90)),
        },
        null,
      )
      h.members.adults.push(adultId)
    }
  })

  // 4. Persons of concern: adults named in contacts, often with only an estimated age and no known address.
  const personsOfConcern: string[] = []
  for (let i = 0; i < PERSONS_OF_CONCERN; i++) {
    const ethnicity = random.weighted(CHILD_ETHNICITY_WEIGHTS)
    const origin = nameOrigin(random, ethnicity)
    const gender: Gender = random.chance(0.8) ? 'M' : 'F'
    const precision = random.weighted<Precision>([['exact', 40], ['year', 20], ['estimated', 40]])
    const age = random.int(18, 45)
    const concernId = add(
      {
        kind: 'adult',
        // Adults under about 25 carry the children's generation of names.
        givenName: given(origin.given, gender, age > 24),
        middleNames: null,
        familyName: random.pick(NAME_POOLS[origin.family].family),
        dateOfBirth: dateOfBirth(age, precision),
        dobPrecision: precision,
        gender,
        ethnicity: random.chance(0.6) ? ethnicity : 'NOBT',
        ...withAddress(random.chance(0.7) ? randomAddress(random) : null),
        createdAt: createdAt(random.int(1, 729)),
      },
      null,
    )
    personsOfConcern.push(concernId)
  }
  return { rows, children, households: households.map((h) => h.members), personsOfConcern }
}
