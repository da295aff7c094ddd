/**
 * Finding the authorization server of a protected MCP server: its protected resource
 * metadata (RFC 9728), then the authorization server's metadata (RFC 8414, or OpenID
 * Connect discovery), in the order the MCP authorization specification lists.
 */
import { OAuthError } from "./errors.ts";

export interface ProtectedResourceMetadata {
  resource: string;
  authorization_servers?: string[];
  scopes_supported?: string[];
  [key: string]: unknown;
}

export interface AuthorizationServerMetadata {
  issuer: string;
  authorization_endpoint?: string;
  token_endpoint?: string;
  registration_endpoint?: string;
  scopes_supported?: string[];
  response_types_supported?: string[];
  grant_types_supported?: string[];
  code_challenge_methods_supported?: string[];
  token_endpoint_auth_methods_supported?: string[];
  client_id_metadata_document_supported?: boolean;
  authorization_response_iss_parameter_supported?: boolean;
  [key: string]: unknown;
}

type Fetch = typeof fetch;

/** Where RFC 9728 §3.1 puts a resource's metadata: path-aware first, then the root. */
export function protectedResourceMetadataUrls(serverUrl: URL): URL[] {
  const path = serverUrl.pathname.replace(/\/+$/, "");
  const urls = [];
  if (path) urls.push(new URL(`/.well-known/oauth-protected-resource${path}`, serverUrl.origin));
  urls.push(new URL("/.well-known/oauth-protected-resource", serverUrl.origin));
  return urls;
}

/**
 * Where an issuer's metadata may be: RFC 8414 with the path inserted, OpenID Connect with the
 * path inserted, then OpenID Connect with the path appended; without a path, the first two.
 */
export function authorizationServerMetadataUrls(issuer: URL): URL[] {
  const path = issuer.pathname.replace(/\/+$/, "");
  if (!path) {
    return [new URL("/.well-known/oauth-authorization-server", issuer.origin), new URL("/.well-known/openid-configuration", issuer.origin)];
  }
  return [
    new URL(`/.well-known/oauth-authorization-server${path}`, issuer.origin),
    new URL(`/.well-known/openid-configuration${path}`, issuer.origin),
    new URL(`${path}/.well-known/openid-configuration`, issuer.origin),
  ];
}

const MAX_METADATA_BYTES = 256 * 1024;

/** A JSON object from `url`, or undefined when the server has none there (any 4xx or 5xx). */
export async function fetchMetadata(
  url: URL,
  doFetch: Fetch,
  headers: Record<string, string> = {},
): Promise<Record<string, unknown> | undefined> {
  const res = await doFetch(url, { headers: { accept: "application/json", ...headers }, redirect: "follow" });
  if (!res.ok) {
    await res.body?.cancel();
    return undefined;
  }
  const text = await res.text();
  if (text.length > MAX_METADATA_BYTES)
    throw new OAuthError("invalid_metadata", `The metadata at ${url.href} is larger than ${MAX_METADATA_BYTES} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new OAuthError("invalid_metadata", `The metadata at ${url.href} is not JSON`);
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new OAuthError("invalid_metadata", `The metadata at ${url.href} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** The protected resource metadata: from the challenge's `resource_metadata`, else the well-known URLs. */
export async function discoverProtectedResource(
  serverUrl: URL,
  fromChallenge: string | undefined,
  doFetch: Fetch,
  headers?: Record<string, string>,
): Promise<{ metadata: ProtectedResourceMetadata; url: URL } | undefined> {
  const candidates = fromChallenge ? [safeUrl(fromChallenge, serverUrl)] : protectedResourceMetadataUrls(serverUrl);
  for (const url of candidates) {
    if (!url) continue;
    const value = await fetchMetadata(url, doFetch, headers);
    if (!value) continue;
    if (typeof value.resource !== "string") {
      throw new OAuthError("invalid_metadata", `The protected resource metadata at ${url.href} has no "resource"`);
    }
    return { metadata: value as ProtectedResourceMetadata, url };
  }
  return undefined;
}

/** The authorization server's metadata; its `issuer` must be the one it was looked up by (RFC 8414 §3.3). */
export async function discoverAuthorizationServer(
  issuer: string,
  doFetch: Fetch,
  headers?: Record<string, string>,
): Promise<AuthorizationServerMetadata | undefined> {
  const issuerUrl = safeUrl(issuer);
  if (!issuerUrl) throw new OAuthError("invalid_metadata", `The authorization server ${JSON.stringify(issuer)} is not a URL`);
  for (const url of authorizationServerMetadataUrls(issuerUrl)) {
    const value = await fetchMetadata(url, doFetch, headers);
    if (!value) continue;
    if (typeof value.issuer !== "string" || !sameIssuer(value.issuer, issuer)) {
      throw new OAuthError(
        "invalid_metadata",
        `The authorization server metadata at ${url.href} names the issuer ${JSON.stringify(value.issuer)}, not ${issuer}`,
      );
    }
    return value as AuthorizationServerMetadata;
  }
  return undefined;
}

/** Issuers compare as strings (RFC 8414 §3.3), except that a bare origin's trailing slash does not count. */
export function sameIssuer(a: string, b: string): boolean {
  if (a === b) return true;
  const strip = (value: string) => (/^https?:\/\/[^/]+\/$/i.test(value) ? value.slice(0, -1) : value);
  return strip(a) === strip(b);
}

function safeUrl(value: string, base?: URL): URL | undefined {
  try {
    const url = new URL(value, base);
    return url.protocol === "https:" || url.protocol === "http:" ? url : undefined;
  } catch {
    return undefined;
  }
}
