/** What checks a bearer token: a JWT verifier, introspection, or a function of the user's. */
import type { AuthInfo } from "../server/context.ts";

/** Resolves to who the token stands for, or throws `InvalidTokenError`. */
export type TokenVerifier = (token: string) => Promise<AuthInfo>;

/** The token is not valid for this resource: expired, forged, for another audience or issuer. */
export class InvalidTokenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "InvalidTokenError";
  }
}

/** Tokens cannot be checked right now (the authorization server's keys are out of reach): 503, not 401. */
export class VerifierUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "VerifierUnavailableError";
  }
}

/** Scopes from a `scope` string (RFC 8693, RFC 9068) or an `scp` array, as tokens carry them. */
export function scopesOf(claims: Record<string, unknown>): string[] {
  const scope = claims.scope ?? claims.scp;
  if (typeof scope === "string") return scope.split(" ").filter(Boolean);
  if (Array.isArray(scope)) return scope.filter((s): s is string => typeof s === "string");
  return [];
}

/** The AuthInfo of verified claims. */
export function authInfoOf(token: string, claims: Record<string, unknown>): AuthInfo {
  const info: AuthInfo = { token, scopes: scopesOf(claims), claims };
  if (typeof claims.sub === "string") info.subject = claims.sub;
  const client = claims.client_id ?? claims.azp;
  if (typeof client === "string") info.clientId = client;
  if (typeof claims.exp === "number") info.expiresAt = claims.exp;
  return info;
}
