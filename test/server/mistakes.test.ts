/**
 * Mistakes in a server's definition are reported at registration, and arguments a tool's
 * schema does not name are treated as that schema says (docs/tools.md).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { McpServer } from "../../src/index.ts";
import { connect } from "../../src/testing/index.ts";

test("a misspelled option key throws at registration, naming it and the nearest valid one", () => {
  const mcp = new McpServer({ name: "typos", version: "1.0.0" });
  assert.throws(
    () => mcp.tool("add", { inptu: { a: z.number() } } as never, () => "x"),
    /tool "add" has an unknown option "inptu"; did you mean "input"\?/,
  );
  assert.throws(
    () => mcp.resource("config://app", { mimetype: "text/plain" } as never, () => "x"),
    /resource "config:\/\/app" has an unknown option "mimetype"; did you mean "mimeType"\?/,
  );
  assert.throws(
    () => mcp.prompt("review", { arg: { code: z.string() } } as never, () => "x"),
    /prompt "review" has an unknown option "arg"; did you mean "args"\?/,
  );
});

test("arguments the schema does not name: dropped by a zod shape, refused by strict schemas, kept by open JSON Schema", async () => {
  const mcp = new McpServer({ name: "extras", version: "1.0.0" });
  const echo = (args: unknown) => JSON.stringify(args);
  mcp.tool("shape", { input: { a: z.number() } }, echo);
  mcp.tool("strict", { input: z.object({ a: z.number() }).strict() }, echo);
  mcp.tool("closed", { input: { type: "object", properties: { a: { type: "number" } }, additionalProperties: false } }, echo);
  mcp.tool("open", { input: { type: "object", properties: { a: { type: "number" } } } }, echo);
  const client = await connect(mcp);
  try {
    const call = async (name: string) => {
      const result = await client.callTool(name, { a: 1, extra: 2 });
      return { isError: result.isError === true, text: (result.content[0] as { text: string }).text };
    };
    assert.deepEqual(await call("shape"), { isError: false, text: '{"a":1}' });
    for (const name of ["strict", "closed"]) {
      const refused = await call(name);
      assert.equal(refused.isError, true);
      assert.match(refused.text, /Invalid arguments.*extra/);
    }
    assert.deepEqual(await call("open"), { isError: false, text: '{"a":1,"extra":2}' });
  } finally {
    await client.close();
  }
});
