import { demoTotpSecret, totpCode } from '../../platform/auth/totp.ts'

/** `lantern demo totp EMAIL`: a demo account's current code. Never opens the database (CONTRACTS.md §3). */
export async function demoTotp(email: string): Promise<number> {
  if (!/@demo\.lantern\.test$/i.test(email)) {
    process.stderr.write('Only demo accounts (…@demo.lantern.test) have derivable security codes.\n')
    return 2
  }
  console.log(await totpCode(demoTotpSecret(email), new Date()))
  return 0
}
