/**
 * Opaque access tokens checked by asking the authorization server (RFC 7662 introspection):
 * the answer must say `active`, name this resource in `aud` and the issuer in `iss` (when it
 * gives them). An active answer is kept until the token expires or `cacheMs` passes, whichever
 * is first: the shorter the cache, the sooner a revoked token stops working.
 */
import { discover } from "./discovery.ts";
import { authInfoOf, InvalidTokenError, VerifierUnavailableError, type TokenVerifier } from "./verifier.ts";

export interface IntrospectionVerifierOptions {
  /** The authorization server's issuer URL; its metadata names the introspection endpoint. */
  issuer: string;
  /** The introspection endpoint, when the metadata does not give it. */
  endpoint?: string;
  /** This resource server's own client credentials at the authorization server (client_secret_basic). */
  clientId: string;
  clientSecret: string;
  /** The resource the tokens must be issued for (this endpoint's public URL). */
  audience: string | string[];
  /** How long an active answer is reused, at most (default 60 s; 0 asks every time). */
  cacheMs?: number;
  /** Most answers kept at once (default 10,000; the oldest go first). */
  maxCached?: number;
}

export function introspectionVerifier(options: IntrospectionVerifierOptions): TokenVerifier {
  if (!options?.issuer || !options.clientId || !options.clientSecret) {
    throw new TypeError("introspectionVerifier needs issuer, clientId and clientSecret");
  }
  const audiences = Array.isArray(options.audience) ? options.audience : [options.audience];
  if (audiences.length === 0 || audiences.some((a) => typeof a !== "string" || a === ""))
    throw new TypeError("introspectionVerifier needs the audience: this server's resource URL");
  const cacheMs = options.cacheMs ?? 60_000;
  const maxCached = options.maxCached ?? 10_000;
  const cache = new Map<string, { claims: Record<string, unknown>; until: number }>();
  const credentials = `Basic ${btoa(`${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`)}`;
  let endpoint: Promise<string> | undefined;
  const findEndpoint = async () => {
    if (options.endpoint) return options.endpoint;
    const metadata = await discover(options.issuer);
    if (!metadata.introspection_endpoint)
      throw new VerifierUnavailableError(`the metadata of ${options.issuer} has no introspection_endpoint`);
    return metadata.introspection_endpoint;
  };

  return async (token) => {
    const hit = cache.get(token);
    if (hit && hit.until > Date.now()) return authInfoOf(token, hit.claims);
    if (hit) cache.delete(token);
    const pending = (endpoint ??= findEndpoint());
    let url: string;
    try {
      url = await pending;
    } catch (error) {
      if (endpoint === pending) endpoint = undefined;
      throw error instanceof VerifierUnavailableError ? error : new VerifierUnavailableError((error as Error).message, { cause: error });
    }
    let claims: Record<string, unknown>;
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json", authorization: credentials },
        body: new URLSearchParams({ token, token_type_hint: "access_token" }),
        redirect: "error",
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new Error(`introspection answered ${res.status}`);
      claims = (await res.json()) as Record<string, unknown>;
    } catch (error) {
      throw new VerifierUnavailableError(`cannot introspect at ${url}: ${(error as Error).message}`, { cause: error });
    }
    if (claims.active !== true) throw new InvalidTokenError("The token is not active (expired, revoked or unknown)");
    const aud = typeof claims.aud === "string" ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : [];
    if (!aud.some((a) => audiences.includes(a as string))) throw new InvalidTokenError("The token's aud claim is not accepted here");
    if (claims.iss !== undefined && claims.iss !== options.issuer)
      throw new InvalidTokenError("The token's iss claim is not accepted here");
    const expiresAt = typeof claims.exp === "number" ? claims.exp * 1000 : Infinity;
    if (expiresAt <= Date.now()) throw new InvalidTokenError("The token has expired");
    if (cacheMs > 0) {
      if (cache.size >= maxCached) cache.delete(cache.keys().next().value!);
      cache.set(token, { claims, until: Math.min(expiresAt, Date.now() + cacheMs) });
    }
    return authInfoOf(token, claims);
  };
}
