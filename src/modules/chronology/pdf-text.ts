/**
 * The text of an uncompressed PDF made by `renderCuratedPdf` (pdfkit with `compress: false` and the standard
 * fonts): every `[<hex> kerning <hex> …] TJ` text run, decoded as WinAnsi (latin-1 for the characters we write),
 * one run per line. Enough for tests and for checking an export by hand; not a general PDF parser.
 */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1')
  const runs = raw.match(/\[((?:<[0-9a-fA-F]*>|\s|-?\d+(?:\.\d+)?)*)\]\s*TJ/g) ?? []
  const winAnsi: Record<number, string> = { 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—', 0xb7: '·' }
  return runs
    .map((run) =>
      [...run.matchAll(/<([0-9a-fA-F]*)>/g)]
        .map((m) => [...Buffer.from(m[1] ?? '', 'hex')].map((b) => winAnsi[b] ?? String.fromCharCode(b)).join(''))
        .join(''),
    )
    .join('\n')
}
