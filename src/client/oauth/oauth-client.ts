/**
 * OAuth 2.1 for the MCP client (the authorization chapter of both protocol eras): on a 401 it
 * finds the authorization server from the resource's metadata, registers or identifies the
 * client, runs the authorization code flow with PKCE (or client credentials), and keeps the
 * tokens in a `TokenStore`; on a 403 `insufficient_scope` it asks for the missing scopes
 * (step-up), a bounded number of times. Tokens are refreshed before they expire and when the
 * server calls one invalid.
 *
 *   const auth = new OAuthClient({ redirectUrl: "http://127.0.0.1:8765/callback", authorize: openBrowser });
 *   const transport = new HttpClientTransport(url, { auth });
 */
import type { HttpAuthorizer } from "../http-auth.ts";
import { OAuthError } from "./errors.ts";
import {
  discoverAuthorizationServer,
  discoverProtectedResource,
  sameIssuer,
  type AuthorizationServerMetadata,
  type ProtectedResourceMetadata,
} from "./metadata.ts";
import { createPkce, randomToken } from "./pkce.ts";
import { registerClient, type OAuthClientMetadata } from "./registration.ts";
import { canonicalResource, resourceCovers } from "./resource.ts";
import { requestToken } from "./token-endpoint.ts";
import { MemoryTokenStore, type OAuthTokens, type StoredAuthorization, type TokenStore } from "./token-store.ts";
import { parseBearerChallenge, type BearerChallenge } from "./www-authenticate.ts";

export interface AuthorizeContext {
  /** The URL the authorization server sends the user back to. */
  redirectUrl: string;
  /** What is being authorized, for a prompt to the user. */
  resource: string;
  scope: string | undefined;
}

export interface OAuthClientOptions {
  /**
   * `authorization_code` (default): a user signs in through `authorize`. `client_credentials`:
   * a machine client with `clientId` and `clientSecret`, no user.
   */
  grant?: "authorization_code" | "client_credentials";
  /** Where the authorization server redirects after sign-in: a loopback URL for a CLI, an https URL for a web app. */
  redirectUrl?: string | URL;
  /**
   * Sends the user to `authorizationUrl` (opens a browser, prints it) and resolves with the URL
   * the authorization server redirected back to, which carries `code`, `state` and maybe `iss`.
   */
  authorize?: (authorizationUrl: URL, context: AuthorizeContext) => Promise<string | URL>;
  /** A pre-registered client. */
  clientId?: string;
  clientSecret?: string;
  /** How a pre-registered client authenticates at the token endpoint; chosen from the server's list by default. */
  tokenEndpointAuthMethod?: "client_secret_basic" | "client_secret_post" | "none";
  /** An HTTPS URL serving this client's metadata document, used as `client_id` where the server supports it. */
  clientMetadataUrl?: string;
  /** What dynamic registration sends (client_name and so on); redirect_uris and grant_types are filled in. */
  clientMetadata?: OAuthClientMetadata;
  /** Scopes to ask for when neither the server's challenge nor its metadata names any. */
  scope?: string;
  /** Ask for `offline_access` (a refresh token) when the authorization server lists it; default true. */
  offlineAccess?: boolean;
  /** How many authorizations one request may go through (its first sign-in, then step-ups) before it fails; default 3. */
  maxAuthorizations?: number;
  /** Default: tokens in memory, lost with the process. */
  store?: TokenStore;
  fetch?: typeof fetch;
  /** Refresh this long before a token's expiry (default 30 s). */
  refreshSkewMs?: number;
}

const DEFAULT_AUTHORIZATIONS = 3;

export class OAuthClient implements HttpAuthorizer {
  readonly store: TokenStore;
  private readonly options: OAuthClientOptions;
  private readonly doFetch: typeof fetch;
  /** One authorization at a time per resource; concurrent refusals wait for the same one. */
  private readonly running = new Map<string, Promise<boolean>>();

  constructor(options: OAuthClientOptions = {}) {
    const grant = options.grant ?? "authorization_code";
    if (grant === "client_credentials" && !options.clientId) {
      throw new TypeError("OAuthClient: the client_credentials grant needs clientId (and clientSecret)");
    }
    if (grant === "authorization_code" && (!options.authorize || !options.redirectUrl)) {
      throw new TypeError("OAuthClient: the authorization_code grant needs redirectUrl and authorize()");
    }
    this.options = { ...options, grant };
    this.store = options.store ?? new MemoryTokenStore();
    const impl = options.fetch ?? globalThis.fetch;
    this.doFetch = (input, init) => impl(input, init);
  }

