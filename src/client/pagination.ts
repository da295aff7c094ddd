import { ErrorCode, McpError } from "../protocol/errors.ts";
import type { Result } from "./rpc.ts";

/** Every item of a paginated list method, following `nextCursor` until the server stops giving one. */
export async function collectPages(method: string, key: string, fetchPage: (params: Result) => Promise<Result>): Promise<unknown[]> {
  const items: unknown[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor === undefined ? {} : { cursor });
    const list = page[key];
    if (Array.isArray(list)) items.push(...list);
    cursor = typeof page.nextCursor === "string" ? page.nextCursor : undefined;
    // A server that hands out the same cursor twice would otherwise keep us here for ever.
    if (cursor !== undefined && seen.has(cursor))
      throw new McpError(ErrorCode.InternalError, `${method} returned the cursor ${cursor} twice`);
    if (cursor !== undefined) seen.add(cursor);
  } while (cursor !== undefined);
  return items;
}
