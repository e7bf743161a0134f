/**
 * Sign-in and sign-out, the home page, the public information pages, health checks and API documentation.
 * The sign-in steps are tried with a session at that step for the role's own demo user (so `allow` means the
 * step works for every role profile); anonymous callers have a browser session that has only visited /sign-in.
 */
import { ANY_SIGNED_IN, keepDemoPasswordHash, MATRIX_NEW_PASSWORD } from './account.ts'
import { DEMO_PASSWORD, everyone, type MatrixEntry, type RoleTable } from './types.ts'

/** A sign-in step: works for a user at that step; an anonymous session is sent back to /sign-in. */
const SIGN_IN_STEP: RoleTable = { ...everyone('allow'), anonymous: 'sign-in' }

export const authAndInfoMatrix: MatrixEntry[] = [
  { route: 'GET /', kind: 'page', expect: ANY_SIGNED_IN('sign-in'), why: 'home page needs sign-in' },
  { route: 'GET /accessibility', kind: 'page', expect: everyone('allow'), why: 'public information page' },
  { route: 'GET /privacy', kind: 'page', expect: everyone('allow'), why: 'public information page' },
  { route: 'GET /health/live', kind: 'page', expect: everyone('allow'), why: 'health check, no data' },
  { route: 'GET /health/ready', kind: 'page', expect: everyone('allow'), why: 'CONTRACTS §3 readiness' },
  { route: 'GET /api/docs', kind: 'page', expect: everyone('allow'), why: 'CONTRACTS §5: public, no data' },
  { route: 'GET /api/docs/json', kind: 'page', expect: everyone('allow'), why: 'CONTRACTS §5: public, no data' },
  // Signed in: redirected home (allow). Anonymous: the form.
  { route: 'GET /sign-in', kind: 'page', expect: everyone('allow'), why: 'public sign-in form' },
  {
    route: 'POST /sign-in',
    kind: 'page',
    expect: everyone('allow'),
    session: 'fresh',
    request: { body: (ctx) => ({ email: ctx.user.email, password: DEMO_PASSWORD }) },
    why: 'the password step is public (it replaces the session)',
  },
  { route: 'GET /sign-in/mfa', kind: 'page', expect: SIGN_IN_STEP, session: 'mfa', why: 'second step, after the password' },
  {
    route: 'POST /sign-in/mfa',
    kind: 'page',
    expect: SIGN_IN_STEP,
    session: 'mfa',
    request: { body: async (ctx) => ({ code: await ctx.totpCode(ctx.user.userId) }) },
    why: 'second step, after the password',
  },
  { route: 'GET /sign-in/enrol', kind: 'page', expect: SIGN_IN_STEP, session: 'mfa-enrol', why: 'enrolment, after the password' },
  {
    route: 'POST /sign-in/enrol',
    kind: 'page',
    expect: SIGN_IN_STEP,
    session: 'mfa-enrol',
    // The pending secret is the user's current one, so enrolling again leaves the demo account as it was.
    request: { body: async (ctx) => ({ code: await ctx.totpCode(ctx.user.userId) }) },
    why: 'enrolment, after the password',
  },
  { route: 'GET /sign-in/new-password', kind: 'page', expect: SIGN_IN_STEP, session: 'new-password', why: 'a new password after a temporary one, after the second factor' },
  {
    route: 'POST /sign-in/new-password',
    kind: 'page',
    expect: SIGN_IN_STEP,
    session: 'new-password',
    request: {
      body: async (ctx) => {
        await keepDemoPasswordHash.before(ctx)
        return { newPassword: MATRIX_NEW_PASSWORD, confirmPassword: MATRIX_NEW_PASSWORD }
      },
      after: keepDemoPasswordHash.after,
    },
    why: 'a new password after a temporary one, after the second factor',
  },
  { route: 'GET /sign-in/role', kind: 'page', expect: SIGN_IN_STEP, session: 'choose-role', why: 'role choice, after the second factor' },
  {
    route: 'POST /sign-in/role',
    kind: 'page',
    expect: SIGN_IN_STEP,
    session: 'choose-role',
    request: { body: (ctx) => ({ roleProfileId: ctx.user.userRoleProfileId }) },
    why: 'role choice, after the second factor',
  },
  { route: 'POST /sign-out', kind: 'page', expect: everyone('allow'), session: 'fresh', why: 'anyone may sign out' },
  {
    route: 'POST /sign-out/everywhere',
    kind: 'page',
    expect: ANY_SIGNED_IN('sign-in'),
    session: 'fresh',
    endsUserSessions: true,
    why: 'ends every session of the signed-in user',
  },
]
