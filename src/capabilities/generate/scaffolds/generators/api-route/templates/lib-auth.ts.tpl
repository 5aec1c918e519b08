---
to: <%= files.auth %>
when: auth.enabled
---
/**
 * The auth hook every generated route calls. The default verifies bearer tokens of the form
 * `<userId>.<signature>`, HMAC-SHA256-signed with AUTH_SECRET; replace `authenticate` with your
 * provider (Auth.js, Supabase, Clerk, a JWT library) and keep its signature.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

export interface AuthUser {
  id: string
}

function secret(): string {
  const value = process.env.AUTH_SECRET
  if (!value || value.length < 32) throw new Error('AUTH_SECRET must be set to at least 32 characters')
  return value
}

function sign(userId: string, key: string): string {
  return createHmac('sha256', key).update(userId).digest('base64url')
}

/** Issues a token for a user (for sign-in flows and tests). */
export function signToken(userId: string): string {
  return `${userId}.${sign(userId, secret())}`
}

/** Returns the caller, or null when the Authorization header is missing or invalid. */
export async function authenticate(authorization: string | null | undefined): Promise<AuthUser | null> {
  const match = /^Bearer\s+([^.\s]+)\.([A-Za-z0-9_-]+)$/.exec(authorization ?? '')
  if (!match) return null
  const [, userId = '', signature = ''] = match
  const expected = Buffer.from(sign(userId, secret()))
  const given = Buffer.from(signature)
  return given.length === expected.length && timingSafeEqual(given, expected) ? { id: userId } : null
}
