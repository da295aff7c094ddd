/**
 * Requests to the token endpoint (RFC 6749 §4.1.3, §4.4, §6): the authorization code with
 * its PKCE verifier, a refresh, and client credentials, each with the resource (RFC 8707)
 * and the client authentication method the registration settled on.
 */
import { OAuthError } from "./errors.ts";
import { jsonObjectOf } from "./json-body.ts";
import type { OAuthClientInformation, OAuthTokens } from "./token-store.ts";

export type TokenGrant =
  | { grant_type: "authorization_code"; code: string; code_verifier: string; redirect_uri: string }
  | { grant_type: "refresh_token"; refresh_token: string }
  | { grant_type: "client_credentials" };

export interface TokenRequest {
  endpoint: string;
  client: OAuthClientInformation;
  grant: TokenGrant;
  resource?: string;
  scope?: string;
  fetch: typeof fetch;
}

/** client_secret_basic encodes id and secret as form values first (RFC 6749 §2.3.1). */
const formEncode = (value: string) => encodeURIComponent(value).replace(/%20/g, "+");

export async function requestToken({ endpoint, client, grant, resource, scope, fetch: doFetch }: TokenRequest): Promise<OAuthTokens> {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(grant)) body.set(name, value);
  if (resource) body.set("resource", resource);
  if (scope) body.set("scope", scope);
  const headers: Record<string, string> = {
    "content-type": "application/x-www-form-urlencoded",
    accept: "application/json",
  };
  const method = client.token_endpoint_auth_method ?? (client.client_secret ? "client_secret_basic" : "none");
  if (method === "client_secret_basic" && client.client_secret !== undefined) {
    headers.authorization = `Basic ${btoa(`${formEncode(client.client_id)}:${formEncode(client.client_secret)}`)}`;
  } else {
    body.set("client_id", client.client_id);
    if (method === "client_secret_post" && client.client_secret !== undefined) body.set("client_secret", client.client_secret);
  }

  const res = await doFetch(endpoint, { method: "POST", headers, body: body.toString() });
  const value = await jsonObjectOf(res);
  if (!res.ok) {
    const code = typeof value?.error === "string" ? value.error : "server_error";
    const description = typeof value?.error_description === "string" ? `: ${value.error_description}` : "";
    throw new OAuthError(
      code,
      `The token endpoint ${endpoint} refused the ${grant.grant_type} grant (HTTP ${res.status} ${code}${description})`,
      res.status,
    );
  }
  if (!value || typeof value.access_token !== "string" || typeof value.token_type !== "string") {
    throw new OAuthError("invalid_token_response", `The token endpoint ${endpoint} answered without an access_token and token_type`);
  }
  if (value.token_type.toLowerCase() !== "bearer") {
    throw new OAuthError(
      "invalid_token_response",
      `The token endpoint ${endpoint} issued a ${value.token_type} token; mcpkit sends Bearer tokens`,
    );
  }
  const tokens: OAuthTokens = { access_token: value.access_token, token_type: "Bearer" };
  if (typeof value.refresh_token === "string") tokens.refresh_token = value.refresh_token;
  if (typeof value.scope === "string") tokens.scope = value.scope;
  if (typeof value.expires_in === "number" && Number.isFinite(value.expires_in)) tokens.expires_at = Date.now() + value.expires_in * 1000;
  return tokens;
}
