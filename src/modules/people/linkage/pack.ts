import type { DateValue, NameValue, StandardisedRecord } from './records.ts'

/**
 * Records in columns (a dictionary of distinct values plus an index per record), for handing a batch to worker
 * threads: a million records clone as a few typed arrays instead of a million objects.
 */
export interface PackedRecords {
  readonly count: number
  readonly names: readonly NameValue[]
  readonly dates: readonly DateValue[]
  readonly strings: readonly string[]
  /** Per field, per record: the dictionary index, or −1 when missing. */
  readonly columns: Readonly<Record<PackedField, Int32Array>>
}

const NAME_FIELDS = ['given', 'middle', 'family'] as const
const STRING_FIELDS = ['gender', 'postcode', 'address', 'town', 'email', 'phone', 'identifier'] as const
type PackedField = (typeof NAME_FIELDS)[number] | 'dob' | (typeof STRING_FIELDS)[number]

function dictionary<T>() {
  const values: T[] = []
  const ids = new Map<T, number>()
  return {
    values,
    id(value: T | undefined): number {
      if (value === undefined) return -1
      let id = ids.get(value)
      if (id === undefined) {
        id = values.length
        values.push(value)
        ids.set(value, id)
      }
      return id
    },
  }
}

export function packRecords(records: readonly StandardisedRecord[]): PackedRecords {
  const names = dictionary<NameValue>()
  const dates = dictionary<DateValue>()
  const strings = dictionary<string>()
  const column = () => new Int32Array(records.length)
  const columns = {
    given: column(),
    middle: column(),
    family: column(),
    dob: column(),
    gender: column(),
    postcode: column(),
    address: column(),
    town: column(),
    email: column(),
    phone: column(),
    identifier: column(),
  }
  records.forEach((r, i) => {
    for (const f of NAME_FIELDS) columns[f][i] = names.id(r[f])
    columns.dob[i] = dates.id(r.dob)
    for (const f of STRING_FIELDS) columns[f][i] = strings.id(r[f])
  })
  return { count: records.length, names: names.values, dates: dates.values, strings: strings.values, columns }
}

export function unpackRecords(packed: PackedRecords): StandardisedRecord[] {
  const out: StandardisedRecord[] = new Array<StandardisedRecord>(packed.count)
  const { columns } = packed
  for (let i = 0; i < packed.count; i++) {
    const r: StandardisedRecord = {}
    for (const f of NAME_FIELDS) {
      const v = packed.names[columns[f][i] ?? -1]
      if (v) r[f] = v
    }
    const d = packed.dates[columns.dob[i] ?? -1]
    if (d) r.dob = d
    for (const f of STRING_FIELDS) {
      const v = packed.strings[columns[f][i] ?? -1]
      if (v !== undefined) r[f] = v
    }
    out[i] = r
  }
  return out
}
