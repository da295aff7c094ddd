import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ErrorCode, McpError, McpServer } from "mcpkit";
import { Client, StdioClientTransport } from "mcpkit/client";
import { connect } from "mcpkit/testing";
import { registerFiles } from "./server.ts";

const textOf = (block: { type: string } | undefined) => (block as { text?: string } | undefined)?.text;
type Contents = { uri: string; mimeType?: string; text?: string; blob?: string };
type Entry = { path: string; type: string; uri?: string; outside_root?: boolean };

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const BINARY = Uint8Array.from([0, 1, 2, 0xff, 0xfe]);

// base/root is served; base/secret.txt and base/outside/ must stay out of reach.
let base: string;
let root: string;
let rootUrl: string;
const url = (relative: string) => `${rootUrl}/${relative}`;

before(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), "mcpkit-files-")));
  root = join(base, "root");
  rootUrl = pathToFileURL(root).href;
  mkdirSync(join(root, "notes"), { recursive: true });
  mkdirSync(join(base, "outside"));
  writeFileSync(join(root, "hello.txt"), "Hello, files!");
  writeFileSync(join(root, "data.json"), '{"a":1}');
  writeFileSync(join(root, "image.png"), PNG);
  writeFileSync(join(root, "blob.bin"), BINARY);
  writeFileSync(join(root, "notes", "todo.md"), "- write tests\n");
  writeFileSync(join(base, "secret.txt"), "top secret");
  writeFileSync(join(base, "outside", "other.txt"), "also secret");
  symlinkSync(join(root, "hello.txt"), join(root, "link-inside.txt"));
  symlinkSync(join(root, "notes"), join(root, "linked-notes"));
  symlinkSync(join("..", "secret.txt"), join(root, "escape.txt"));
  symlinkSync(join(base, "outside"), join(root, "escape-dir"));
});

after(() => rmSync(base, { recursive: true, force: true }));

function filesServer() {
  const mcp = new McpServer({ name: "files-test", version: "0.0.0" });
  registerFiles(mcp, { root });
  return mcp;
}

