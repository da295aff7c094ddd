/** zod 4, valibot and arktype as tool inputs: one object schema, or a shape of fields. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import * as v from "valibot";
import { toStandardJsonSchema } from "@valibot/to-json-schema";
import { type } from "arktype";
import { McpServer } from "../../src/index.ts";
import { connect } from "../../src/testing/index.ts";

const textOf = (block: unknown) => (block as { text?: string }).text;

function serverWith(register: (mcp: McpServer) => void) {
  const mcp = new McpServer({ name: "libs", version: "1" });
  register(mcp);
  return mcp;
}

const cases: [string, (mcp: McpServer) => void][] = [
  [
    "zod shape",
    (mcp) =>
      mcp.tool("greet", { input: { name: z.string(), times: z.number().int().default(2) } }, ({ name, times }) => `${name}x${times}`),
  ],
  [
    "zod object",
    (mcp) =>
      mcp.tool(
        "greet",
        { input: z.object({ name: z.string(), times: z.number().int().default(2) }) },
        ({ name, times }) => `${name}x${times}`,
      ),
  ],
  [
    "valibot shape",
    (mcp) =>
      mcp.tool(
        "greet",
        {
          input: { name: toStandardJsonSchema(v.string()), times: toStandardJsonSchema(v.optional(v.number(), 2)) },
        },
        ({ name, times }) => `${name}x${times}`,
      ),
  ],
  [
    "valibot object",
    (mcp) =>
      mcp.tool(
        "greet",
        {
          input: toStandardJsonSchema(v.object({ name: v.string(), times: v.optional(v.number(), 2) })),
        },
        ({ name, times }) => `${name}x${times}`,
      ),
  ],
  // arktype keeps defaults in object definitions, so a lone optional field defaults in the handler.
  [
    "arktype shape",
    (mcp) =>
      mcp.tool(
        "greet",
        { input: { name: type("string"), times: type("number.integer | undefined") } },
        ({ name, times }) => `${name}x${times ?? 2}`,
      ),
  ],
  [
    "arktype object",
    (mcp) => mcp.tool("greet", { input: type({ name: "string", times: "number.integer = 2" }) }, ({ name, times }) => `${name}x${times}`),
  ],
];

for (const [label, register] of cases) {
  test(`${label}: published schema, required fields, defaults and validation`, async () => {
    const mcp = serverWith(register);
    const client = await connect(mcp);
    const [tool] = (await client.listTools()).tools;
    const schema = tool.inputSchema as { type: string; properties: Record<string, { type?: string }>; required?: string[] };
    assert.equal(schema.type, "object");
    assert.equal(schema.properties.name.type, "string");
    assert.deepEqual(schema.required, ["name"], "only fields without a default are required");
    assert.equal(textOf((await client.callTool("greet", { name: "Ada" })).content[0]), "Adax2");
    assert.equal(textOf((await client.callTool("greet", { name: "Ada", times: 3 })).content[0]), "Adax3");
    const bad = await client.callTool("greet", { name: 5 });
    assert.equal(bad.isError, true);
    assert.match(textOf(bad.content[0])!, /name/);
    await client.close();
  });
}

test("a valibot schema without Standard JSON Schema support fails at registration with advice", () => {
  const mcp = new McpServer({ name: "libs", version: "1" });
  assert.throws(() => mcp.tool("t", { input: { name: v.string() } }, () => "x"), /toStandardJsonSchema/);
});

test("handler arguments are typed from each library's schemas", () => {
  const mcp = new McpServer({ name: "types", version: "1" });
  mcp.tool("typed", { input: { name: z.string(), count: z.number().optional(), tag: type("'a' | 'b'") } }, (args) => {
    const name: string = args.name;
    const count: number | undefined = args.count;
    const tag: "a" | "b" = args.tag;
    // @ts-expect-error: not declared in the shape
    void args.missing;
    return `${name}${count ?? 0}${tag}`;
  });
  mcp.tool("raw", { input: { type: "object", properties: { n: { type: "number" } } } }, (args) => {
    const value: unknown = args.n; // raw JSON Schema: arguments are a plain record
    return String(value);
  });
});
