/**
 * Who is calling, as one string: what legacy sessions are owned by and what a modern
 * `requestState` is bound to. Every transport uses this one function, so an identity means
 * the same thing everywhere. Each shape has its own prefix (a subject never equals a client
 * id), and a token that names neither is known by its digest, never kept as it is.
 */
import { nodeCrypto } from "../protocol/node-crypto.ts";
import type { AuthInfo } from "../server/context.ts";

export function principalOf(auth: AuthInfo | undefined): string | undefined {
  if (!auth) return undefined;
  if (auth.subject !== undefined) return `sub:${auth.subject}`;
  if (auth.clientId !== undefined) return `client:${auth.clientId}`;
  return `token:${nodeCrypto().createHash("sha256").update(auth.token).digest("base64url")}`;
}
