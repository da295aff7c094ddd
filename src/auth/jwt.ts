/**
 * JWT access tokens (RFC 9068) checked against the issuer's keys: signature, `iss`, `aud`
 * (this server's resource URL, RFC 8707), `exp` and `nbf`. The keys come from the issuer's
 * metadata and are cached; a token signed with a key not seen yet refetches them (rotation),
 * at most once a cooldown. All of it is jose's, loaded on the first token. A verified token
 * is remembered until its `exp`, so a client's next calls skip the signature check.
 */
import { discover } from "./discovery.ts";
import type { AuthInfo } from "../server/context.ts";
import { authInfoOf, InvalidTokenError, VerifierUnavailableError, type TokenVerifier } from "./verifier.ts";

export interface JwtVerifierOptions {
  /** The authorization server's issuer URL, exactly as its tokens' `iss`. */
  issuer: string;
  /** The resource the tokens must be issued for: this MCP endpoint's public URL (one or more). */
  audience: string | string[];
  /** The issuer's key set; found through its metadata when omitted. */
  jwksUri?: string;
  /** Accepted signature algorithms (default RS256, PS256, ES256, ES384, EdDSA). */
  algorithms?: string[];
  /** Leeway for `exp` and `nbf`, in seconds (default 5). */
  clockToleranceSeconds?: number;
  /** The least time between two fetches of the key set, when tokens name keys it lacks (default 30 s). */
  keysCooldownMs?: number;
  /**
   * Tokens remembered once verified, until they expire (default 10,000; 0 verifies every
   * time). A signature check costs far more than serving a call; a verified token stays valid.
   */
  cacheSize?: number;
}

type Jose = typeof import("jose");

async function loadJose(): Promise<Jose> {
  try {
    return await import("jose");
  } catch (error) {
    throw new Error('mcpkit/auth checks JWTs with the "jose" package: npm install jose', { cause: error });
  }
}

export function jwtVerifier(options: JwtVerifierOptions): TokenVerifier {
  if (!options?.issuer) throw new TypeError("jwtVerifier needs the issuer URL");
  if (!options.audience || (Array.isArray(options.audience) && options.audience.length === 0)) {
    throw new TypeError("jwtVerifier needs the audience: this server's resource URL, which tokens must be issued for");
  }
  const algorithms = options.algorithms ?? ["RS256", "PS256", "ES256", "ES384", "EdDSA"];
  let ready: Promise<{ jose: Jose; keys: ReturnType<Jose["createRemoteJWKSet"]> }> | undefined;
  const prepare = async () => {
    const jose = await loadJose();
    const jwksUri = options.jwksUri ?? (await discover(options.issuer)).jwks_uri;
    if (!jwksUri) throw new VerifierUnavailableError(`the metadata of ${options.issuer} has no jwks_uri`);
    return {
      jose,
      keys: jose.createRemoteJWKSet(new URL(jwksUri), { cooldownDuration: options.keysCooldownMs ?? 30_000, cacheMaxAge: 10 * 60_000 }),
    };
  };

  const cacheSize = options.cacheSize ?? 10_000;
  const verified = new Map<string, AuthInfo>();
  const remember = (token: string, auth: AuthInfo) => {
    if (cacheSize <= 0) return;
    if (verified.size >= cacheSize) verified.delete(verified.keys().next().value!);
    verified.set(token, auth);
  };

  return async (token) => {
    const known = verified.get(token);
    if (known) {
      if (known.expiresAt! * 1000 > Date.now()) return known;
      verified.delete(token);
    }
    // A failed discovery is retried on the next token instead of being kept.
    const pending = (ready ??= prepare());
    let setup;
    try {
      setup = await pending;
    } catch (error) {
      if (ready === pending) ready = undefined;
      if (error instanceof VerifierUnavailableError) throw error;
      throw new VerifierUnavailableError((error as Error).message, { cause: error });
    }
    const { jose, keys } = setup;
    try {
      const { payload } = await jose.jwtVerify(token, keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms,
        clockTolerance: options.clockToleranceSeconds ?? 5,
        requiredClaims: ["exp"],
      });
      const auth = authInfoOf(token, payload as Record<string, unknown>);
      remember(token, auth);
      return auth;
    } catch (error) {
      if (error instanceof jose.errors.JWKSTimeout || (error instanceof TypeError && /fetch/i.test(error.message))) {
        throw new VerifierUnavailableError(`cannot fetch the keys of ${options.issuer}: ${(error as Error).message}`, { cause: error });
      }
      throw new InvalidTokenError(describe(error, jose), { cause: error });
    }
  };
}

/** What went wrong, for the error_description: never the token itself. */
function describe(error: unknown, jose: Jose): string {
  if (error instanceof jose.errors.JWTExpired) return "The token has expired";
  if (error instanceof jose.errors.JWTClaimValidationFailed) return `The token's ${error.claim} claim is not accepted here`;
  if (error instanceof jose.errors.JWSSignatureVerificationFailed) return "The token's signature does not verify";
  if (error instanceof jose.errors.JWKSNoMatchingKey) return "The token is signed with a key the issuer does not publish";
  if (error instanceof jose.errors.JOSEAlgNotAllowed) return "The token's signature algorithm is not accepted";
  return "The token is not a valid access token";
}
