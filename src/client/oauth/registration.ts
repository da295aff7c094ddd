/**
 * Who the client is to an authorization server, in the order the MCP specification prefers:
 * a pre-registered client, a client ID metadata document (its URL is the `client_id`), or
 * dynamic client registration (RFC 7591).
 */
import { OAuthError } from "./errors.ts";
import { jsonObjectOf } from "./json-body.ts";
import type { AuthorizationServerMetadata } from "./metadata.ts";
import type { OAuthClientInformation } from "./token-store.ts";

/** The RFC 7591 §2 fields a client registers with. */
export interface OAuthClientMetadata {
  client_name?: string;
  /** "native" (loopback or app redirects) or "web" (SEP-837). */
  application_type?: "native" | "web";
  client_uri?: string;
  logo_uri?: string;
  software_id?: string;
  software_version?: string;
  redirect_uris?: string[];
  grant_types?: string[];
  response_types?: string[];
  token_endpoint_auth_method?: string;
  scope?: string;
  [key: string]: unknown;
}

export interface RegistrationInput {
  metadata: AuthorizationServerMetadata;
  /** Pre-registered credentials. */
  clientId?: string;
  clientSecret?: string;
  tokenEndpointAuthMethod?: string;
  /** An HTTPS URL serving this client's metadata document. */
  clientMetadataUrl?: string;
  clientMetadata: OAuthClientMetadata;
  fetch: typeof fetch;
}

/** The token endpoint authentication a client with (or without) a secret uses at this server. */
export function chooseAuthMethod(metadata: AuthorizationServerMetadata, hasSecret: boolean): string {
  // RFC 8414 §2: when the server lists none, client_secret_basic is the default.
  const supported = metadata.token_endpoint_auth_methods_supported ?? ["client_secret_basic"];
  if (!hasSecret) return "none";
  if (supported.includes("client_secret_basic")) return "client_secret_basic";
  if (supported.includes("client_secret_post")) return "client_secret_post";
  return supported.includes("none") ? "none" : "client_secret_basic";
}

export async function registerClient(input: RegistrationInput): Promise<OAuthClientInformation> {
  const { metadata } = input;
  if (input.clientId) {
    const hasSecret = input.clientSecret !== undefined;
    return {
      client_id: input.clientId,
      ...(hasSecret ? { client_secret: input.clientSecret } : {}),
      token_endpoint_auth_method: input.tokenEndpointAuthMethod ?? chooseAuthMethod(metadata, hasSecret),
    };
  }
  if (input.clientMetadataUrl && metadata.client_id_metadata_document_supported === true) {
    return { client_id: input.clientMetadataUrl, token_endpoint_auth_method: "none" };
  }
  if (!metadata.registration_endpoint) {
    throw new OAuthError(
      "registration_unavailable",
      `The authorization server ${metadata.issuer} offers neither dynamic client registration nor client ID metadata documents` +
        (input.clientMetadataUrl ? "" : " (give the client a clientMetadataUrl)") +
        "; register a client with it and pass clientId (and clientSecret)",
    );
  }
  const supported = metadata.token_endpoint_auth_methods_supported;
  const requested: OAuthClientMetadata = {
    // A public client by default; a server that takes only secrets gets asked for one.
    token_endpoint_auth_method:
      !supported || supported.includes("none") ? "none" : supported.includes("client_secret_basic") ? "client_secret_basic" : supported[0],
    ...input.clientMetadata,
  };
  const res = await input.fetch(metadata.registration_endpoint, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(requested),
  });
  const value = await jsonObjectOf(res);
  if (!res.ok || !value || typeof value.client_id !== "string") {
    const code = typeof value?.error === "string" ? value.error : "registration_failed";
    const description = typeof value?.error_description === "string" ? `: ${value.error_description}` : "";
    throw new OAuthError(
      code,
      `Dynamic client registration at ${metadata.registration_endpoint} failed (HTTP ${res.status} ${code}${description})`,
      res.status,
    );
  }
  const secret = typeof value.client_secret === "string" ? value.client_secret : undefined;
  const method =
    typeof value.token_endpoint_auth_method === "string"
      ? value.token_endpoint_auth_method
      : secret !== undefined
        ? chooseAuthMethod(metadata, true)
        : (requested.token_endpoint_auth_method ?? "none");
  const client: OAuthClientInformation = { client_id: value.client_id, token_endpoint_auth_method: method };
  if (secret !== undefined) client.client_secret = secret;
  if (typeof value.client_secret_expires_at === "number") client.client_secret_expires_at = value.client_secret_expires_at;
  return client;
}
