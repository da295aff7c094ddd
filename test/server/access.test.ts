/**
 * Permissions where components are defined: `scopes` and `allow` on tools, resources,
 * templates and prompts. What a caller may not use is hidden from lists and refused on use
 * (missing scopes with the step-up error, -32003 and data.requiredScopes), on both eras.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { McpServer, type AuthInfo } from "../../src/index.ts";
import { connect } from "../../src/testing/index.ts";

const eras = ["modern", "legacy"] as const;
const caller = (scopes: string[], extra: Partial<AuthInfo> = {}): AuthInfo => ({ token: "t", subject: "ada", scopes, ...extra });

function server(options: { listUnauthorized?: boolean } = {}) {
  const mcp = new McpServer({ name: "scoped", version: "1", ...options });
  mcp.tool("read_file", { scopes: ["files:read"] }, () => "contents");
  mcp.tool("delete_file", { scopes: ["files:read", "files:write"] }, () => "deleted");
  mcp.tool("admin_only", { allow: (auth) => auth?.claims?.role === "admin" }, () => "admin");
  mcp.tool("ping", () => "pong");
  mcp.resource("secret://plans", { scopes: ["plans"] }, () => "the plans");
  mcp.resource("public://about", () => "about");
  mcp.resource("secret://plans/{id}", { scopes: ["plans"], complete: { id: () => ["1", "2"] } }, ({ id }) => `plan ${id}`);
  mcp.prompt("audit", { scopes: ["audit"], args: { topic: z.string() } }, ({ topic }) => `Audit ${topic}`);
  return mcp;
}

for (const era of eras) {
  test(`${era}: without the scopes a component is hidden and refused with the step-up error`, async () => {
    const client = await connect(server(), { era, auth: caller(["files:read"]) });
    try {
      assert.deepEqual(
        (await client.listAllTools()).map((t) => t.name),
        ["read_file", "ping"],
      );
      assert.deepEqual(
        (await client.listAllResources()).map((r) => r.uri),
        ["public://about"],
      );
      assert.deepEqual(await client.listAllResourceTemplates(), []);
      assert.deepEqual(await client.listAllPrompts(), []);
      assert.equal((await client.callTool("read_file")).content[0].type, "text");
      await assert.rejects(client.callTool("delete_file"), (error: { code: number; message: string; data: unknown }) => {
        assert.equal(error.code, -32003);
        assert.match(error.message, /needs the scope files:write/);
        assert.deepEqual(error.data, { requiredScopes: ["files:read", "files:write"] });
        return true;
      });
      await assert.rejects(client.readResource("secret://plans"), { code: -32003 });
      await assert.rejects(client.readResource("secret://plans/7"), { code: -32003 });
      await assert.rejects(client.getPrompt("audit", { topic: "x" }), { code: -32003 });
      await assert.rejects(client.complete({ type: "ref/resource", uri: "secret://plans/{id}" }, { name: "id", value: "" }), {
        code: -32003,
      });
      await assert.rejects(
        client.callTool("admin_only"),
        (error: { code: number; data?: unknown }) => error.code === -32003 && error.data === undefined,
      );
    } finally {
      await client.close();
    }
  });

  test(`${era}: with the scopes (and a rule that says yes) everything is listed and works`, async () => {
    const client = await connect(server(), {
      era,
      auth: caller(["files:read", "files:write", "plans", "audit"], { claims: { role: "admin" } }),
    });
    try {
      assert.deepEqual(
        (await client.listAllTools()).map((t) => t.name),
        ["read_file", "delete_file", "admin_only", "ping"],
      );
      assert.equal(((await client.callTool("delete_file")).content[0] as { text: string }).text, "deleted");
      assert.equal(((await client.callTool("admin_only")).content[0] as { text: string }).text, "admin");
      assert.equal(((await client.readResource("secret://plans/7")).contents[0] as { text: string }).text, "plan 7");
      assert.equal((await client.listAllPrompts()).length, 1);
    } finally {
      await client.close();
    }
  });
}

test("with no caller at all (stdio, an unprotected endpoint) a scoped component is closed", async () => {
  const client = await connect(server(), { era: "modern" });
  try {
    assert.deepEqual(
      (await client.listAllTools()).map((t) => t.name),
      ["ping"],
    );
    await assert.rejects(client.callTool("read_file"), { code: -32003 });
  } finally {
    await client.close();
  }
});

test("listUnauthorized lists everything and still refuses its use", async () => {
  const client = await connect(server({ listUnauthorized: true }), { era: "modern", auth: caller([]) });
  try {
    assert.equal((await client.listAllTools()).length, 4);
    await assert.rejects(client.callTool("read_file"), { code: -32003 });
  } finally {
    await client.close();
  }
});

test("registration refuses scopes that cannot be sent in a challenge, and a rule that throws denies", async () => {
  const mcp = new McpServer({ name: "bad", version: "1" });
  assert.throws(() => mcp.tool("a", { scopes: ["two words"] }, () => ""), /invalid scope "two words"/);
  assert.throws(() => mcp.tool("b", { scopes: ['quo"te'] }, () => ""), /invalid scope/);
  assert.throws(() => mcp.tool("c", { scopes: "files" as never }, () => ""), /not an array/);
  assert.throws(() => mcp.tool("d", { scpoes: ["x"] } as never, () => ""), /did you mean "scopes"/);
  mcp.tool(
    "thrower",
    {
      allow: () => {
        throw new Error("rule broke");
      },
    },
    () => "never",
  );
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.message);
  process.on("warning", onWarning);
  const client = await connect(mcp, { era: "legacy", auth: caller(["x"]) });
  try {
    await assert.rejects(client.callTool("thrower"), { code: -32003 });
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(warnings.some((w) => /rule broke/.test(w)));
  } finally {
    process.off("warning", onWarning);
    await client.close();
  }
});

test("a list that depends on the caller's scopes is never marked for a shared cache", async () => {
  const shared = { cache: { ttlMs: 60_000, cacheScope: "public" as const } };
  const open = new McpServer({ name: "open", version: "1", ...shared });
  open.tool("ping", () => "pong");
  const guarded = new McpServer({ name: "guarded", version: "1", ...shared });
  guarded.tool("ping", () => "pong");
  guarded.tool("secret", { scopes: ["s"] }, () => "s");
  for (const [mcp, scope] of [
    [open, "public"],
    [guarded, "private"],
  ] as const) {
    const client = await connect(mcp, { era: "modern", auth: caller([]) });
    try {
      const result = (await client.listTools()) as { cacheScope?: string; ttlMs?: number };
      assert.equal(result.cacheScope, scope, mcp.info.name);
      assert.equal(result.ttlMs, 60_000);
    } finally {
      await client.close();
    }
  }
});
