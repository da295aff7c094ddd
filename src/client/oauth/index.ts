/** OAuth 2.1 for the MCP client: the authorizer, its token stores, and the errors it throws. */
export { OAuthClient } from "./oauth-client.ts";
export type { AuthorizeContext, OAuthClientOptions } from "./oauth-client.ts";
export { OAuthError } from "./errors.ts";
export { MemoryTokenStore } from "./token-store.ts";
export type { OAuthClientInformation, OAuthTokens, StoredAuthorization, TokenStore } from "./token-store.ts";
export { FileTokenStore, defaultTokenFile } from "./file-token-store.ts";
export type { OAuthClientMetadata } from "./registration.ts";
export type { AuthorizationServerMetadata, ProtectedResourceMetadata } from "./metadata.ts";
