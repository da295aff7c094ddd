/**
 * The MCP server as an OAuth 2.1 resource server (the authorization chapter of both eras):
 * protected resource metadata (RFC 9728) at the well-known paths, bearer tokens from the
 * Authorization header only (RFC 6750 §2.1), checked on every request, and the 401/403
 * challenges that tell a client where to get a token and which scopes to ask for.
 *
 *     serveHttp(mcp, bearerAuth({ resource, authorizationServers: [issuer], verify: jwtVerifier({ issuer, audience: resource }) }))
 */
import { HttpError } from "../protocol/errors.ts";
import type { AuthInfo, HttpRequestInfo } from "../server/context.ts";
import type { HttpRoute } from "../transports/http/routes.ts";
import { challengeHeader, refusal, type Challenge } from "./challenge.ts";
import { InvalidTokenError, VerifierUnavailableError, type TokenVerifier } from "./verifier.ts";

export interface BearerAuthOptions {
  /** This MCP endpoint's public URL (https://mcp.example.com/mcp): the `resource` of the metadata and the audience tokens are for. */
  resource: string;
  /** The issuer URLs of the authorization servers that issue tokens for it (at least one). */
  authorizationServers: string[];
  /** Checks a token: `jwtVerifier(...)`, `introspectionVerifier(...)` or a function of your own. */
  verify: TokenVerifier;
  /** Scopes every request needs; a token without them gets 403 `insufficient_scope`. */
  requiredScopes?: string[];
  /** Scopes a client may ask for, published in the metadata (default: `requiredScopes`). */
  scopesSupported?: string[];
  /** A human-readable name for the metadata (`resource_name`). */
  resourceName?: string;
  /** A page about the server (`resource_documentation`). */
  resourceDocumentation?: string;
}

/** What `bearerAuth` gives the HTTP transport: spread it into `serveHttp`, `createNodeHandler`, `createFetchHandler` or `mcp.run`. */
export interface BearerAuth {
  authenticate: (request: HttpRequestInfo) => Promise<AuthInfo>;
  routes: Record<string, HttpRoute>;
  /** The challenge of a 403 when a tool, resource or prompt needs scopes the token lacks (step-up). */
  scopeChallenge: (scopes: readonly string[]) => Record<string, string>;
}

const METADATA_PREFIX = "/.well-known/oauth-protected-resource";

export function bearerAuth(options: BearerAuthOptions): BearerAuth {
  const resource = canonicalResource(options?.resource);
  if (!Array.isArray(options.authorizationServers) || options.authorizationServers.length === 0) {
    throw new TypeError("bearerAuth needs authorizationServers: the issuer URL of at least one authorization server");
  }
  if (typeof options.verify !== "function")
    throw new TypeError("bearerAuth needs verify: jwtVerifier({ issuer, audience }) or a function (token) => AuthInfo");
  const path = resource.pathname === "/" ? "" : resource.pathname;
  const metadataUrl = new URL(`${METADATA_PREFIX}${path}`, resource).href;
  const required = options.requiredScopes ?? [];
  const supported = options.scopesSupported ?? required;
  const metadata: Record<string, unknown> = {
    resource: resource.href,
    authorization_servers: options.authorizationServers,
    bearer_methods_supported: ["header"],
  };
  if (supported.length) metadata.scopes_supported = supported;
  if (options.resourceName) metadata.resource_name = options.resourceName;
  if (options.resourceDocumentation) metadata.resource_documentation = options.resourceDocumentation;
  const document: HttpRoute = () => ({ json: metadata, headers: { "cache-control": "public, max-age=3600" } });
  const challenge = (extra: Partial<Challenge> = {}): Challenge => ({
    resourceMetadata: metadataUrl,
    scopes: required.length ? required : supported,
    ...extra,
  });

  return {
    routes: { [`${METADATA_PREFIX}${path}`]: document, [METADATA_PREFIX]: document },
    scopeChallenge: (scopes) => ({
      "www-authenticate": challengeHeader({
        resourceMetadata: metadataUrl,
        scopes,
        error: "insufficient_scope",
        description: `Needs the scope ${scopes.join(" ")}`,
      }),
    }),
    async authenticate(request) {
      if (new URL(request.url, "http://localhost").searchParams.has("access_token")) {
        throw refusal(
          challenge({ error: "invalid_request", description: "Tokens are accepted in the Authorization header only" }),
          "Tokens in the URL are refused: send Authorization: Bearer <token>",
        );
      }
      const token = bearerToken(request.headers.authorization);
      if (token === undefined) throw refusal(challenge(), "Authorization needed: send Authorization: Bearer <token>");
      if (token === null) {
        throw refusal(
          challenge({ error: "invalid_request", description: "Expected Authorization: Bearer <token>" }),
          "Malformed Authorization header: expected Bearer <token>",
        );
      }
      let auth: AuthInfo;
      try {
        auth = await options.verify(token);
      } catch (error) {
        if (error instanceof InvalidTokenError)
          throw refusal(challenge({ error: "invalid_token", description: error.message }), `Invalid token: ${error.message}`);
        if (error instanceof HttpError) throw error;
        const reason = error instanceof VerifierUnavailableError ? error.message : "the token check failed";
        process.emitWarning(`mcpkit/auth: ${reason}`);
        throw new HttpError(503, "Tokens cannot be checked right now; try again shortly", { headers: { "retry-after": "5" } });
      }
      const missing = required.filter((scope) => !auth.scopes.includes(scope));
      if (missing.length) {
        throw refusal(
          challenge({ error: "insufficient_scope", scopes: required, description: `Needs the scope ${missing.join(" ")}` }),
          `Insufficient scope: needs ${missing.join(" ")}`,
        );
      }
      return auth;
    },
  };
}

/** The token of `Authorization: Bearer <token>`; undefined when there is no header, null when it is not a bearer token. */
function bearerToken(header: string | string[] | undefined): string | undefined | null {
  if (header === undefined || header === "") return undefined;
  if (Array.isArray(header)) return null;
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
  return match ? match[1] : null;
}

/** The resource URL as RFC 8707 §2 wants it: absolute, no fragment. */
function canonicalResource(resource: string | undefined): URL {
  let url: URL;
  try {
    url = new URL(resource ?? "");
  } catch {
    throw new TypeError(
      `bearerAuth needs resource: this endpoint's public URL (https://mcp.example.com/mcp), not ${JSON.stringify(resource)}`,
    );
  }
  if (url.hash) throw new TypeError(`The resource URL ${resource} must not have a fragment`);
  if (url.protocol !== "https:" && url.hostname !== "127.0.0.1" && url.hostname !== "localhost" && url.hostname !== "[::1]") {
    throw new TypeError(`The resource URL ${resource} must use https (http only on localhost)`);
  }
  return url;
}