for (const era of ["modern", "legacy"] as const) {
  test(`file:// resources read text, binary, directories and inside symlinks (${era})`, async () => {
    const client = await connect(filesServer(), { era });
    try {
      const read = async (uri: string) => (await client.readResource(uri)).contents[0] as Contents;
      assert.deepEqual(await read(url("hello.txt")), { uri: url("hello.txt"), mimeType: "text/plain", text: "Hello, files!" });
      assert.deepEqual(await read(url("data.json")), { uri: url("data.json"), mimeType: "application/json", text: '{"a":1}' });
      assert.deepEqual(await read(url("notes/todo.md")), { uri: url("notes/todo.md"), mimeType: "text/markdown", text: "- write tests\n" });
      assert.deepEqual(await read(url("image.png")), {
        uri: url("image.png"),
        mimeType: "image/png",
        blob: Buffer.from(PNG).toString("base64"),
      });
      assert.deepEqual(await read(url("blob.bin")), {
        uri: url("blob.bin"),
        mimeType: "application/octet-stream",
        blob: Buffer.from(BINARY).toString("base64"),
      });
      // Symlinks that stay inside the root are followed.
      assert.equal((await read(url("link-inside.txt"))).text, "Hello, files!");
      assert.equal((await read(url("linked-notes/todo.md"))).text, "- write tests\n");

      const listing = JSON.parse((await read(url("notes"))).text ?? "") as { directory: string; entries: Entry[] };
      assert.equal(listing.directory, "notes");
      assert.deepEqual(
        listing.entries.map((e) => [e.path, e.type, e.uri]),
        [["notes/todo.md", "file", url("notes/todo.md")]],
      );

      const listed = (await client.listResources()).resources.map((r) => r.uri);
      assert.ok(listed.includes(url("hello.txt")) && listed.includes(url("image.png")), listed.join(" "));
      assert.ok(!listed.includes(url("escape.txt")), "a symlink leaving the root is not listed");
    } finally {
      await client.close();
    }
  });

  test(`the guide's file://{path} (get_file) reads a path relative to the root (${era})`, async () => {
    const client = await connect(filesServer(), { era });
    try {
      const templates = await client.listAllResourceTemplates();
      assert.ok(templates.some((t) => t.name === "get_file" && t.uriTemplate === "file://{path}"));
      const read = async (uri: string) => (await client.readResource(uri)).contents[0] as Contents;
      assert.deepEqual(await read("file://hello.txt"), { uri: "file://hello.txt", mimeType: "text/plain", text: "Hello, files!" });
      assert.deepEqual(await read("file://notes%2Ftodo.md"), {
        uri: "file://notes%2Ftodo.md",
        mimeType: "text/markdown",
        text: "- write tests\n",
      });
      assert.equal((await read("file://link-inside.txt")).text, "Hello, files!");
      assert.equal((await read("file://image.png")).blob, Buffer.from(PNG).toString("base64"));
    } finally {
      await client.close();
    }
  });

  test(`file:// resources refuse paths that leave the root (${era})`, async () => {
    const client = await connect(filesServer(), { era });
    try {
      const refused = (uri: string, message: RegExp, code: number = ErrorCode.InvalidParams) =>
        assert.rejects(client.readResource(uri), (error: unknown) => {
          assert.ok(error instanceof McpError, String(error));
          assert.equal(error.code, code, `${uri}: ${error.message}`);
          assert.match(error.message, message, uri);
          assert.ok(!/top secret|also secret/.test(error.message), "the content never leaks");
          return true;
        });
      const outsideBySymlink = /^Access denied: .* leads outside the root directory through a symbolic link$/;
      await refused(url("escape.txt"), outsideBySymlink);
      await refused(url("escape-dir/other.txt"), outsideBySymlink);
      await refused(url("escape-dir"), outsideBySymlink);
      await refused(url("../secret.txt"), /^Access denied: ".*" uses "\.\.", which is not allowed$/);
      await refused(url("notes/../../secret.txt"), /uses "\.\."/);
      await refused(url("%2e%2e/secret.txt"), /uses "\.\."/);
      await refused(url("notes%2F%2E%2E%2F%2E%2E%2Fsecret.txt"), /uses "\.\."/);
      await refused(pathToFileURL(join(base, "secret.txt")).href, /^Access denied: .* is outside the root directory /);
      await refused("file:///etc/passwd", /^Access denied: \/etc\/passwd is outside the root directory /);
      await refused(pathToFileURL(`${root}-sibling/x.txt`).href, /is outside the root directory/);
      await refused(url("nope%00.txt"), /NUL/);

      const notFound = era === "modern" ? ErrorCode.InvalidParams : ErrorCode.LegacyResourceNotFound;
      await refused(url("missing.txt"), /^File not found: .*missing\.txt$/, notFound);
      await refused(url("hello.txt/inner"), /^File not found: /, notFound);

      // The guide's spelling, file://{path} (get_file), is confined the same way.
      await refused("file://..%2Fsecret.txt", /uses "\.\."/);
      await refused("file://escape.txt", outsideBySymlink);
      await refused(`file://${encodeURIComponent(join(base, "secret.txt"))}`, /is outside the root directory/);
      await refused("file://missing.txt", /^File not found: /, notFound);
    } finally {
      await client.close();
    }
  });

  test(`list_files, search_files and read_file stay inside the root (${era})`, async () => {
    const client = await connect(filesServer(), { era });
    try {
      const ok = async (name: string, args: Record<string, unknown>) => {
        const result = await client.callTool(name, args);
        assert.equal(result.isError, undefined, textOf(result.content[0]));
        return result;
      };
      const fails = async (name: string, args: Record<string, unknown>, message: RegExp) => {
        const result = await client.callTool(name, args);
        assert.equal(result.isError, true, JSON.stringify(args));
        assert.match(textOf(result.content[0]) ?? "", message);
      };

      const top = (await ok("list_files", {})).structuredContent as { entries: Entry[] };
      assert.deepEqual(
        top.entries.map((e) => [e.path, e.type]),
        [
          ["blob.bin", "file"],
          ["data.json", "file"],
          ["escape-dir", "other"],
          ["escape.txt", "other"],
          ["hello.txt", "file"],
          ["image.png", "file"],
          ["link-inside.txt", "file"],
          ["linked-notes", "directory"],
          ["notes", "directory"],
        ],
      );
      assert.equal(top.entries.find((e) => e.path === "escape.txt")?.outside_root, true);
      assert.equal(top.entries.find((e) => e.path === "escape.txt")?.uri, undefined);
      const deep = (await ok("list_files", { path: "notes", recursive: true })).structuredContent as { entries: Entry[] };
      assert.deepEqual(
        deep.entries.map((e) => e.path),
        ["notes/todo.md"],
      );

      // Directory symlinks are not walked: the file appears once, and nothing from outside.
      const found = (await ok("search_files", { pattern: "TODO" })).structuredContent as { matches: Entry[] };
      assert.deepEqual(
        found.matches.map((e) => e.path),
        ["notes/todo.md"],
      );
      assert.deepEqual(((await ok("search_files", { pattern: "other" })).structuredContent as { matches: Entry[] }).matches, []);

      assert.equal(textOf((await ok("read_file", { path: "notes/todo.md" })).content[0]), "- write tests\n");
      assert.equal(textOf((await ok("read_file", { path: join(root, "hello.txt") })).content[0]), "Hello, files!");
      const image = (await ok("read_file", { path: "image.png" })).content[0];
      assert.deepEqual(image, {
        type: "resource",
        resource: { uri: url("image.png"), mimeType: "image/png", blob: Buffer.from(PNG).toString("base64") },
      });

      await fails("read_file", { path: "../secret.txt" }, /uses "\.\."/);
      await fails("read_file", { path: "escape.txt" }, /leads outside the root directory through a symbolic link/);
      await fails("read_file", { path: "escape-dir/other.txt" }, /leads outside the root directory through a symbolic link/);
      await fails("read_file", { path: join(base, "secret.txt") }, /is outside the root directory/);
      await fails("read_file", { path: "missing.txt" }, /^File not found: /);
      await fails("read_file", { path: "notes" }, /is a directory; use list_files$/);
      await fails("list_files", { path: ".." }, /uses "\.\."/);
      await fails("list_files", { path: "/etc" }, /^Access denied: \/etc is outside the root directory/);
      await fails("list_files", { path: "escape-dir" }, /leads outside the root directory/);
      await fails("list_files", { path: "hello.txt" }, /^Not a directory: /);
      await fails("search_files", { pattern: "secret", path: "../" }, /uses "\.\."/);
    } finally {
      await client.close();
    }
  });
}

