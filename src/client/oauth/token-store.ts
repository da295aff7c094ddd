/**
 * Where the client keeps what it obtained from an authorization server, per protected
 * resource: the tokens, the client registration, and which server issued them. In memory by
 * default; `FileTokenStore` (mcpkit/client) keeps them on disk for the CLI.
 */

export interface OAuthTokens {
  access_token: string;
  token_type: string;
  refresh_token?: string;
  scope?: string;
  /** Milliseconds since the epoch, from `expires_in` when the token was issued. */
  expires_at?: number;
}

/** A client registration: pre-registered, dynamic (RFC 7591), or a metadata document URL. */
export interface OAuthClientInformation {
  client_id: string;
  client_secret?: string;
  client_secret_expires_at?: number;
  /** How this client authenticates at the token endpoint. */
  token_endpoint_auth_method?: string;
}

export interface StoredAuthorization {
  /** The issuer of the authorization server these came from. */
  issuer?: string;
  client?: OAuthClientInformation;
  tokens?: OAuthTokens;
}

export interface TokenStore {
  get(resource: string): StoredAuthorization | undefined | Promise<StoredAuthorization | undefined>;
  set(resource: string, value: StoredAuthorization): void | Promise<void>;
  delete(resource: string): void | Promise<void>;
}

export class MemoryTokenStore implements TokenStore {
  private readonly entries = new Map<string, StoredAuthorization>();
  get(resource: string): StoredAuthorization | undefined {
    const entry = this.entries.get(resource);
    return entry && structuredClone(entry);
  }
  set(resource: string, value: StoredAuthorization): void {
    this.entries.set(resource, structuredClone(value));
  }
  delete(resource: string): void {
    this.entries.delete(resource);
  }
}
