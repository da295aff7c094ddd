import { test } from "node:test";
import assert from "node:assert/strict";
import { McpServer } from "mcpkit";
import { connect } from "mcpkit/testing";
import { mcp } from "../src/server.ts";
import { register as registerTextTools } from "../src/tools/text.ts";
import { formatInZone } from "../src/tools/time.ts";

const textOf = (content: object) => (content as { text?: string }).text;

test("a single module registers on its own server", async () => {
  const server = new McpServer({ name: "only-text", version: "0.0.0" });
  registerTextTools(server);
  const client = await connect(server);
  try {
    assert.deepEqual(
      (await client.listAllTools()).map((t) => t.name),
      ["word_count", "slugify"],
    );
  } finally {
    await client.close();
  }
});

test("formatInZone gives the wall-clock time of a timezone", () => {
  const instant = new Date("2024-07-01T12:00:00Z");
  assert.equal(formatInZone(instant, "UTC"), "2024-07-01 12:00:00");
  assert.equal(formatInZone(instant, "Asia/Tokyo"), "2024-07-01 21:00:00");
  assert.equal(formatInZone(new Date("2024-01-01T00:30:00Z"), "America/New_York"), "2023-12-31 19:30:00");
});

for (const era of ["modern", "legacy"] as const) {
  test(`layout: every folder's components are served (${era})`, async () => {
    const client = await connect(mcp, { era });
    try {
      assert.deepEqual(
        (await client.listAllTools()).map((t) => t.name),
        ["word_count", "slugify", "time_in_zone"],
      );
      assert.deepEqual(
        (await client.listAllResources()).map((r) => r.uri),
        ["toolkit://about"],
      );
      assert.deepEqual(
        (await client.listAllResourceTemplates()).map((r) => r.uriTemplate),
        ["timezones://{region}"],
      );
      assert.deepEqual(
        (await client.listAllPrompts()).map((p) => p.name),
        ["summarize_text"],
      );
    } finally {
      await client.close();
    }
  });

  test(`layout: tools (${era})`, async () => {
    const client = await connect(mcp, { era });
    try {
      const counted = await client.callTool("word_count", { text: "one two  three\nfour" });
      assert.deepEqual(counted.structuredContent, { words: 4, characters: 19, lines: 2 });
      assert.equal(textOf((await client.callTool("slugify", { text: "  Héllo, Wörld! MCP 2026 " })).content[0]), "hello-world-mcp-2026");
      const paris = await client.callTool("time_in_zone", { timezone: "Europe/Paris", at: "2024-01-15T08:00:00Z" });
      assert.equal(textOf(paris.content[0]), "2024-01-15 09:00:00 (Europe/Paris)");
      assert.match(textOf((await client.callTool("time_in_zone", {})).content[0]) ?? "", /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(UTC\)$/);
      const unknown = await client.callTool("time_in_zone", { timezone: "Mars/Olympus" });
      assert.equal(unknown.isError, true);
      assert.equal(textOf(unknown.content[0]), 'Unknown timezone "Mars/Olympus"; use an IANA name such as "Europe/Paris"');
    } finally {
      await client.close();
    }
  });

  test(`layout: resources and prompts (${era})`, async () => {
    const client = await connect(mcp, { era });
    try {
      const about = JSON.parse(textOf((await client.readResource("toolkit://about")).contents[0]) ?? "");
      assert.equal(about.name, "text-toolkit");
      const europe = textOf((await client.readResource("timezones://Europe")).contents[0]) ?? "";
      assert.ok(europe.split("\n").includes("Europe/Paris"));
      assert.ok(europe.split("\n").every((z) => z.startsWith("Europe/")));
      await assert.rejects(client.readResource("timezones://Atlantis"), /Unknown region "Atlantis"/);
      const regions = await client.complete({ type: "ref/resource", uri: "timezones://{region}" }, { name: "region", value: "am" });
      assert.deepEqual(regions.completion.values, ["America"]);

      const prompt = await client.getPrompt("summarize_text", { text: "MCP connects models to tools.", style: "one sentence" });
      assert.equal(textOf(prompt.messages[0].content), "Summarize the following text as one sentence:\n\nMCP connects models to tools.");
      const styles = await client.complete({ type: "ref/prompt", name: "summarize_text" }, { name: "style", value: "one" });
      assert.deepEqual(styles.completion.values, ["one paragraph", "one sentence"]);
    } finally {
      await client.close();
    }
  });
}
