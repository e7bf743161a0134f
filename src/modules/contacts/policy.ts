import { allow, forbid, hide, registerPolicies, type Decision } from '../../platform/access/engine.ts'
import type { UserActor } from '../../platform/access/actor.ts'
import type { PersonAccess } from '../../platform/access/person-access.ts'
import { CASEWORK_ROLES, hasRole, type RoleProfile } from '../../platform/access/roles.ts'
import { personViewDecision } from '../people/index.ts'

/**
 * Who does what with contacts (ADR 0011):
 * - the MASH (manager and practitioners) works the queue: sees every contact, triages (RAG, linking to the person
 *   index) and recommends; the manager alone allocates and decides (CONTRACTS.md §1);
 * - any partner practitioner reports concerns and reads their own contacts and the outcome, nothing else about
 *   the child; administrators, IG, the business unit and analysts do no casework, so never report or read one.
 */
export const MASH_ROLES: readonly RoleProfile[] = ['mash-manager', 'mash-practitioner']
export const REPORTING_ROLES: readonly RoleProfile[] = [...CASEWORK_ROLES, 'designated-safeguarding-lead']

export type ContactsFunction = { resourceType: 'contacts' }
export const CONTACTS: ContactsFunction = { resourceType: 'contacts' }

/** Partner agencies' MASH desks (CONTRACTS.md §1: `mash.police`, `mash.health`): they answer research requests. */
export const DESK_ROLES: readonly RoleProfile[] = ['mash-agency-researcher']

/** The access facts about one research request (queries.loadResearchAccess). */
export type ResearchAccess = { resourceType: 'research-request'; resourceId: string; exists: boolean; deskTeamId: string | null; contactId: string | null; personId?: string }

/** The access facts about one contact (loaded by queries.loadContactAccess; nothing here decides). */
export type ContactAccess = { resourceType: 'contact'; resourceId: string; exists: boolean; referrerUserId: string | null; personId?: string }

/** The access facts about one attachment: its contact's, plus who uploaded it (queries in attachments.ts). */
export type AttachmentAccess = { resourceType: 'contact-attachment'; resourceId: string; exists: boolean; referrerUserId: string | null; uploadedBy: string | null; personId?: string }

declare module '../../platform/access/engine.ts' {
  interface PolicyResources {
    'contacts.report': ContactsFunction
    'contacts.report-about': PersonAccess
    'contacts.list': ContactsFunction
    'contacts.queue': ContactsFunction
    'contacts.view': ContactAccess
    'contacts.triage': ContactAccess
    'contacts.link': PersonAccess
    'contacts.allocate': ContactAccess
    'contacts.recommend': ContactAccess
    'contacts.decide': ContactAccess
    'contacts.research.request': ContactAccess
    'contacts.research.list': ContactAccess
    'contacts.research.queue': ContactsFunction
    'contacts.research.view': ResearchAccess
    'contacts.research.answer': ResearchAccess
    'contacts.attachments.add': ContactAccess
    'contacts.attachments.view': AttachmentAccess
    'contacts.settings.view': ContactsFunction
    'contacts.settings.manage': ContactsFunction
  }
}

/** Reading a contact: the MASH queue, or the referrer's own. Anything else looks as if it did not exist. */
export function viewContact(actor: UserActor, contact: ContactAccess): Decision {
  if (!contact.exists) return hide('no such contact')
  if (hasRole(MASH_ROLES, actor.roleProfile)) return allow('MASH queue')
  if (contact.referrerUserId === actor.userId && hasRole(REPORTING_ROLES, actor.roleProfile)) return allow('referrer of the contact')
  return hide('neither the MASH nor the referrer')
}

/** A MASH step on a contact the actor may read; a referrer who may read it but not do this gets 403. */
function mashStep(roles: readonly RoleProfile[], what: string) {
  return (actor: UserActor, contact: ContactAccess): Decision => {
    const view = viewContact(actor, contact)
    if (!view.allowed) return view
    return hasRole(roles, actor.roleProfile) ? view : forbid(`role does not ${what}`)
  }
}

