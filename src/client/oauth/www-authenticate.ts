/**
 * Reading `WWW-Authenticate` (RFC 9110 §11.6.1) on the client: the Bearer challenge's
 * `resource_metadata` (RFC 9728 §5.1), `scope` and `error` (RFC 6750 §3). Hostile input
 * never throws; what cannot be read is left out.
 */

export interface BearerChallenge {
  resourceMetadata?: string;
  scope?: string;
  error?: string;
  errorDescription?: string;
}

// One auth-param: name = token / quoted-string (with backslash escapes).
const PARAM = /([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]+))/y;
const SCHEME = /([A-Za-z0-9!#$%&'*+.^_`|~-]+)(?=\s|,|$)/y;

/** The parameters of the Bearer challenge among those of `header`, or undefined when it has none. */
export function parseBearerChallenge(header: string | null | undefined): BearerChallenge | undefined {
  if (!header || header.length > 16_384) return undefined;
  let scheme: string | undefined;
  let bearer: Record<string, string> | undefined;
  let at = 0;
  while (at < header.length) {
    const skip = /[\s,]*/y;
    skip.lastIndex = at;
    skip.exec(header);
    at = skip.lastIndex;
    if (at >= header.length) break;
    PARAM.lastIndex = at;
    const param = PARAM.exec(header);
    if (param && scheme !== undefined) {
      if (scheme === "bearer") {
        const value = param[2] !== undefined ? param[2].replace(/\\(.)/g, "$1") : param[3];
        const name = param[1].toLowerCase();
        if (!(name in bearer!)) bearer![name] = value;
      }
      at = PARAM.lastIndex;
      continue;
    }
    SCHEME.lastIndex = at;
    const next = SCHEME.exec(header);
    if (!next) break; // unreadable from here on
    scheme = next[1].toLowerCase();
    if (scheme === "bearer") {
      if (bearer) break; // a second Bearer challenge: keep the first
      bearer = Object.create(null) as Record<string, string>;
    }
    at = SCHEME.lastIndex;
    // token68 after a scheme (e.g. `Basic abc=`): skip it
    const token68 = /\s+[A-Za-z0-9\-._~+/]+=*(?=\s*(,|$))/y;
    token68.lastIndex = at;
    if (token68.exec(header)) at = token68.lastIndex;
  }
  if (!bearer) return undefined;
  const out: BearerChallenge = {};
  if (bearer.resource_metadata) out.resourceMetadata = bearer.resource_metadata;
  if (bearer.scope !== undefined) out.scope = bearer.scope;
  if (bearer.error) out.error = bearer.error;
  if (bearer.error_description) out.errorDescription = bearer.error_description;
  return out;
}
