import fs from 'node:fs'

/**
 * Nickname groups from pseudopeople's table (data/nicknames.csv, BSD-3, see data/NICKNAMES-LICENCE.txt). Each row
 * is a formal name and its nicknames; a name may appear in several rows ("ron" is short for Aaron, Ronald and
 * Veronica). Two names are nickname-equivalent when they share a row.
 */
let table: Map<string, readonly number[]> | undefined

function load(): Map<string, readonly number[]> {
  const text = fs.readFileSync(new URL('./data/nicknames.csv', import.meta.url), 'utf8')
  const groups = new Map<string, number[]>()
  const add = (name: string, row: number) => {
    const list = groups.get(name)
    if (!list) groups.set(name, [row])
    else if (list[list.length - 1] !== row) list.push(row)
  }
  text
    .split(/\r?\n/)
    .slice(1)
    .forEach((line, row) => {
      for (const cell of line.split(',')) {
        const name = cell.trim().toLowerCase()
        if (name) add(name, row)
      }
    })
  return groups
}

/** The (sorted) row numbers a standardised given name belongs to; empty when it is in no row. */
export function nicknameGroups(name: string): readonly number[] {
  table ??= load()
  return table.get(name) ?? []
}

/** True when two sorted group lists share a row. */
export function sharesGroup(a: readonly number[], b: readonly number[]): boolean {
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const x = a[i] ?? 0
    const y = b[j] ?? 0
    if (x === y) return true
    if (x < y) i++
    else j++
  }
  return false
}
