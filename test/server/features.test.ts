/** Server features end to end through the in-memory client, on both eras. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { McpError, McpServer, ToolError } from "../../src/index.ts";
import { connect, accept } from "../../src/testing/index.ts";

const eras = ["modern", "legacy"] as const;
const textOf = (block: unknown) => (block as { text?: string }).text;

test("lifespan state reaches handlers and is torn down on close", async () => {
  const events: string[] = [];
  const mcp = new McpServer({
    name: "life",
    version: "1",
    lifespan: async function* () {
      events.push("setup");
      try {
        yield { greeting: "hi" };
      } finally {
        events.push("teardown");
      }
    },
  });
  mcp.tool("greet", (_a, ctx) => ctx.state.greeting);
  for (const era of eras) {
    const client = await connect(mcp, { era });
    assert.equal(textOf((await client.callTool("greet")).content[0]), "hi");
    await client.close();
  }
  assert.deepEqual(events, ["setup"], "the lifespan runs once for every connection");
  await mcp.close();
  assert.deepEqual(events, ["setup", "teardown"]);
});

test("middleware wraps operations in order and can replace results or refuse", async () => {
  const mcp = new McpServer({ name: "mw", version: "1" });
  const seen: string[] = [];
  mcp.use(async (ctx, next) => {
    seen.push(`outer:${ctx.method}`);
    const r = await next();
    seen.push("outer:done");
    return r;
  });
  mcp.use("tools/call", async (ctx, next) => {
    if (ctx.params.name === "secret") throw new McpError(-32600, "Not allowed");
    return next();
  });
  mcp.tool("echo", { input: { text: z.string() } }, ({ text }) => text);
  mcp.tool("secret", () => "hidden");
  for (const era of eras) {
    seen.length = 0;
    const client = await connect(mcp, { era });
    assert.equal(textOf((await client.callTool("echo", { text: "x" })).content[0]), "x");
    await assert.rejects(client.callTool("secret"), (e: McpError) => e.code === -32600 && e.message === "Not allowed");
    const first = seen.indexOf("outer:tools/call");
    assert.deepEqual(seen.slice(first, first + 3), ["outer:tools/call", "outer:done", "outer:tools/call"]);
    // Middleware sees every method, the handshake included (issue 21).
    assert.ok(seen.slice(0, first).includes(era === "modern" ? "outer:server/discover" : "outer:initialize"), seen.join(" "));
    await client.close();
  }
});

test("an extension method is one registration: both eras serve it through middleware; protocol names are refused", async () => {
  const mcp = new McpServer({ name: "ext", version: "1" });
  const seen: string[] = [];
  mcp.use("example.com/echo", async (ctx, next) => {
    seen.push(`${ctx.client.era}:${ctx.method}`);
    return next();
  });
  mcp.method({ name: "example.com/echo", eras: ["modern", "legacy"], handler: (ctx) => ({ echoed: ctx.params.text ?? null }) });
  mcp.method({ name: "example.com/modern-only", eras: ["modern"], handler: () => ({}) });
  assert.throws(() => mcp.method({ name: "ping", eras: ["legacy"], handler: () => ({}) }), /protocol defines that method/);
  assert.throws(() => mcp.method({ name: "example.com/echo", eras: ["modern"], handler: () => ({}) }), /already defined/);
  for (const era of eras) {
    const client = await connect(mcp, { era });
    assert.deepEqual((await client.request("example.com/echo", { text: "hi" })).echoed, "hi");
    if (era === "legacy") {
      await assert.rejects(client.request("example.com/modern-only", {}), (e: McpError) => e.code === -32601);
    } else {
      assert.deepEqual(
        Object.keys(await client.request("example.com/modern-only", {})).filter((k) => k !== "_meta" && k !== "resultType"),
        [],
      );
    }
    await client.close();
  }
  assert.deepEqual(seen, ["modern:example.com/echo", "legacy:example.com/echo"]);
});

test("errors: ToolError always shows, others masked on request, never a stack", async () => {
  for (const maskErrorDetails of [false, true]) {
    const mcp = new McpServer({ name: "errors", version: "1", maskErrorDetails });
    mcp.tool("tool_error", () => {
      throw new ToolError("Disk is full");
    });
    mcp.tool("crash", () => {
      throw new Error("secret internals at /srv/app.js:12");
    });
    const client = await connect(mcp);
    const toolError = await client.callTool("tool_error");
    assert.equal(toolError.isError, true);
    assert.equal(textOf(toolError.content[0]), "Disk is full");
    const crash = await client.callTool("crash");
    assert.equal(crash.isError, true);
    const message = textOf(crash.content[0])!;
    assert.doesNotMatch(message, /\n\s+at /, "no stack trace");
    if (maskErrorDetails) assert.doesNotMatch(message, /secret internals/);
    else assert.match(message, /secret internals/);
    await client.close();
  }
});

test("pagination: every list pages with opaque cursors; a bad cursor is -32602", async () => {
  const mcp = new McpServer({ name: "pages", version: "1", pageSize: 2 });
  for (let i = 0; i < 5; i++) mcp.tool(`t${i}`, () => "x");
  for (const era of eras) {
    const client = await connect(mcp, { era });
    const first = await client.listTools();
    assert.deepEqual(
      first.tools.map((t) => t.name),
      ["t0", "t1"],
    );
    assert.equal(typeof first.nextCursor, "string");
    const all = await client.listAllTools();
    assert.deepEqual(
      all.map((t) => t.name),
      ["t0", "t1", "t2", "t3", "t4"],
    );
    await assert.rejects(client.listTools({ cursor: "not-a-cursor" }), (e: McpError) => e.code === -32602);
    await client.close();
  }
});

test("components can be disabled, enabled and removed at run time, with list changes", async () => {
  const mcp = new McpServer({ name: "dynamic", version: "1" });
  const handle = mcp.tool("feature", () => "on");
  const notifications: string[] = [];
  const client = await connect(mcp, { era: "legacy", onNotification: (n) => notifications.push(n.method) });
  handle.disable();
  assert.deepEqual((await client.listTools()).tools, []);
  await assert.rejects(client.callTool("feature"), (e: McpError) => e.code === -32602);
  handle.enable();
  assert.equal((await client.listTools()).tools.length, 1);
  handle.remove();
  assert.equal((await client.listTools()).tools.length, 0);
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(notifications.filter((m) => m === "notifications/tools/list_changed").length, 3);
  await client.close();
});

test("URL-mode elicitation, reading own resources and sampling with tools", async () => {
  const mcp = new McpServer({ name: "ctx", version: "1" });
  mcp.resource("memo://today", () => "buy milk");
  mcp.tool("login", async (_a, ctx) => (await ctx.elicitUrl("Sign in", "https://example.com/login")).action);
  mcp.tool("memo", async (_a, ctx) => {
    const [contents] = await ctx.readResource("memo://today");
    return (contents as { text: string }).text;
  });
  mcp.tool("plan", async (_a, ctx) => {
    const result = await ctx.sample({
      messages: [{ role: "user", content: { type: "text", text: "plan" } }],
      tools: [{ name: "search", inputSchema: { type: "object" } }],
    });
    return result.model;
  });
  for (const era of eras) {
    const urls: string[] = [];
    const client = await connect(mcp, {
      era,
      onElicit: (params) => {
        if (params.mode === "url") urls.push(params.url);
        return { action: "accept" };
      },
      onSample: (params) => ({ role: "assistant", content: { type: "text", text: "ok" }, model: params.tools ? "with-tools" : "plain" }),
      samplingTools: true,
    });
    assert.equal(textOf((await client.callTool("login")).content[0]), "accept");
    assert.deepEqual(urls, ["https://example.com/login"]);
    assert.equal(textOf((await client.callTool("memo")).content[0]), "buy milk");
    assert.equal(textOf((await client.callTool("plan")).content[0]), "with-tools");
    await client.close();
  }
});

test("declined and cancelled elicitations reach the handler as such", async () => {
  const mcp = new McpServer({ name: "decline", version: "1" });
  mcp.tool("ask", async (_a, ctx) => (await ctx.elicit("Name?", { name: z.string() })).action);
  for (const era of eras) {
    for (const action of ["decline", "cancel"] as const) {
      const client = await connect(mcp, { era, onElicit: () => ({ action }) });
      assert.equal(textOf((await client.callTool("ask")).content[0]), action);
      await client.close();
    }
    const client = await connect(mcp, { era, onElicit: accept({ name: 42 }) });
    await assert.rejects(client.callTool("ask"), (e: McpError) => e.code === -32602, "an answer that does not match the schema");
    await client.close();
  }
});

test("template variables are typed from the template string, exploded ones as arrays", async () => {
  const mcp = new McpServer({ name: "templates", version: "1" });
  mcp.resource("repo://{owner}/files{/path*}", { mimeType: "text/plain" }, ({ owner, path }) => {
    const name: string = owner;
    const segments: string[] = path;
    return `${name}:${segments.join("|")}`;
  });
  mcp.resource("file:///{+rest}", ({ rest }) => rest);
  const client = await connect(mcp);
  assert.equal(textOf((await client.readResource("repo://ada/files/src/index.ts")).contents[0]), "ada:src|index.ts");
  assert.equal(textOf((await client.readResource("file:///a/b/c.txt")).contents[0]), "a/b/c.txt");
  await client.close();
});

test("resources are listed under the name given, else the handler's name, else the whole URI in words", async () => {
  const mcp = new McpServer({ name: "names", version: "1" });
  mcp.resource("config://app", () => "{}");
  mcp.resource("docs://readme", { name: "readme" }, () => "# hi");
  mcp.resource("status://now", function currentStatus() {
    return "ok";
  });
  mcp.resource("greeting://{name}", ({ name }) => `Hello, ${name}`);
  mcp.resource("db://{table}/{id}", ({ table, id }) => `${table}/${id}`);
  for (const era of eras) {
    const client = await connect(mcp, { era });
    const resources = Object.fromEntries((await client.listAllResources()).map((r) => [r.uri, r.name]));
    assert.deepEqual(resources, { "config://app": "config_app", "docs://readme": "readme", "status://now": "currentStatus" }, era);
    const templates = Object.fromEntries((await client.listAllResourceTemplates()).map((t) => [t.uriTemplate, t.name]));
    assert.deepEqual(templates, { "greeting://{name}": "greeting_name", "db://{table}/{id}": "db_table_id" }, era);
    await client.close();
  }
});
