/**
 * An uploaded file's name as shown and audited: no path (either slash), no control characters or double quotes (it
 * goes into headers and pages), at most 200 characters keeping the end (the extension), `fallback` when nothing is
 * left.
 */
export function cleanFilename(name: string, fallback: string): string {
  const base = name.split(/[\\/]/).pop() ?? ''
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim()
  return (clean === '' ? fallback : clean).slice(-200)
}
