/**
 * Errors that services throw and the HTTP layer turns into pages or problem+json. A denial of a record is a
 * NotFoundError: forbidden and nonexistent must look the same (CONTRACTS.md §2).
 */
export class NotFoundError extends Error {
  constructor(message = 'Not found') {
    super(message)
    this.name = 'NotFoundError'
  }
}

/** A function-level denial: the role may never do this (e.g. an analyst opening the admin pages). */
export class ForbiddenError extends Error {
  constructor(message = 'Forbidden') {
    super(message)
    this.name = 'ForbiddenError'
  }
}

export type FieldError = { field: string; message: string }

/** Bad input: each message is written the GOV.UK way ("Enter a date of birth"). Nothing has been saved. */
export class ValidationError extends Error {
  constructor(public readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '))
    this.name = 'ValidationError'
  }
}

/** The record changed since the user loaded it. */
export class ConflictError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConflictError'
  }
}
