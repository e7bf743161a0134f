import type { LinkageModel } from './model.ts'

/**
 * A frozen model for comparing single records when there is no batch to train on (the interactive "is this child
 * known?" search). m and u are rounded from unsupervised training runs on the development sets (names, dates,
 * town and email from Splink's fake_1000, which is noisy like case-work data; postcode and address from FEBRL3;
 * middle name from RLdata10000); gender, phone and identifier are set by hand. Levels as in comparisons.ts.
 *
 * λ here is one in 10,000: set the real prior with `withPrior(DEFAULT_MODEL, 1 / recordsSearched)`.
 * No term-frequency tables: a search can add `tf` from its own index.
 */
export const DEFAULT_MODEL: LinkageModel = {
  lambda: 1e-4,
  tfMinimumU: 0.001,
  params: {
    given: { m: [0, 0.54, 0.17, 0.16, 0.052, 0.02, 0.025, 0.044, 0.0082], u: [0, 0.0056, 0.0033, 0.0026, 0.0016, 0.001, 0.0029, 0.027, 0.96] },
    middle: { m: [0, 0.9, 0.086, 0.046, 0.011], u: [0, 0.0075, 0.0054, 0.046, 0.94] },
    family: { m: [0, 0.5, 0.17, 0.2, 0.041, 0.01, 0.016, 0.059, 0.012], u: [0, 0.0047, 0.0033, 0.0028, 0.0012, 0.0001, 0.0008, 0.019, 0.97] },
    dob: { m: [0, 0.5, 0.02, 0.089, 0.091, 0.11, 0.05, 0.21, 0.0025], u: [0, 0.0016, 0.000028, 0.0017, 0.0024, 0.033, 0.001, 0.32, 0.64] },
    gender: { m: [0, 0.97, 0.03], u: [0, 0.5, 0.5] },
    postcode: { m: [0, 0.77, 0.2, 0.01, 0.028], u: [0, 0.0013, 0.013, 0.002, 0.99] },
    address: { m: [0, 0.51, 0.38, 0.012, 0.11], u: [0, 0.00061, 0.0007, 0.012, 0.99] },
    town: { m: [0, 0.59, 0.35, 0.055], u: [0, 0.055, 0.039, 0.91] },
    email: { m: [0, 0.58, 0.25, 0.17, 0.0039], u: [0, 0.0021, 0.00095, 0.00082, 1] },
    phone: { m: [0, 0.8, 0.05, 0.15], u: [0, 0.0001, 0.0005, 0.9994] },
    identifier: { m: [0, 0.9, 0.05, 0.05], u: [0, 0.0001, 0.0005, 0.9994] },
  },
}
