/**
 * `mcpkit/auth`: the MCP server as an OAuth 2.1 resource server. Loaded only when imported;
 * JWT checks use the `jose` package (an optional peer dependency).
 */
export { bearerAuth } from "./bearer.ts";
export type { BearerAuth, BearerAuthOptions } from "./bearer.ts";
export { jwtVerifier } from "./jwt.ts";
export type { JwtVerifierOptions } from "./jwt.ts";
export { introspectionVerifier } from "./introspection.ts";
export type { IntrospectionVerifierOptions } from "./introspection.ts";
export { InvalidTokenError, VerifierUnavailableError } from "./verifier.ts";
export type { TokenVerifier } from "./verifier.ts";
export { challengeHeader } from "./challenge.ts";
export type { Challenge } from "./challenge.ts";
export { discover } from "./discovery.ts";
export type { AuthorizationServerMetadata } from "./discovery.ts";
