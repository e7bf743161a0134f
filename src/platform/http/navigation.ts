/**
 * The navigation items with the current one marked: the item whose href is the longest prefix of the path (by whole
 * segments), so that /people/imports marks "Imports", not "Find a person" (/people) as well.
 */
export function navigationFor(items: ReadonlyArray<{ href: string; text: string }>, currentPath: string): Array<{ href: string; text: string; active: boolean }> {
  const matches = (href: string) => currentPath === href || currentPath.startsWith(`${href}/`)
  const current = items.filter((item) => matches(item.href)).reduce<string | undefined>((best, item) => (best === undefined || item.href.length > best.length ? item.href : best), undefined)
  return items.map((item) => ({ href: item.href, text: item.text, active: item.href === current }))
}
