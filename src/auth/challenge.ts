/**
 * `WWW-Authenticate: Bearer ...` challenges (RFC 6750 §3, RFC 9728 §5.1): what a client
 * reads to find the authorization server (`resource_metadata`) and the scopes to ask for.
 */
import { HttpError } from "../protocol/errors.ts";

export interface Challenge {
  resourceMetadata: string;
  scopes?: readonly string[];
  error?: "invalid_request" | "invalid_token" | "insufficient_scope";
  description?: string;
}

/** A quoted-string of RFC 9110: backslash and double quote escaped, control characters dropped. */
const quoted = (value: string) => `"${value.replace(/\p{Cc}/gu, " ").replace(/["\\]/g, "\\$&")}"`;

export function challengeHeader(challenge: Challenge): string {
  const params = [];
  if (challenge.error) params.push(`error=${quoted(challenge.error)}`);
  if (challenge.description) params.push(`error_description=${quoted(challenge.description)}`);
  if (challenge.scopes?.length) params.push(`scope=${quoted(challenge.scopes.join(" "))}`);
  params.push(`resource_metadata=${quoted(challenge.resourceMetadata)}`);
  return `Bearer ${params.join(", ")}`;
}

/** The refusal `authenticate` throws: 401 for a missing or bad token, 403 for missing scopes. */
export function refusal(challenge: Challenge, message: string): HttpError {
  const status = challenge.error === "insufficient_scope" ? 403 : 401;
  return new HttpError(status, message, { headers: { "www-authenticate": challengeHeader(challenge) } });
}
