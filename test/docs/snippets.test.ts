/**
 * The docs cannot rot: every code block in docs/*.md equals a file (or region) under
 * docs/snippets/, which `npm run typecheck` compiles; here the blocks are compared, every
 * snippet that defines a server is imported and listed through a real client, the testing
 * examples are run, and the claims the docs make about behaviour are exercised.
 * To see which block fails: node --import tsx test/docs/snippet-check.ts
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { request } from "node:http";
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { McpServer } from "mcpkit";
import { accept, connect } from "mcpkit/testing";
import { checkAll, checkDoc, docFiles, parseBlocks, readRepoFile, repoRoot, snippetFiles } from "./snippet-check.ts";

const textOf = (content: { type: string }[]) => content.map((c) => (c as { text?: string }).text ?? "").join("");
const importSnippet = (path: string) => import(pathToFileURL(join(repoRoot, path)).href) as Promise<Record<string, unknown>>;

test("every code block in docs/*.md equals its snippet", () => {
  const problems = checkAll();
  assert.deepEqual(problems.map((p) => `${p.doc}:${p.line}: ${p.message}`), []);
});

test("the checker catches missing markers, files, regions and drift", () => {
  const files: Record<string, string> = {
    "docs/snippets/a.ts": "import x from \"y\";\n// #region r\n  if (x) {\n    go();\n  }\n// #endregion\n",
  };
  const read = (p: string) => files[p];
  const doc = [
    "```ts", "go();", "```",                                                   // 1: no marker
    "<!-- snippet: docs/snippets/a.ts#r -->", "```ts", "if (x) {", "  go();", "}", "```", // 5: ok, indentation stripped
    "<!-- snippet: docs/snippets/a.ts#nope -->", "```ts", "x", "```",          // 11: missing region
    "<!-- snippet: docs/snippets/b.ts -->", "```ts", "x", "```",               // 15: missing file
    "<!-- snippet: docs/snippets/a.ts#r -->", "", "```ts", "if (y) {", "```",  // 20: drift (a blank line may precede the fence)
    "<!-- snippet: shell -->", "```json", "{}", "```",                         // 24: shell marker on a non-shell block
    "<!-- snippet: shell -->", "```sh", "npx mcpkit run server.ts", "```",     // 28: ok
  ].join("\n");
  const problems = checkDoc("docs/x.md", doc, read);
  assert.deepEqual(problems.map((p) => p.line), [1, 11, 15, 20, 24]);
  assert.match(problems[3].message, /body line 1 is "if \(y\) \{", the snippet has "if \(x\) \{"/);
  assert.equal(parseBlocks("docs/x.md", doc).length, 7);
});

test("every snippet file is shown in some doc", () => {
  const used = new Set(docFiles().flatMap((doc) => parseBlocks(doc, readRepoFile(doc) ?? "")
    .map((b) => b.marker?.split("#")[0])));
  const unused = snippetFiles().filter((f) => !f.endsWith(".d.ts") && !used.has(f));
  assert.deepEqual(unused, []);
  // A package.json or tsconfig.json under docs/ would change how its neighbours resolve `mcpkit`.
  assert.deepEqual(snippetFiles().filter((f) => /(^|\/)(package|tsconfig)\.json$/.test(f)), []);
});

test("JSON snippets parse", () => {
  const json = snippetFiles().filter((f) => f.endsWith(".json"));
  assert.ok(json.length > 0);
  for (const file of json) assert.doesNotThrow(() => JSON.parse(readRepoFile(file)!), file);
});

test("every snippet that defines a server serves its components to a real client, on both eras", async () => {
  const modules = snippetFiles().filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !f.endsWith(".test.ts"));
  let servers = 0;
  for (const file of modules) {
    const exports = await importSnippet(file);
    const mcp = exports.mcp;
    if (!(mcp instanceof McpServer)) continue;
    servers++;
    for (const era of ["modern", "legacy"] as const) {
      // A caller holding every scope the snippet's components ask for (docs/auth.md shows scoped tools).
      const scopes = [...mcp.registry.listTools(), ...mcp.registry.listResources(), ...mcp.registry.listTemplates(), ...mcp.registry.listPrompts()].flatMap((e) => e.access?.scopes ?? []);
      const client = await connect(mcp as McpServer<unknown>, { era, auth: { token: "docs", scopes } });
      try {
        // A list method whose capability the server does not advertise is -32601 on the modern era.
        const caps = mcp.capabilities();
        const tools = caps.tools ? await client.listAllTools() : [];
        const resources = caps.resources ? await client.listAllResources() : [];
        const templates = caps.resources ? await client.listAllResourceTemplates() : [];
        const prompts = caps.prompts ? await client.listAllPrompts() : [];
        assert.ok(tools.length + resources.length + templates.length + prompts.length > 0, `${file} registers nothing`);
      } finally {
        await client.close();
      }
    }
    await mcp.close();
  }
  assert.ok(servers >= 20, `only ${servers} server snippets found`);
});

test("the tools chapter: clean tool errors, defaults, structured output, grouping", async () => {
  const basic = (await importSnippet("docs/snippets/tools/basic.ts")).mcp as McpServer;
  const client = await connect(basic);
  const byZero = await client.callTool("divide", { a: 1, b: 0 });
  assert.equal(byZero.isError, true);
  assert.equal(textOf(byZero.content), "Cannot divide by zero");
  assert.equal(textOf((await client.callTool("add", { a: 2, b: 3 })).content), "5");
  await client.close();

  const params = (await importSnippet("docs/snippets/tools/parameters.ts")).mcp as McpServer;
  const c2 = await connect(params);
  const search = await c2.callTool("search_database", { query: "mcp" });
  assert.deepEqual(search.structuredContent, { results: [{ id: 1, title: "About mcp", score: 0.9 }], total: 1 });
  assert.equal((await c2.callTool("search_database", { query: "mcp", sort_by: "size" })).isError, true);
  assert.deepEqual((await c2.callTool("word_count", { text: "one two" })).structuredContent, { words: 2, characters: 7 });
  assert.equal(textOf((await c2.callTool("echo", { message: "hi" })).content), "hi");
  await c2.close();

  const errors = (await importSnippet("docs/snippets/tools/errors.ts")).mcp as McpServer;
  const c3 = await connect(errors);
  assert.equal(textOf((await c3.callTool("read_note", { name: "../x" })).content), "A note name is letters, digits, '-' and '_'");
  const masked = await c3.callTool("read_note", { name: "does-not-exist" });
  assert.equal(masked.isError, true);
  assert.doesNotMatch(textOf(masked.content), /ENOENT/);
  await c3.close();

  const grouped = (await importSnippet("docs/snippets/tools/group/server.ts")).mcp as McpServer;
  const c4 = await connect(grouped);
  assert.deepEqual((await c4.listAllTools()).map((t) => t.name), ["add", "multiply"]);
  await c4.close();
});

test("the resources and prompts chapters", async () => {
  const db = (await importSnippet("docs/snippets/resources/database.ts")).mcp as McpServer;
  const client = await connect(db);
  const row = await client.readResource("database://users/1");
  assert.deepEqual(JSON.parse((row.contents[0] as { text: string }).text), { name: "Ada" });
  assert.ok((await client.listAllResources()).some((r) => r.uri === "database://orders/100"));
  const completion = await client.complete({ type: "ref/resource", uri: "database://{table}/{id}" }, { name: "table", value: "u" });
  assert.deepEqual(completion.completion.values, ["users"]);
  await client.close();

  const prompts = (await importSnippet("docs/snippets/prompts/basic.ts")).mcp as McpServer;
  const c2 = await connect(prompts, { era: "legacy" });
  const debug = await c2.getPrompt("debug_error", { error: "TypeError" });
  assert.deepEqual(debug.messages.map((m) => m.role), ["user", "user", "assistant"]);
  const search = await c2.getPrompt("search_query", { query: "x", category: "docs" });
  assert.equal(textOf([search.messages[0].content]), "Search docs for: x");
  await c2.close();
});

test("the context, middleware, lifespan and eras chapters", async () => {
  const progress = (await importSnippet("docs/snippets/context/progress.ts")).mcp as McpServer;
  const client = await connect(progress);
  const seen: number[] = [];
  await client.callTool("process_files", { files: ["a", "b"] }, { onProgress: (p) => seen.push(p.progress) });
  assert.deepEqual(seen, [0, 1, 2]);
  await client.close();

  const middleware = (await importSnippet("docs/snippets/middleware/basic.ts")).mcp as McpServer;
  const c2 = await connect(middleware);
  assert.deepEqual((await c2.listAllTools()).map((t) => t.name), ["hello"]);
  await assert.rejects(c2.callTool("delete_everything"), /needs the admin scope/);
  await c2.close();

  const lifespan = (await importSnippet("docs/snippets/lifespan/database.ts")).mcp as McpServer;
  const c3 = await connect(lifespan);
  await c3.callTool("add_note", { body: "hello" });
  assert.equal(textOf((await c3.callTool("count_notes")).content), "1");
  await c3.close();
  await lifespan.close();

  const book = (await importSnippet("docs/snippets/eras/book.ts")).mcp as McpServer;
  for (const era of ["modern", "legacy"] as const) {
    const c4 = await connect(book, { era, onElicit: accept({ confirm: true }) });
    assert.equal(textOf((await c4.callTool("book", { city: "Oslo" })).content), "Booked Oslo for €104");
    await c4.close();
  }
});

test("the security chapter: path confinement refuses .., absolute paths and symlinks out", async () => {
  const dir = mkdtempSync(join(tmpdir(), "mcpkit-docs-"));
  const previous = process.env.FILES_ROOT;
  try {
    mkdirSync(join(dir, "root"));
    writeFileSync(join(dir, "root", "ok.txt"), "inside");
    writeFileSync(join(dir, "secret.txt"), "SECRET");
    symlinkSync(join(dir, "secret.txt"), join(dir, "root", "link.txt"));
    process.env.FILES_ROOT = join(dir, "root");
    // A fresh copy of the module, so it reads FILES_ROOT now.
    const url = `${pathToFileURL(join(repoRoot, "docs/snippets/security/confine.ts")).href}?root=${Date.now()}`;
    const mcp = (await import(url)).mcp as McpServer;
    const client = await connect(mcp);
    assert.equal(textOf((await client.callTool("read_file", { path: "ok.txt" })).content), "inside");
    for (const path of ["../secret.txt", join(dir, "secret.txt"), "link.txt"]) {
      const result = await client.callTool("read_file", { path });
      assert.equal(result.isError, true, path);
      assert.doesNotMatch(textOf(result.content), /SECRET/);
    }
    await client.close();
  } finally {
    if (previous === undefined) delete process.env.FILES_ROOT;
    else process.env.FILES_ROOT = previous;
    rmSync(dir, { recursive: true, force: true });
  }
});

function post(url: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end(body);
  });
}

test("the HTTP defaults the security chapter describes: Host check and body cap", async () => {
  const { start } = await importSnippet("docs/snippets/transports/serve-http.ts") as { start: (port: number) => Promise<{ url: string; port: number; close(): Promise<void> }> };
  const handle = await start(0);
  try {
    assert.match(handle.url, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const ping = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" });
    assert.equal(await post(handle.url, { host: "evil.example" }, ping), 403);
    assert.equal(await post(handle.url, { host: `localhost:${handle.port}`, origin: "https://evil.example" }, ping), 403);
    assert.equal(await post(handle.url, { host: `localhost:${handle.port}` }, "x".repeat(1024 * 1024 + 1)), 413);
  } finally {
    await handle.close();
  }
});

test("the express mount leaves other routes to the app", async () => {
  const { app } = await importSnippet("docs/snippets/transports/express.ts") as { app: { listen(port: number, host: string, cb: () => void): import("node:http").Server } };
  const server = await new Promise<import("node:http").Server>((resolve) => { const s = app.listen(0, "127.0.0.1", () => resolve(s)); });
  try {
    const port = (server.address() as { port: number }).port;
    assert.equal(await (await fetch(`http://127.0.0.1:${port}/health`)).text(), "ok");
    assert.equal(await post(`http://127.0.0.1:${port}/mcp`, { host: "evil.example" }, "{}"), 403);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

test("the README's and the testing chapter's node:test and vitest examples pass", () => {
  const run = (file: string, extra: string[] = []) =>
    spawnSync(process.execPath, ["--import", "tsx", ...extra, "--test", "--test-reporter=dot", join(repoRoot, file)], {
      cwd: repoRoot, encoding: "utf8", env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --conditions=mcpkit-source` },
    });
  for (const file of ["docs/snippets/testing/node-test.test.ts", "docs/snippets/readme/hello.test.ts"]) {
    const nodeTest = run(file);
    assert.equal(nodeTest.status, 0, nodeTest.stdout + nodeTest.stderr);
  }
  const vitest = spawnSync(process.execPath, [join(repoRoot, "node_modules/vitest/vitest.mjs"), "run", "--config", "test/docs/fixtures/vitest.config.mjs", "docs/snippets/testing/vitest.test.ts"], {
    cwd: repoRoot, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", CI: "1" },
  });
  assert.equal(vitest.status, 0, vitest.stdout + vitest.stderr);
  assert.match(vitest.stdout, /4 passed/);
});
