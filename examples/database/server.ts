/**
 * Database: an embedded SQLite database opened in the lifespan (seeded with `users` and
 * `products` when new) and closed on shutdown, with a parameterised search tool, a
 * read-only query tool, and the `database://{table}/{id}` resource.
 *
 *   npm run mcpkit -- run examples/database/server.ts
 *   DATABASE_PATH=./example.sqlite node --conditions=mcpkit-source --import tsx examples/database/server.ts
 */
import { pathToFileURL } from "node:url";
import { ErrorCode, McpError, McpServer, ResourceNotFoundError, ToolError, type Context } from "mcpkit";
import { z } from "zod";
import { openDatabase, ReadOnlyViolation, SORT_ORDERS, type ExampleDatabase } from "./database.ts";

export { openDatabase, type ExampleDatabase, type OpenDatabaseOptions } from "./database.ts";

export interface DatabaseExampleOptions {
  /** Most rows `search_database` returns per page (larger limits are capped to it); default 50. */
  maxLimit?: number;
  /** Most rows `query_db` returns; default 200. */
  maxRows?: number;
}

/**
 * Adds `search_database`, `query_db`, `database://tables` and `database://{table}/{id}`.
 *
 * The handlers read the database from the lifespan state as `ctx.state.db` (the guide's
 * `lifespan_context["db"]`), so the server's lifespan owns opening and closing it: its
 * state type must have `db`. A server composing several examples uses `databaseLifespan`
 * below (or its own lifespan that opens it with `openDatabase()`), as the showcase does.
 */
export function registerDatabase<S extends { db: ExampleDatabase }>(mcp: McpServer<S>, options: DatabaseExampleOptions = {}): void {
  const maxLimit = options.maxLimit ?? 50;
  const maxRows = options.maxRows ?? 200;

  mcp.tool(
    "search_database",
    {
      description: "Search the users and products tables for records matching the query (name, email, description, role, category).",
      input: {
        query: z.string().trim().min(1).max(200).describe("The search query string"),
        limit: z.number().int().min(1).default(10).describe(`Maximum number of results to return (at most ${maxLimit})`),
        offset: z.number().int().min(0).default(0).describe("Number of results to skip"),
        sort_by: z.enum(SORT_ORDERS).default("relevance").describe("Order: best match first, by name, or newest first"),
      },
      annotations: { readOnlyHint: true },
    },
    ({ query, limit, offset, sort_by }, ctx) => {
      const capped = Math.min(limit, maxLimit);
      const { total, hits } = ctx.state.db.search(query, capped, offset, sort_by);
      return {
        query,
        total,
        limit: capped,
        offset,
        sort_by,
        results: hits.map((hit) => ({ ...hit, uri: `database://${hit.table}/${hit.id}` })),
      };
    },
  );

  mcp.tool(
    "query_db",
    {
      description:
        "Run one read-only SQL query (SELECT or WITH ... SELECT) against the database. Writes, PRAGMA and ATTACH are refused. See database://tables for the schema.",
      input: { sql: z.string().min(1).max(10_000).describe("A single SELECT statement") },
      annotations: { readOnlyHint: true },
    },
    ({ sql }, ctx) => {
      try {
        const { columns, rows, truncated } = ctx.state.db.query(sql, maxRows);
        return { columns, rows, row_count: rows.length, truncated };
      } catch (error) {
        if (error instanceof ReadOnlyViolation) throw new ToolError(`Refused: ${error.message}`);
        throw new ToolError(`SQL error: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  );

  mcp.resource(
    "database://tables",
    {
      description: "The database's tables with their columns and row counts",
      mimeType: "application/json",
    },
    (_vars, ctx) => ({ tables: ctx.state.db.describe() }),
  );

  mcp.resource(
    "database://{table}/{id}",
    {
      name: "get_database_record",
      description: "One record by table and id, as JSON (tables: see database://tables)",
      mimeType: "application/json",
    },
    ({ table, id }, ctx) => {
      const db = ctx.state.db;
      const tables = db.tables();
      if (!tables.includes(table)) throw notFound(ctx, `Unknown table "${table}"; tables: ${tables.join(", ")}`);
      if (!/^[1-9]\d{0,15}$/.test(id)) throw new McpError(ErrorCode.InvalidParams, `Invalid id "${id}": expected a positive integer`);
      const record = db.record(table, Number(id));
      if (!record) throw notFound(ctx, `No record with id ${id} in table "${table}"`);
      return JSON.stringify(record, null, 2);
    },
  );
}

/** Resource-not-found: mcpkit answers with the code of the client's era (modern -32602, legacy -32002). */
function notFound<S>(ctx: Context<S>, message: string): ResourceNotFoundError {
  return new ResourceNotFoundError(ctx.uri, message);
}

/** The lifespan: opens (and seeds, when new) the database before serving, closes it after. */
export async function* databaseLifespan(): AsyncGenerator<{ db: ExampleDatabase }, void, void> {
  const db = await openDatabase({ path: process.env.DATABASE_PATH || undefined });
  try {
    yield { db };
  } finally {
    await db.close();
  }
}

export const mcp = new McpServer({
  name: "database",
  version: "0.1.0",
  instructions:
    "A sample SQLite database of users and products. Read database://tables for the schema, search with search_database, and run read-only SQL with query_db.",
  lifespan: databaseLifespan,
});
registerDatabase(mcp);

// Serve when run directly; stay importable for tests and the showcase.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await mcp.run();
