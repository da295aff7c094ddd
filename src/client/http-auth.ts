/**
 * The seam between the HTTP client transport and whatever supplies its credentials: the
 * OAuth client of mcpkit/client, or a user's own. The transport asks for the Authorization
 * header of each request and, when the server refuses one (401, or 403 for missing scopes),
 * lets the authorizer obtain new credentials and says whether to send the request again.
 */

export interface HttpAuthorizer {
  /** The `Authorization` header value for a request to `url`, or undefined to send none. */
  authorization(url: URL): string | undefined | Promise<string | undefined>;
  /**
   * The server answered `response` (401 or 403) to a request to `url`. Resolve true once new
   * credentials are in place and the request should be retried; false to give up with the
   * server's answer. Throwing fails the request with that error. `attempt` counts the times
   * this request was already sent again after a challenge, so that an authorizer can stop.
   */
  challenge(response: Response, url: URL, attempt: number): Promise<boolean>;
}
