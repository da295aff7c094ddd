/**
 * The security guide's confine snippet does what the page says: files inside the root are
 * read, `..`, absolute paths and symlinks that lead out are refused.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "../../src/testing/index.ts";

test("security guide, confine: reads inside the root, refuses every way out", async () => {
  const dir = await mkdtemp(join(tmpdir(), "confine-"));
  const root = join(dir, "data");
  await mkdir(join(root, "notes"), { recursive: true });
  await writeFile(join(root, "notes", "a.txt"), "inside");
  await writeFile(join(dir, "secret.txt"), "outside");
  await symlink(join(dir, "secret.txt"), join(root, "link-out.txt"));
  await symlink(join(root, "notes", "a.txt"), join(root, "link-in.txt"));
  process.env.FILES_ROOT = root;
  const { mcp } = await import("../../docs/snippets/security/confine.ts");
  const client = await connect(mcp);
  try {
    const read = async (path: string) => {
      const result = await client.callTool("read_file", { path });
      const text = (result.content[0] as { text: string }).text;
      return { text, isError: result.isError === true };
    };
    assert.deepEqual(await read("notes/a.txt"), { text: "inside", isError: false });
    assert.deepEqual(await read("link-in.txt"), { text: "inside", isError: false });
    for (const path of ["../secret.txt", "link-out.txt", join(dir, "secret.txt"), "notes/../../secret.txt", "missing.txt", "."]) {
      const answer = await read(path);
      assert.equal(answer.isError, true, `${path}: ${answer.text}`);
      assert.doesNotMatch(answer.text, /outside$|secret/, path);
    }
  } finally {
    await client.close();
    await rm(dir, { recursive: true, force: true });
  }
});
