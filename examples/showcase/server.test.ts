import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { Client, HttpClientTransport, StdioClientTransport } from "mcpkit/client";
import { connect } from "mcpkit/testing";
import { mcp } from "./server.ts";

const textOf = (block: { type: string } | undefined) => (block as { text?: string } | undefined)?.text;
const serverArgs = ["--conditions=mcpkit-source", "--import", "tsx", "examples/showcase/server.ts"];

const EVERY_TOOL = [
  "hello",
  "calculate",
  "add",
  "subtract",
  "multiply",
  "divide",
  "fetch_weather",
  "get_weather",
  "get_forecast",
  "search_database",
  "query_db",
  "list_files",
  "search_files",
  "read_file",
  "generate_gradient",
  "create_thumbnail",
  "log_message",
  "process_files",
  "word_count",
  "slugify",
  "time_in_zone",
  "web_scrape",
  "scrape_url",
];

for (const era of ["modern", "legacy"] as const) {
  test(`the showcase serves every example (${era})`, async () => {
    const client = await connect(mcp, { era });
    try {
      const tools = (await client.listTools()).tools.map((t) => t.name);
      assert.deepEqual([...tools].sort(), [...EVERY_TOOL].sort());
      const prompts = (await client.listPrompts()).prompts.map((p) => p.name);
      for (const name of ["search_query", "debug_error", "review_code", "summarize_text"]) assert.ok(prompts.includes(name), name);

      assert.deepEqual((await client.callTool("hello", { name: "Ada" })).content, [{ type: "text", text: "Hello, Ada!" }]);
      const byZero = await client.callTool("divide", { a: 1, b: 0 });
      assert.equal(byZero.isError, true);
      assert.equal(textOf(byZero.content[0]), "Cannot divide by zero");

      // The lifespan opened and seeded the database.
      const found = await client.callTool("search_database", { query: "Ada", limit: 1 });
      const first = (found.structuredContent as { results: { uri: string }[] }).results[0];
      const record = await client.readResource(first.uri);
      assert.match((record.contents[0] as { text: string }).text, /Ada/);

      // The files example is confined to the examples folder.
      const readme = await client.callTool("read_file", { path: "showcase/server.ts" });
      assert.match(textOf(readme.content[0]) ?? "", /The showcase/);
      assert.equal((await client.callTool("read_file", { path: "../package.json" })).isError, true);

      const gradient = await client.callTool("generate_gradient", { width: 4, height: 4 });
      assert.ok(gradient.content.some((block) => block.type === "image"));
      const prompt = await client.getPrompt("debug_error", { error: "TypeError: x is undefined" });
      assert.deepEqual(
        prompt.messages.map((m) => m.role),
        ["user", "assistant"],
      );
    } finally {
      await client.close();
    }
  });
}

test("npm start's server listens on HTTP, prints how to connect, and answers both eras", { timeout: 60_000 }, async () => {
  const child = spawn(process.execPath, [...serverArgs, "--transport", "http", "--port", "0"], { stdio: ["ignore", "ignore", "pipe"] });
  try {
    let stderr = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on("data", (chunk) => {
        stderr += chunk;
        const match = /serving mcpkit-showcase on (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr);
        if (match && stderr.includes("Stop with Ctrl+C")) resolve(match[1]);
      });
      child.on("exit", (code) => reject(new Error(`the showcase exited (${code}): ${stderr}`)));
    });
    assert.match(stderr, new RegExp(`inspector ${url} --transport http`));
    assert.match(stderr, new RegExp(`mcpkit -- call ${url} hello`));
    assert.match(stderr, /install claude-desktop examples\/showcase\/server\.ts/);
    for (const era of ["modern", "legacy"] as const) {
      const client = new Client({ name: "showcase-test", version: "1.0.0" }, { era });
      await client.connect(new HttpClientTransport(url));
      try {
        assert.equal(client.era, era);
        assert.equal(textOf((await client.callTool("multiply", { a: 6, b: 7 })).content[0]), "42");
        const rows = await client.callTool("query_db", { sql: "SELECT count(*) AS n FROM users" });
        assert.ok((rows.structuredContent as { rows: unknown[] }).rows.length === 1);
      } finally {
        await client.close();
      }
    }
  } finally {
    child.kill("SIGTERM");
  }
});

test("`npm start -- --transport stdio` serves over stdio", { timeout: 60_000 }, async () => {
  const client = new Client({ name: "showcase-test", version: "1.0.0" });
  await client.connect(
    new StdioClientTransport({ command: process.execPath, args: [...serverArgs, "--transport", "stdio"], stderr: "ignore" }),
  );
  try {
    assert.equal(textOf((await client.callTool("add", { a: 2, b: 3 })).content[0]), "5");
  } finally {
    await client.close();
  }
});
