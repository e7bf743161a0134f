/**
 * Person record linkage (Fellegi–Sunter, trained without labels). Public face of the engine used by
 * `lantern link` and by the interactive "is this child known?" search.
 *
 * For a single comparison: `standardiseRecord(raw)` each side, then `compareRecords(DEFAULT_MODEL, a, b)` →
 * `{ matchWeight, probability, reasons }`. For a batch: `loadLinkInput` (CSV) then `linkRecords`.
 */
export { FIELD_NAMES, standardiseRecord, createStandardiser, parseDate } from './records.ts'
export type { FieldName, RawRecord, StandardisedRecord, NameValue, DateValue } from './records.ts'
export { COMPARISONS, COMPARISON_IDS, comparisonById } from './comparisons.ts'
export type { Comparison, ComparisonId } from './comparisons.ts'
export { compareRecords, withPrior, probabilityFromWeight, levelWeight } from './model.ts'
export type { LinkageModel, ComparisonParams, MatchResult, MatchReason } from './model.ts'
export { DEFAULT_MODEL } from './defaults.ts'
export { jaroWinkler, jaro, damerauLevenshtein, withinOneEdit } from './strings.ts'
export { linkRecords, DEFAULT_LINK_OPTIONS } from './engine.ts'
export type { LinkOptions, LinkResult, LinkStats } from './engine.ts'
export { blockPairs, BLOCKING_RULES } from './blocking.ts'
export { loadLinkInput } from './input.ts'
export type { LinkInput, LinkInputSpec } from './input.ts'
export { InputError, readCsvColumns } from './csv.ts'
export { pairwiseScores, clusterScores, pairsCompleteness, truePairCount } from './evaluate.ts'
export type { Scores } from './evaluate.ts'
export { mulberry32 } from './random.ts'
