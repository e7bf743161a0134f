/** Pure rules of the person index: the London date of an instant, and how relationships are stored and read. */
import type { RelationshipView } from './entry-schemas.ts'
import type { RelationshipType } from './schema.ts'

/** The Europe/London calendar date (YYYY-MM-DD) of an instant: "today" for a worker in England. */
export function londonDate(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at)
}

type Stored = { personId: string; relatedPersonId: string; type: RelationshipType }

/**
 * "The other person is this person's <view>" → the stored directed row. `parent`, `carer` and
 * `person-of-concern` rows read "person_id is the … of related_person_id".
 */
export function storedRelationship(thisId: string, otherId: string, view: RelationshipView): Stored {
  switch (view) {
    case 'parent':
      return { personId: otherId, relatedPersonId: thisId, type: 'parent' }
    case 'child':
      return { personId: thisId, relatedPersonId: otherId, type: 'parent' }
    case 'carer':
      return { personId: otherId, relatedPersonId: thisId, type: 'carer' }
    case 'cared-for':
      return { personId: thisId, relatedPersonId: otherId, type: 'carer' }
    case 'person-of-concern':
      return { personId: otherId, relatedPersonId: thisId, type: 'person-of-concern' }
    case 'at-risk':
      return { personId: thisId, relatedPersonId: otherId, type: 'person-of-concern' }
    case 'sibling':
    case 'associate':
      return { personId: thisId, relatedPersonId: otherId, type: view }
  }
}

/** The stored row read from one end: what the other person is to `viewerId`'s person. */
export function relationshipView(row: { personId: string; type: RelationshipType }, viewerId: string): RelationshipView {
  const otherIsSubject = row.personId !== viewerId
  switch (row.type) {
    case 'parent':
      return otherIsSubject ? 'parent' : 'child'
    case 'carer':
      return otherIsSubject ? 'carer' : 'cared-for'
    case 'person-of-concern':
      return otherIsSubject ? 'person-of-concern' : 'at-risk'
    case 'sibling':
    case 'associate':
      return row.type
  }
}
