import { test } from "node:test";
import assert from "node:assert/strict";
import { connect } from "mcpkit/testing";
import { mcp } from "./server.ts";

const textOf = (content: object) => {
  const block = content as { type?: string; text?: string };
  assert.equal(block.type, "text");
  return block.text ?? "";
};

for (const era of ["modern", "legacy"] as const) {
  test(`prompts: listed with their arguments (${era})`, async () => {
    const client = await connect(mcp, { era });
    try {
      const prompts = await client.listAllPrompts();
      assert.deepEqual(
        prompts.map((p) => [p.name, p.arguments?.map((a) => [a.name, a.required])]),
        [
          ["search_query", [["query", true]]],
          [
            "debug_error",
            [
              ["error", true],
              ["language", false],
            ],
          ],
        ],
      );
    } finally {
      await client.close();
    }
  });

  test(`prompts: search_query is one user message (${era})`, async () => {
    const client = await connect(mcp, { era });
    try {
      const result = await client.getPrompt("search_query", { query: "MCP transports" });
      assert.equal(result.messages.length, 1);
      assert.equal(result.messages[0].role, "user");
      assert.equal(
        textOf(result.messages[0].content),
        "Please search for information about:\n\nMCP transports\n\nFocus on the most relevant and up-to-date information.",
      );
      await assert.rejects(client.getPrompt("search_query", {}), /query/);
    } finally {
      await client.close();
    }
  });

  test(`prompts: debug_error is a user turn then an assistant turn (${era})`, async () => {
    const client = await connect(mcp, { era });
    try {
      const plain = await client.getPrompt("debug_error", { error: "TypeError: x is undefined" });
      assert.deepEqual(
        plain.messages.map((m) => m.role),
        ["user", "assistant"],
      );
      assert.equal(textOf(plain.messages[0].content), "I'm getting this error:\n\n```\nTypeError: x is undefined\n```");
      assert.match(textOf(plain.messages[1].content), /What have you tried so far/);

      const withLanguage = await client.getPrompt("debug_error", { error: "E0382: borrow of moved value", language: "rust" });
      assert.match(textOf(withLanguage.messages[0].content), /^I'm getting this error in rust:/);
      await assert.rejects(client.getPrompt("debug_error", { language: "go" }), /error/);
    } finally {
      await client.close();
    }
  });

  test(`prompts: debug_error completes the language argument (${era})`, async () => {
    const client = await connect(mcp, { era });
    try {
      const ref = { type: "ref/prompt", name: "debug_error" } as const;
      assert.deepEqual((await client.complete(ref, { name: "language", value: "ja" })).completion.values, ["java", "javascript"]);
      assert.deepEqual((await client.complete(ref, { name: "language", value: "Ty" })).completion.values, ["typescript"]);
      assert.deepEqual((await client.complete(ref, { name: "language", value: "zz" })).completion.values, []);
    } finally {
      await client.close();
    }
  });
}