/**
 * Linking a contact to a person index record: a record the actor may open, or an ordinary one (found through
 * search: the link is what gives the MASH its relationship). Never a restricted or sealed record the actor may
 * not open: those look exactly like an unknown id.
 */
export function linkTarget(actor: UserActor, person: PersonAccess): Decision {
  if (!hasRole(MASH_ROLES, actor.roleProfile)) return hide('not the MASH')
  if (person.exists && person.state === 'ordinary') return allow('MASH triage: ordinary record found through search')
  return personViewDecision(actor, person)
}

/**
 * A research request, seen from a desk: only the desk it was sent to (its team), whatever the request's state, so
 * the desk can read back what it shared; another agency's desk and everyone else get the 404 of an unknown id. The
 * MASH reads requests on the contact page (`contacts.research.list`), not here.
 */
export function deskRequest(actor: UserActor, request: ResearchAccess): Decision {
  if (!request.exists) return hide('no such research request')
  if (!hasRole(DESK_ROLES, actor.roleProfile)) return hide('not a MASH desk')
  return request.deskTeamId === actor.teamId ? allow('research request to the MASH desk') : hide("another agency's desk")
}

/**
 * Reading an attachment: the MASH reads every one; the referrer only the files they attached themselves (a file the
 * MASH added can carry other agencies' information, like the rationale); anyone else the 404 of an unknown id.
 */
export function viewAttachment(actor: UserActor, a: AttachmentAccess): Decision {
  if (!a.exists) return hide('no such attachment')
  if (hasRole(MASH_ROLES, actor.roleProfile)) return allow('MASH queue')
  if (a.referrerUserId === actor.userId && a.uploadedBy === actor.userId && hasRole(REPORTING_ROLES, actor.roleProfile)) return allow('referrer: their own attachment')
  return hide('neither the MASH nor the referrer who attached it')
}

export function registerContactPolicies(): void {
  const role = (roles: readonly RoleProfile[], what: string) => (actor: UserActor) => (hasRole(roles, actor.roleProfile) ? allow(what) : forbid(`role does not: ${what}`))
  registerPolicies({
    'contacts.report': role(REPORTING_ROLES, 'report a concern'),
    // Reporting about a record picked by id: only one the reporter may open (else the same answer as an unknown id).
    'contacts.report-about': personViewDecision,
    'contacts.list': role(REPORTING_ROLES, 'list contacts'),
    'contacts.queue': role(MASH_ROLES, 'work the MASH queue'),
    'contacts.view': viewContact,
    'contacts.triage': mashStep(MASH_ROLES, 'triage contacts'),
    'contacts.link': linkTarget,
    'contacts.allocate': mashStep(['mash-manager'], 'allocate contacts'),
    'contacts.recommend': mashStep(MASH_ROLES, 'recommend decisions'),
    'contacts.decide': mashStep(['mash-manager'], 'decide contacts'),
    // Partner research (ADR 0011): the manager asks (CONTRACTS.md §1), the MASH reads the answers, the desk answers.
    'contacts.research.request': mashStep(['mash-manager'], 'ask partner agencies'),
    'contacts.research.list': mashStep(MASH_ROLES, 'read partner research'),
    'contacts.research.queue': role(DESK_ROLES, 'answer research requests'),
    'contacts.research.view': deskRequest,
    'contacts.research.answer': deskRequest,
    // Attachments: whoever may read the contact (the MASH, the referrer) may add files to it.
    'contacts.attachments.add': viewContact,
    'contacts.attachments.view': viewAttachment,
    // The decision and research timescales: partnership configuration, the system administrator's (CONTRACTS §1);
    // the MASH manager, whose team works to them, may read them.
    'contacts.settings.view': role(['system-admin', 'mash-manager'], 'read the MASH timescales'),
    'contacts.settings.manage': role(['system-admin'], 'change the MASH timescales'),
  })
}
