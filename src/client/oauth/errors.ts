/** What the OAuth client throws: an OAuth error code (RFC 6749 §5.2, or mcpkit's own) and why. */
export class OAuthError extends Error {
  override readonly name = "OAuthError";
  constructor(
    /** `invalid_grant`, `access_denied`, ... from the server, or `invalid_metadata`, `step_up_limit`, ... from the client. */
    readonly code: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