  async authorization(url: URL): Promise<string | undefined> {
    const resource = canonicalResource(url);
    const running = this.running.get(resource);
    if (running) await running.catch(() => {});
    const stored = await this.store.get(resource);
    let tokens = stored?.tokens;
    if (!tokens) return undefined;
    const skew = this.options.refreshSkewMs ?? 30_000;
    if (tokens.expires_at !== undefined && tokens.expires_at - skew <= Date.now() && tokens.refresh_token) {
      tokens = (await this.once(resource, () => this.refresh(resource, stored!)).catch(() => false))
        ? (await this.store.get(resource))?.tokens
        : tokens;
    }
    return tokens ? `Bearer ${tokens.access_token}` : undefined;
  }

  async challenge(response: Response, url: URL, attempt = 0): Promise<boolean> {
    const challenge = parseBearerChallenge(response.headers.get("www-authenticate")) ?? {};
    const resource = canonicalResource(url);
    if (response.status === 403 && challenge.error !== "insufficient_scope") return false;
    if (response.status !== 401 && response.status !== 403) return false;
    const limit = this.options.maxAuthorizations ?? DEFAULT_AUTHORIZATIONS;
    if (attempt >= limit) {
      throw new OAuthError(
        response.status === 403 ? "insufficient_scope" : "invalid_token",
        `${url.href} still refuses after ${limit} authorizations` +
          (challenge.scope ? ` (it asks for the scope "${challenge.scope}")` : "") +
          (challenge.errorDescription ? `: ${challenge.errorDescription}` : ""),
        response.status,
      );
    }
    if (response.status === 403) return this.once(resource, () => this.authorize(url, challenge, true));
    return this.once(resource, async () => {
      const stored = await this.store.get(resource);
      // A token the server no longer takes: a refresh is cheaper than a new sign-in.
      if (attempt === 0 && stored?.tokens?.refresh_token && (await this.refresh(resource, stored).catch(() => false))) return true;
      return this.authorize(url, challenge, false);
    });
  }

