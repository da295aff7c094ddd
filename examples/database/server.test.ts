import { after, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ErrorCode, McpError, McpServer } from "mcpkit";
import { Client, StdioClientTransport } from "mcpkit/client";
import { connect } from "mcpkit/testing";
import { mcp, openDatabase, registerDatabase, type ExampleDatabase } from "./server.ts";

const textOf = (block: { type: string } | undefined) => (block as { text?: string } | undefined)?.text;
const contentText = (contents: object[]) => (contents[0] as { text?: string } | undefined)?.text ?? "";
type Search = { total: number; limit: number; results: { table: string; id: number; name: string; uri: string }[] };

after(() => mcp.close());

for (const era of ["modern", "legacy"] as const) {
  test(`search_database ranks, sorts and pages with parameters (${era})`, async () => {
    const client = await connect(mcp, { era });
    try {
      const search = async (args: Record<string, unknown>) => {
        const result = await client.callTool("search_database", args);
        assert.equal(result.isError, undefined, textOf(result.content[0]));
        return result.structuredContent as Search;
      };
      const keyboard = await search({ query: "keyboard" });
      assert.equal(keyboard.total, 2);
      assert.deepEqual(
        keyboard.results.map((r) => r.name),
        ["Keyboard Wrist Rest", "Mechanical Keyboard"],
      );
      assert.equal(keyboard.results[0].uri, "database://products/7");

      // Every user's email matches: page through them by name.
      const first = await search({ query: "example.com", limit: 3, sort_by: "name" });
      const second = await search({ query: "example.com", limit: 3, offset: 3, sort_by: "name" });
      assert.equal(first.total, 8);
      assert.deepEqual(
        first.results.map((r) => r.name),
        ["Ada Lovelace", "Alan Turing", "Barbara Liskov"],
      );
      assert.deepEqual(
        second.results.map((r) => r.name),
        ["Dennis Ritchie", "Grace Hopper", "Katherine Johnson"],
      );
      assert.deepEqual(
        (await search({ query: "desk", sort_by: "newest" })).results.map((r) => r.name),
        ["Desk Lamp", "Standing Desk"],
      );

      assert.equal((await search({ query: "example.com", limit: 1000 })).limit, 50);
      // The query is a bound parameter and LIKE wildcards in it are literal.
      assert.equal((await search({ query: "'; DROP TABLE users; --" })).total, 0);
      assert.equal((await search({ query: "%" })).total, 0);
      const tables = await client.readResource("database://tables");
      assert.match(contentText(tables.contents), /"name":"users".*"rows":8/);

      const badSort = await client.callTool("search_database", { query: "desk", sort_by: "price; DROP TABLE users" });
      assert.equal(badSort.isError, true);
      assert.match(textOf(badSort.content[0]) ?? "", /sort_by/);
    } finally {
      await client.close();
    }
  });

  test(`database resources: tables, records and clear errors (${era})`, async () => {
    const client = await connect(mcp, { era });
    try {
      const tables = JSON.parse(contentText((await client.readResource("database://tables")).contents)) as {
        tables: { name: string; rows: number }[];
      };
      assert.deepEqual(
        tables.tables.map((t) => [t.name, t.rows]),
        [
          ["products", 10],
          ["users", 8],
        ],
      );

      const ada = await client.readResource("database://users/1");
      assert.equal(ada.contents[0].mimeType, "application/json");
      assert.deepEqual(JSON.parse(contentText(ada.contents)), {
        id: 1,
        name: "Ada Lovelace",
        email: "ada@example.com",
        role: "admin",
        created_at: "2024-01-10",
      });

      const notFound = era === "modern" ? ErrorCode.InvalidParams : ErrorCode.LegacyResourceNotFound;
      const fails = (uri: string, code: number, message: RegExp) =>
        assert.rejects(
          client.readResource(uri),
          (error: unknown) => error instanceof McpError && error.code === code && message.test(error.message),
        );
      await fails("database://orders/1", notFound, /^Unknown table "orders"; tables: products, users$/);
      await fails("database://sqlite_master/1", notFound, /^Unknown table "sqlite_master"/);
      await fails("database://users/99", notFound, /^No record with id 99 in table "users"$/);
      await fails("database://users/1%20OR%201=1", ErrorCode.InvalidParams, /^Invalid id "1 OR 1=1"/);
    } finally {
      await client.close();
    }
  });

  test(`query_db runs one read-only query and refuses writes (${era})`, async () => {
    const client = await connect(mcp, { era });
    try {
      const rows = async (sql: string) => {
        const result = await client.callTool("query_db", { sql });
        assert.equal(result.isError, undefined, textOf(result.content[0]));
        return (result.structuredContent as { rows: Record<string, unknown>[] }).rows;
      };
      assert.deepEqual(await rows("SELECT name, price FROM products WHERE price > 100 ORDER BY price DESC"), [
        { name: "Standing Desk", price: 499 },
        { name: "Noise-Cancelling Headphones", price: 299 },
        { name: "Mechanical Keyboard", price: 129 },
      ]);
      assert.deepEqual(
        await rows("-- admins\nWITH admins AS (SELECT name FROM users WHERE role = 'admin') SELECT count(*) AS n FROM admins;"),
        [{ n: 2 }],
      );
      assert.deepEqual(await rows("select count(*) as n from pragma_table_info('users')"), [{ n: 5 }]);

      const snapshot = async () => [
        await rows("SELECT * FROM users ORDER BY id"),
        await rows("SELECT * FROM products ORDER BY id"),
        await rows("SELECT type, name, sql FROM sqlite_master ORDER BY name"),
      ];
      const before = await snapshot();
      const writes = [
        "INSERT INTO users (name, email, role, created_at) VALUES ('Eve', 'eve@example.com', 'admin', '2025-01-01')",
        "UPDATE products SET price = 0",
        "DELETE FROM users",
        "DROP TABLE products",
        "CREATE TABLE notes (id INTEGER PRIMARY KEY)",
        "REPLACE INTO users (id, name, email, role, created_at) VALUES (1, 'X', 'x@example.com', 'x', 'x')",
        "PRAGMA user_version = 7",
        "PRAGMA table_info(users)",
        "ATTACH DATABASE ':memory:' AS other",
        "VACUUM",
        "BEGIN",
        "SELECT 1; DELETE FROM users",
        "SELECT * FROM users; DROP TABLE users",
        "/* looks harmless */ delete from users",
        "WITH doomed AS (SELECT id FROM users) DELETE FROM users WHERE id IN (SELECT id FROM doomed)",
        "WITH x AS (SELECT 1) INSERT INTO products (name, description, category, price, created_at) SELECT 'a', 'b', 'c', 1, 'd' FROM x",
        "   ",
      ];
      for (const sql of writes) {
        const result = await client.callTool("query_db", { sql });
        assert.equal(result.isError, true, `not refused: ${sql}`);
        assert.match(textOf(result.content[0]) ?? "", /^Refused: /, sql);
      }
      // WITH ... DELETE passes the keyword check: the compiled program is what refuses it.
      const disguised = await client.callTool("query_db", { sql: writes[14] });
      assert.equal(textOf(disguised.content[0]), "Refused: The query would change the database; only read-only queries are allowed");
      assert.deepEqual(await snapshot(), before);

      const typo = await client.callTool("query_db", { sql: "SELECT * FROM nowhere" });
      assert.equal(typo.isError, true);
      assert.equal(textOf(typo.content[0]), "SQL error: no such table: nowhere");
    } finally {
      await client.close();
    }
  });
}

