/**
 * Who may use a component: scopes the caller's token must carry, and a finer rule of your
 * own on `ctx.auth`. The engine hides what a caller may not use from lists and refuses it on
 * use: missing scopes with `InsufficientScopeError` (a step-up answer, HTTP 403), a rule that
 * says no with -32003. Without any `ctx.auth` (stdio, an unprotected endpoint) nobody holds a
 * scope, so a scoped component is closed: the safe way round.
 */
import { ErrorCode, InsufficientScopeError, McpError } from "../protocol/errors.ts";
import type { AuthInfo } from "./context.ts";

export interface AccessOptions {
  /** Scopes the caller's token must carry, all of them. */
  scopes?: string[];
  /** A finer rule: true lets the caller use the component (checked after the scopes). */
  allow?: (auth: AuthInfo | undefined) => boolean;
}

export interface Access {
  scopes: readonly string[];
  allow: ((auth: AuthInfo | undefined) => boolean) | undefined;
}

// RFC 6749 §3.3: scope tokens are visible ASCII without space, double quote or backslash.
const SCOPE = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

export function accessOf(options: AccessOptions, what: string): Access | undefined {
  const { scopes = [], allow } = options;
  if (!Array.isArray(scopes)) throw new TypeError(`The ${what} has scopes that are not an array of strings`);
  for (const scope of scopes) {
    if (typeof scope !== "string" || !SCOPE.test(scope))
      throw new TypeError(`The ${what} has an invalid scope ${JSON.stringify(scope)}: visible ASCII, no spaces or quotes`);
  }
  if (allow !== undefined && typeof allow !== "function") throw new TypeError(`The ${what} has an allow option that is not a function`);
  return scopes.length || allow ? { scopes: [...scopes], allow } : undefined;
}

export function permits(access: Access | undefined, auth: AuthInfo | undefined): boolean {
  if (!access) return true;
  if (access.scopes.length && !access.scopes.every((s) => auth?.scopes.includes(s))) return false;
  return access.allow ? safeAllow(access, auth) : true;
}

/** Throws the answer for a caller that may not use the component. */
export function checkAccess(access: Access | undefined, auth: AuthInfo | undefined, what: string): void {
  if (!access) return;
  const missing = access.scopes.filter((s) => !auth?.scopes.includes(s));
  if (missing.length) throw new InsufficientScopeError(access.scopes, `The ${what} needs the scope ${missing.join(" ")}`);
  if (access.allow && !safeAllow(access, auth))
    throw new McpError(ErrorCode.Forbidden, `The ${what} is not available to this caller`, undefined, 403);
}

function safeAllow(access: Access, auth: AuthInfo | undefined): boolean {
  try {
    return access.allow!(auth) === true;
  } catch (error) {
    // A rule that throws denies: failing closed is the only safe reading.
    process.emitWarning(`mcpkit: an allow rule threw: ${(error as Error)?.message ?? error}`);
    return false;
  }
}
