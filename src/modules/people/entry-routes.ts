import type { FastifyInstance, FastifyReply } from 'fastify'
import type { z } from 'zod'
import { requireUser } from '../../platform/auth/guards.ts'
import type { Ctx } from '../../platform/context/index.ts'
import { ValidationError, type FieldError } from '../../platform/errors.ts'
import { formErrors } from '../../platform/http/forms.ts'
import { addAddress, addContact, addIdentifier, addName, addRelationship, assertCanAddEntry, endEntry, relationshipChoices, type EndableKind } from './entries.ts'
import { parseEntryForm, type EntryFormValues } from './entry-forms.ts'
import { addressEntry, contactEntry, identifierEntry, nameEntry, relationshipEntry } from './entry-schemas.ts'
import { formatDateEnGb } from './presenters.ts'
import { IDENTIFIER_TYPE_LABELS, RELATIONSHIP_VIEW_LABELS, SOCIAL_MEDIA_LABELS } from './reference.ts'

type Params = { id: string }
type EndParams = { id: string; entryId: string }

/** One "add" form of the person index: where it lives, what it parses, which service saves it. */
type EntryForm<S extends z.ZodType> = {
  path: string
  title: string
  view: string
  schema: S
  fields: readonly string[]
  dates?: Record<string, string>
  save: (ctx: Ctx, personId: string, input: z.output<S>) => Promise<unknown>
  /** Choices the form shows (radios, selects), loaded inside the same authorised unit of work. */
  choices?: (ctx: Ctx, personId: string, values: EntryFormValues) => Promise<Record<string, unknown>> | Record<string, unknown>
}

const options = (labels: Record<string, string>, selected: string | undefined, key: 'checked' | 'selected' = 'checked') =>
  Object.entries(labels).map(([value, text]) => ({ value, text, [key]: selected === value }))

const FORMS = [
  {
    path: 'names',
    title: 'Add a name',
    view: 'people/views/entry-name.njk',
    schema: nameEntry,
    fields: ['kind', 'givenName', 'middleNames', 'familyName'],
    dates: { from: 'Date they started using the name', to: 'Date they stopped using the name' },
    save: addName,
  } satisfies EntryForm<typeof nameEntry>,
  {
    path: 'identifiers',
    title: 'Add an identifier',
    view: 'people/views/entry-identifier.njk',
    schema: identifierEntry,
    fields: ['type', 'value', 'issuer'],
    save: addIdentifier,
    choices: (_ctx, _id, values) => ({ typeItems: options(IDENTIFIER_TYPE_LABELS, values.type) }),
  } satisfies EntryForm<typeof identifierEntry>,
  {
    path: 'addresses',
    title: 'Add an address',
    view: 'people/views/entry-address.njk',
    schema: addressEntry,
    fields: ['addressLine1', 'addressLine2', 'town', 'postcode'],
    dates: { from: 'Date they moved in', to: 'Date they moved out' },
    save: addAddress,
  } satisfies EntryForm<typeof addressEntry>,
  {
    path: 'contact-details',
    title: 'Add a contact detail',
    view: 'people/views/entry-contact.njk',
    schema: contactEntry,
    fields: ['type', 'value', 'platform'],
    save: addContact,
    choices: (_ctx, _id, values) => ({ platformItems: [{ value: '', text: 'Select a platform' }, ...options(SOCIAL_MEDIA_LABELS, values.platform, 'selected')] }),
  } satisfies EntryForm<typeof contactEntry>,
  {
    path: 'relationships',
    title: 'Add a relationship',
    view: 'people/views/entry-relationship.njk',
    schema: relationshipEntry,
    fields: ['relatedPersonId', 'type'],
    dates: { from: 'Date the relationship started' },
    save: addRelationship,
    choices: async (ctx, id, values) => {
      const people = await relationshipChoices(ctx, id)
      return {
        typeItems: options(RELATIONSHIP_VIEW_LABELS, values.type),
        personItems: [
          { value: '', text: people.length ? 'Select a person' : 'No records you can open' },
          ...people.map((p) => ({ value: p.id, text: `${p.givenName} ${p.familyName}${p.dateOfBirth ? `, born ${formatDateEnGb(p.dateOfBirth)}` : ''}`, selected: values.relatedPersonId === p.id })),
        ],
      }
    },
  } satisfies EntryForm<typeof relationshipEntry>,
] as const

const ENDS: ReadonlyArray<[path: string, kind: EndableKind, card: string]> = [
  ['names', 'name', 'names'],
  ['addresses', 'address', 'addresses'],
  ['contact-details', 'contact-detail', 'contact-details'],
  ['relationships', 'relationship', 'relationships'],
]

/** The person index's pages: an "add" form per kind of entry, and the buttons that end one. */
export async function registerEntryPages(app: FastifyInstance): Promise<void> {
  const pre = { preHandler: requireUser }
  for (const form of FORMS as ReadonlyArray<EntryForm<z.ZodType>>) registerForm(app, form, pre)

  for (const [path, kind, card] of ENDS) {
    app.post<{ Params: EndParams }>(`/people/:id/${path}/:entryId/end`, pre, async (request, reply) => {
      try {
        await app.work(request, (ctx) => endEntry(ctx, request.params.id, kind, request.params.entryId))
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        return reply.code(400).view('errors/400.njk', { pageTitle: 'There is a problem' })
      }
      return reply.redirect(`/people/${request.params.id}#${card}`, 303)
    })
  }
}

function registerForm(app: FastifyInstance, form: EntryForm<z.ZodType>, pre: { preHandler: typeof requireUser }): void {
  const render = (reply: FastifyReply, id: string, values: EntryFormValues, choices: Record<string, unknown>, errors: FieldError[] = []) => {
    const { summary, fields } = formErrors(errors)
    return reply.code(errors.length ? 400 : 200).view(form.view, { pageTitle: form.title, title: form.title, id, action: `/people/${id}/${form.path}`, values, errors: summary, fieldErrors: fields, ...choices })
  }
  // The form is shown only to someone who may add to this record; its choices load in the same unit of work.
  const authorisedChoices = (request: Parameters<typeof app.work>[0], id: string, values: EntryFormValues) =>
    app.work(request, async (ctx) => {
      await assertCanAddEntry(ctx, id)
      return (await form.choices?.(ctx, id, values)) ?? {}
    })

  app.get<{ Params: Params }>(`/people/:id/${form.path}/new`, pre, async (request, reply) => {
    const choices = await authorisedChoices(request, request.params.id, {})
    return render(reply, request.params.id, {}, choices)
  })

  app.post<{ Params: Params }>(`/people/:id/${form.path}`, pre, async (request, reply) => {
    const id = request.params.id
    const { input, errors, values } = parseEntryForm(form.schema, request.body, form.fields, form.dates)
    // Invalid input is reported only to someone who may add to this record; anyone else gets the usual 404.
    if (!input) return render(reply, id, values, await authorisedChoices(request, id, values), errors)
    try {
      await app.work(request, (ctx) => form.save(ctx, id, input))
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return render(reply, id, values, await authorisedChoices(request, id, values), error.errors)
    }
    return reply.redirect(`/people/${id}#${form.path}`, 303)
  })
}
