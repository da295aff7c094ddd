import { invalidParams } from "../protocol/errors.ts";

/** One page of a list and the opaque cursor of the next, if any. */
export function paginate<T>(
  items: readonly T[],
  cursor: unknown,
  pageSize: number | undefined,
): { page: readonly T[]; nextCursor?: string } {
  let start = 0;
  if (cursor !== undefined) {
    start = decodeCursor(cursor);
    if (start > items.length) throw invalidParams("Invalid cursor: it points past the end of the list", { cursor });
  }
  if (!pageSize || (start === 0 && items.length <= pageSize)) return { page: items };
  const end = start + pageSize;
  const page = items.slice(start, end);
  return end < items.length ? { page, nextCursor: encodeCursor(end) } : { page };
}

const encodeCursor = (offset: number) => Buffer.from(`o:${offset}`).toString("base64url");

function decodeCursor(cursor: unknown): number {
  if (typeof cursor !== "string") throw invalidParams("Invalid cursor: expected a string", { cursor });
  const match = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, "base64url").toString());
  if (!match) throw invalidParams("Invalid cursor: not one this server issued", { cursor });
  return Number(match[1]);
}