test("the example runs over stdio with FILES_ROOT", async () => {
  const client = new Client({ name: "files-test", version: "0.0.0" });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: ["--conditions=mcpkit-source", "--import", "tsx", "examples/files/server.ts"],
      env: { FILES_ROOT: root },
    }),
  );
  try {
    assert.equal(((await client.readResource(url("hello.txt"))).contents[0] as Contents).text, "Hello, files!");
    await assert.rejects(client.readResource(url("escape.txt")), /leads outside the root directory/);
    const read = await client.callTool("read_file", { path: "linked-notes/todo.md" });
    assert.equal(textOf(read.content[0]), "- write tests\n");
  } finally {
    await client.close();
  }
});

test(
  "a file or directory that cannot be read is a clear permission error",
  { skip: process.getuid?.() === 0 && "root reads everything" },
  async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), "mcpkit-files-perm-")));
    try {
      writeFileSync(join(dir, "locked.txt"), "locked");
      mkdirSync(join(dir, "locked-dir"));
      chmodSync(join(dir, "locked.txt"), 0o000);
      chmodSync(join(dir, "locked-dir"), 0o000);
      const mcp = new McpServer({ name: "files-perm", version: "0.0.0" });
      registerFiles(mcp, { root: dir });
      const client = await connect(mcp);
      try {
        for (const [tool, path] of [
          ["read_file", "locked.txt"],
          ["list_files", "locked-dir"],
        ]) {
          const result = await client.callTool(tool, { path });
          assert.equal(result.isError, true, tool);
          assert.equal(textOf(result.content[0]), `Permission denied: ${join(dir, path)}`);
        }
      } finally {
        await client.close();
      }
    } finally {
      chmodSync(join(dir, "locked-dir"), 0o755);
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
