/** key=value arguments fitted to a tool's input schema, and the colour switch, in-process. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { coerceArguments } from "../../src/cli/coerce.ts";
import { closeNames, takeJsonInput } from "../../src/cli/args.ts";
import { paint } from "../../src/cli/output.ts";

const schema = {
  type: "object",
  properties: {
    name: { type: "string" },
    count: { type: "integer" },
    ratio: { type: "number" },
    on: { type: "boolean" },
    tags: { type: "array", items: { type: "string" } },
    ids: { type: "array", items: { type: "number" } },
    maybe: { anyOf: [{ type: "number" }, { type: "null" }] },
  },
};

test("values are JSON when they parse, text otherwise, then fitted to the schema's simple types", () => {
  const pairs: Array<[string, string]> = [
    ["name", "007"],
    ["count", "3"],
    ["ratio", "0.5"],
    ["on", "True"],
    ["tags", "a, b"],
    ["ids", "1,2"],
    ["maybe", "null"],
    ["free", "[1, 2]"],
    ["other", "hello"],
  ];
  assert.deepEqual(coerceArguments(pairs, schema), {
    name: "007",
    count: 3,
    ratio: 0.5,
    on: true,
    tags: ["a", "b"],
    ids: [1, 2],
    maybe: null,
    free: [1, 2],
    other: "hello",
  });
  assert.deepEqual(
    coerceArguments(
      [
        ["name", "42"],
        ["name2", '"quoted"'],
      ],
      { properties: { name: { type: "string" }, name2: { type: "string" } } },
    ),
    { name: "42", name2: "quoted" },
  );
  assert.deepEqual(
    coerceArguments(
      [
        ["tags", '["x"]'],
        ["count", "abc"],
      ],
      schema,
    ),
    { tags: ["x"], count: "abc" },
  );
});

test("--json takes a following JSON object as input; a bare --json stays the output flag", () => {
  assert.deepEqual(takeJsonInput(["s.ts", "add", "--json", '{"a":1}', "--json"]), { input: '{"a":1}', argv: ["s.ts", "add", "--json"] });
  assert.deepEqual(takeJsonInput(["--json", "s.ts", "--", "--json", "{}"]), {
    input: undefined,
    argv: ["--json", "s.ts", "--", "--json", "{}"],
  });
});

test("close names catch typos and partial names", () => {
  assert.deepEqual(closeNames("ad", ["add", "divide", "read_file"]), ["add"]);
  assert.deepEqual(closeNames("readfile", ["add", "read_file"]), ["read_file"]);
  assert.deepEqual(closeNames("zzz", ["add"]), []);
});

test("colour only when asked for", () => {
  assert.equal(paint({ color: false }).bold("x"), "x");
  assert.equal(paint({ color: true }).bold("x"), "\u001b[1mx\u001b[22m");
});