test("the lifespan opens the database, and mcp.close() saves and closes it", async () => {
  const dir = mkdtempSync(join(tmpdir(), "mcpkit-database-"));
  try {
    const path = join(dir, "example.sqlite");
    let opened: ExampleDatabase | undefined;
    let closes = 0;
    const server = new McpServer({
      name: "database-test",
      version: "0.0.0",
      lifespan: async function* () {
        const db = await openDatabase({ path });
        opened = db;
        try {
          yield { db };
        } finally {
          closes++;
          await db.close();
        }
      },
    });
    registerDatabase(server);
    const client = await connect(server);
    const hit = await client.callTool("search_database", { query: "grace" });
    assert.equal((hit.structuredContent as Search).results[0]?.name, "Grace Hopper");
    assert.equal(opened?.closed, false);
    assert.equal(existsSync(path), false);

    await client.close();
    await server.close();
    assert.equal(closes, 1);
    assert.equal(opened?.closed, true);
    assert.equal(existsSync(path), true);

    // The saved file is loaded (not re-seeded) next time.
    const again = await openDatabase({ path });
    try {
      assert.deepEqual(again.tables(), ["products", "users"]);
      assert.equal(again.record("users", 3)?.name, "Grace Hopper");
    } finally {
      await again.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the example runs over stdio", async () => {
  const client = new Client({ name: "database-test", version: "0.0.0" });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: ["--conditions=mcpkit-source", "--import", "tsx", "examples/database/server.ts"],
      env: { DATABASE_PATH: "" },
    }),
  );
  try {
    const search = await client.callTool("search_database", { query: "lamp" });
    assert.equal((search.structuredContent as Search).results[0]?.uri, "database://products/5");
    const lamp = await client.readResource("database://products/5");
    assert.equal((JSON.parse(contentText(lamp.contents)) as { name: string }).name, "Desk Lamp");
    const refused = await client.callTool("query_db", { sql: "DROP TABLE products" });
    assert.equal(refused.isError, true);
    assert.equal((await client.readResource("database://products/5")).contents.length, 1);
  } finally {
    await client.close();
  }
});
