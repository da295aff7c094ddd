/** Resource identifiers (RFC 8707 §2): the canonical URI of an MCP server, and which URLs a resource covers. */

/** Scheme and host in lower case, no fragment or query, no trailing slash on the path. */
export function canonicalResource(url: URL): string {
  // URL has already put the scheme and host in lower case.
  const path = url.pathname === "/" ? "" : url.pathname.replace(/\/+$/, "");
  return `${url.protocol}//${url.host}${path}`;
}

/** Whether the metadata's `resource` is this server or a parent of it on the same origin. */
export function resourceCovers(resource: string, url: URL): boolean {
  let declared: URL;
  try {
    declared = new URL(resource);
  } catch {
    return false;
  }
  if (declared.origin !== url.origin) return false;
  const parent = declared.pathname.replace(/\/+$/, "");
  const path = url.pathname.replace(/\/+$/, "");
  return path === parent || path.startsWith(`${parent}/`);
}