  /** Signs in to the server at `url` now, whether or not it has asked (for `mcpkit login`). */
  async login(url: string | URL): Promise<OAuthTokens> {
    const target = new URL(url);
    const resource = canonicalResource(target);
    const probe = await this.doFetch(target, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 0, method: "ping" }),
    });
    await probe.body?.cancel();
    const refused = probe.status === 401 || probe.status === 403;
    const challenge = refused ? (parseBearerChallenge(probe.headers.get("www-authenticate")) ?? {}) : {};
    if (!refused && !(await discoverProtectedResource(target, undefined, this.doFetch).catch(() => undefined))) {
      throw new OAuthError(
        "not_protected",
        `${target.href} did not ask for authorization (HTTP ${probe.status}) and publishes no resource metadata; there is nothing to sign in to`,
      );
    }
    await this.once(resource, () => this.authorize(target, challenge, false));
    const tokens = (await this.store.get(resource))?.tokens;
    if (!tokens) throw new OAuthError("no_tokens", `Signing in to ${target.href} gave no tokens`);
    return tokens;
  }

  /** Forgets the tokens (and registration) kept for the server at `url`. */
  async logout(url: string | URL): Promise<void> {
    await this.store.delete(canonicalResource(new URL(url)));
  }

  private once(resource: string, work: () => Promise<boolean>): Promise<boolean> {
    const running = this.running.get(resource);
    if (running) return running;
    const next = work().finally(() => this.running.delete(resource));
    this.running.set(resource, next);
    return next;
  }

  private async refresh(resource: string, stored: StoredAuthorization): Promise<boolean> {
    const refreshToken = stored.tokens?.refresh_token;
    if (!refreshToken || !stored.client || !stored.issuer) return false;
    const metadata = await this.serverMetadata(stored.issuer, new URL(resource));
    if (!metadata.token_endpoint) return false;
    try {
      const tokens = await requestToken({
        endpoint: metadata.token_endpoint,
        client: stored.client,
        grant: { grant_type: "refresh_token", refresh_token: refreshToken },
        resource,
        fetch: this.doFetch,
      });
      // A server may keep the refresh token and not send it again (RFC 6749 §6).
      tokens.refresh_token ??= refreshToken;
      tokens.scope ??= stored.tokens?.scope;
      await this.store.set(resource, { ...stored, tokens });
      return true;
    } catch (error) {
      if (error instanceof OAuthError && error.code === "invalid_grant") {
        await this.store.set(resource, { ...stored, tokens: undefined });
        return false;
      }
      throw error;
    }
  }

  /** The whole flow: discovery, registration, sign-in (or client credentials), tokens into the store. */
  private async authorize(url: URL, challenge: BearerChallenge, stepUp: boolean): Promise<boolean> {
    const found = await discoverProtectedResource(url, challenge.resourceMetadata, this.doFetch);
    let issuer: string;
    let resource: string;
    let resourceMetadata: ProtectedResourceMetadata | undefined;
    if (found) {
      resourceMetadata = found.metadata;
      if (!resourceCovers(found.metadata.resource, url)) {
        throw new OAuthError(
          "resource_mismatch",
          `The protected resource metadata at ${found.url.href} is for ${found.metadata.resource}, not for ${url.href}; refusing to authorize`,
        );
      }
      const servers = found.metadata.authorization_servers;
      if (!Array.isArray(servers) || typeof servers[0] !== "string") {
        throw new OAuthError("invalid_metadata", `The protected resource metadata at ${found.url.href} names no authorization server`);
      }
      issuer = servers[0];
      resource = found.metadata.resource;
    } else {
      // 2025-03-26 servers publish no resource metadata: the MCP server's origin is the authorization server.
      issuer = url.origin;
      resource = canonicalResource(url);
    }
    const metadata = await this.serverMetadata(issuer, url, !found);
    const key = canonicalResource(url);
    let stored: StoredAuthorization = (await this.store.get(key)) ?? {};
    // Another authorization server now: what the old one issued means nothing to it.
    if (stored.issuer !== undefined && !sameIssuer(stored.issuer, metadata.issuer)) stored = {};
    const client =
      stored.client ??
      (await registerClient({
        metadata,
        clientId: this.options.clientId,
        clientSecret: this.options.clientSecret,
        tokenEndpointAuthMethod: this.options.tokenEndpointAuthMethod,
        clientMetadataUrl: this.options.clientMetadataUrl,
        clientMetadata: this.registrationMetadata(),
        fetch: this.doFetch,
      }));
    const scope = this.chooseScope(challenge, resourceMetadata, metadata, stepUp ? stored.tokens?.scope : undefined);
    stored = { issuer: metadata.issuer, client };
    await this.store.set(key, stored);
    if (!metadata.token_endpoint)
      throw new OAuthError("invalid_metadata", `The authorization server ${metadata.issuer} has no token_endpoint`);
    if (this.options.grant === "client_credentials") {
      const tokens = await requestToken({
        endpoint: metadata.token_endpoint,
        client,
        grant: { grant_type: "client_credentials" },
        resource,
        scope,
        fetch: this.doFetch,
      });
      tokens.scope ??= scope;
      await this.store.set(key, { ...stored, tokens });
      return true;
    }
    const tokens = await this.signIn(metadata, client.client_id, resource, scope, (code, verifier, redirectUri) =>
      requestToken({
        endpoint: metadata.token_endpoint!,
        client,
        grant: { grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: redirectUri },
        resource,
        fetch: this.doFetch,
      }),
    );
    // RFC 6749 §5.1: no scope in the answer means the one asked for.
    tokens.scope ??= scope;
    await this.store.set(key, { ...stored, tokens });
    if (stepUp) refuseIfNotGranted(challenge.scope, tokens.scope, url);
    return true;
  }

  /** The authorization request and its answer (RFC 6749 §4.1, PKCE, RFC 8707, RFC 9207). */
  private async signIn(
    metadata: AuthorizationServerMetadata,
    clientId: string,
    resource: string,
    scope: string | undefined,
    exchange: (code: string, verifier: string, redirectUri: string) => Promise<OAuthTokens>,
  ): Promise<OAuthTokens> {
    if (!metadata.authorization_endpoint) {
      throw new OAuthError("invalid_metadata", `The authorization server ${metadata.issuer} has no authorization_endpoint`);
    }
    const methods = metadata.code_challenge_methods_supported;
    if (Array.isArray(methods) && !methods.includes("S256")) {
      throw new OAuthError(
        "pkce_unsupported",
        `The authorization server ${metadata.issuer} does not support PKCE with S256; refusing to sign in`,
      );
    }
    const pkce = await createPkce();
    const state = randomToken();
    const redirectUri = String(this.options.redirectUrl);
    const target = new URL(metadata.authorization_endpoint);
    const params = target.searchParams;
    params.set("response_type", "code");
    params.set("client_id", clientId);
    params.set("redirect_uri", redirectUri);
    params.set("state", state);
    params.set("code_challenge", pkce.challenge);
    params.set("code_challenge_method", pkce.method);
    if (scope) params.set("scope", scope);
    // OpenID Connect §11: a refresh token for offline use is granted only with consent asked for.
    if (scope?.split(" ").includes("offline_access")) params.set("prompt", "consent");
    params.set("resource", resource);

    const answer = new URL(String(await this.options.authorize!(target, { redirectUrl: redirectUri, resource, scope })));
    const got = answer.searchParams;
    this.checkIssuer(metadata, got.get("iss"));
    if (got.get("state") !== state) {
      throw new OAuthError(
        "invalid_state",
        "The authorization answer's state is not the one sent; refusing it (a forged or stale redirect)",
      );
    }
    const error = got.get("error");
    if (error) {
      const description = got.get("error_description");
      throw new OAuthError(error, `The authorization server refused: ${error}${description ? `: ${description}` : ""}`);
    }
    const code = got.get("code");
    if (!code) throw new OAuthError("invalid_request", "The authorization answer carries no code");
    return exchange(code, pkce.verifier, redirectUri);
  }

  /** RFC 9207: an advertised `iss` must come back and match; one that comes back must match in any case. */
  private checkIssuer(metadata: AuthorizationServerMetadata, iss: string | null): void {
    if (iss === null) {
      if (metadata.authorization_response_iss_parameter_supported === true) {
        throw new OAuthError(
          "invalid_issuer",
          `The authorization server ${metadata.issuer} promises an iss in its answer and sent none; refusing it`,
        );
      }
      return;
    }
    if (iss !== metadata.issuer) {
      throw new OAuthError(
        "invalid_issuer",
        `The authorization answer came from ${JSON.stringify(iss)}, not from ${metadata.issuer}; refusing it`,
      );
    }
  }

  private async serverMetadata(issuer: string, url: URL, legacy = false): Promise<AuthorizationServerMetadata> {
    const found = await discoverAuthorizationServer(issuer, this.doFetch);
    if (found) return found;
    if (!legacy) throw new OAuthError("invalid_metadata", `The authorization server ${issuer} publishes no metadata`);
    // 2025-03-26 §2.3.3: without metadata, the default endpoints on the server's origin.
    return {
      issuer: url.origin,
      authorization_endpoint: new URL("/authorize", url.origin).href,
      token_endpoint: new URL("/token", url.origin).href,
      registration_endpoint: new URL("/register", url.origin).href,
    };
  }

  /** The challenge's scopes, else the resource's `scopes_supported`, else the configured ones; and offline_access where offered. */
  private chooseScope(
    challenge: BearerChallenge,
    resource: ProtectedResourceMetadata | undefined,
    metadata: AuthorizationServerMetadata,
    held: string | undefined,
  ): string | undefined {
    const words = new Set<string>();
    const add = (value: string | undefined) => value?.split(/\s+/).forEach((word) => word && words.add(word));
    if (challenge.scope !== undefined) add(challenge.scope);
    else if (Array.isArray(resource?.scopes_supported)) add(resource.scopes_supported.join(" "));
    else add(this.options.scope);
    // Step-up adds to what the token already has rather than trading it.
    add(held);
    const wantsRefresh = this.options.grant === "authorization_code" && this.options.offlineAccess !== false;
    if (wantsRefresh && words.size > 0 && metadata.scopes_supported?.includes("offline_access")) words.add("offline_access");
    return words.size > 0 ? [...words].join(" ") : undefined;
  }

  private registrationMetadata(): OAuthClientMetadata {
    const grant = this.options.grant;
    return {
      client_name: "mcpkit",
      application_type: applicationType(this.options.redirectUrl),
      grant_types: grant === "client_credentials" ? ["client_credentials"] : ["authorization_code", "refresh_token"],
      response_types: grant === "client_credentials" ? [] : ["code"],
      ...(this.options.redirectUrl ? { redirect_uris: [String(this.options.redirectUrl)] } : {}),
      ...this.options.clientMetadata,
    };
  }
}

/**
 * After a step-up, a token still without a scope the server asked for will be refused again:
 * fail now rather than send the user through sign-in after sign-in for nothing.
 */
function refuseIfNotGranted(wanted: string | undefined, granted: string | undefined, url: URL): void {
  const have = new Set(granted?.split(/\s+/) ?? []);
  const missing = (wanted?.split(/\s+/) ?? []).filter((word) => word && !have.has(word));
  if (missing.length === 0) return;
  throw new OAuthError(
    "insufficient_scope",
    `${url.href} needs the scope "${missing.join(" ")}", and the authorization server granted only "${granted ?? ""}"`,
    403,
  );
}

/** SEP-837, as OpenID Connect registration defines it: "native" for loopback and app redirects, else "web". */
function applicationType(redirectUrl: string | URL | undefined): "native" | "web" {
  if (redirectUrl === undefined) return "web";
  const url = new URL(String(redirectUrl));
  if (url.protocol !== "http:" && url.protocol !== "https:") return "native";
  return ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname) ? "native" : "web";
}
