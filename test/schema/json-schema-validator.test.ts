import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { compileJsonSchema } from "../../src/schema/json-schema-validator.ts";
import type { JsonSchema, ValidationIssue } from "../../src/schema/types.ts";

/** Issues of a value that must fail, or [] when it passes. */
function issues(schema: JsonSchema, value: unknown): ValidationIssue[] {
  const result = compileJsonSchema(schema)(value);
  return result.ok ? [] : result.issues;
}

function assertValid(schema: JsonSchema, ...values: unknown[]): void {
  const validate = compileJsonSchema(schema);
  for (const value of values) {
    const result = validate(value);
    assert.ok(result.ok, `expected ${JSON.stringify(value)} to be valid, got ${JSON.stringify(result.ok ? null : result.issues)}`);
  }
}

function assertInvalid(schema: JsonSchema, ...values: unknown[]): void {
  const validate = compileJsonSchema(schema);
  for (const value of values) assert.equal(validate(value).ok, false, `expected ${JSON.stringify(value)} to be invalid`);
}

/** The single issue a value produces. */
function only(schema: JsonSchema, value: unknown): ValidationIssue {
  const found = issues(schema, value);
  assert.equal(found.length, 1, `expected one issue, got ${JSON.stringify(found)}`);
  return found[0];
}

describe("type", () => {
  test("single types", () => {
    assertValid({ type: "string" }, "", "x");
    assertValid({ type: "number" }, 1, 1.5, -0);
    assertValid({ type: "integer" }, 1, 1.0, -7);
    assertValid({ type: "boolean" }, true, false);
    assertValid({ type: "null" }, null);
    assertValid({ type: "array" }, [], [1]);
    assertValid({ type: "object" }, {}, { a: 1 });
    assertInvalid({ type: "string" }, 1, null, [], {});
    assertInvalid({ type: "integer" }, 1.5, "1");
    assertInvalid({ type: "object" }, [], null);
    assertInvalid({ type: "array" }, {}, "[]");
    assertInvalid({ type: "null" }, undefined, 0);
  });

  test("arrays of types", () => {
    assertValid({ type: ["string", "null"] }, "a", null);
    assertInvalid({ type: ["string", "null"] }, 1, {});
    assert.deepEqual(only({ type: ["string", "null"] }, 1), { path: [], message: "expected string or null, got number" });
    assert.equal(only({ type: ["string", "number", "null"] }, true).message, "expected string, number or null, got boolean");
  });

  test("messages name the actual type", () => {
    assert.deepEqual(only({ type: "number" }, "x"), { path: [], message: "expected number, got string" });
    assert.equal(only({ type: "integer" }, 1.5).message, "expected integer, got number");
    assert.equal(only({ type: "object" }, []).message, "expected object, got array");
    assert.equal(only({ type: "object" }, null).message, "expected object, got null");
  });

  test("a wrong type is reported alone", () => {
    assert.equal(issues({ type: "string", minLength: 3, enum: ["abc"] }, 5).length, 1);
  });

  test("an unknown type name fails at compile time", () => {
    assert.throws(() => compileJsonSchema({ type: "text" }), /Invalid JSON Schema at #\/type: unknown type "text"/);
  });
});

describe("enum and const", () => {
  test("enum of primitives", () => {
    assertValid({ enum: ["a", "b", 1, null] }, "a", 1, null);
    assertInvalid({ enum: ["a", "b", 1, null] }, "c", "1", true, {});
    assert.deepEqual(only({ enum: ["a", "b"] }, "c"), { path: [], message: 'must be one of: "a", "b"' });
  });

  test("enum of structured values compares deeply", () => {
    assertValid({ enum: [{ a: 1, b: [1, 2] }, [1]] }, { b: [1, 2], a: 1 }, [1]);
    assertInvalid({ enum: [{ a: 1, b: [1, 2] }, [1]] }, { a: 1 }, { a: 1, b: [2, 1] }, [1, 1]);
  });

  test("long enums are shortened in the message", () => {
    const values = Array.from({ length: 30 }, (_, i) => `v${i}`);
    assert.match(only({ enum: values }, "x").message, /^must be one of: "v0", .*"v19", \.\.\.$/);
  });

  test("const compares deeply, ignoring key order", () => {
    assertValid({ const: "x" }, "x");
    assertValid({ const: { a: [1, { b: null }], c: 2 } }, { c: 2, a: [1, { b: null }] });
    assertValid({ const: 1 }, 1.0);
    assertInvalid({ const: { a: 1 } }, { a: 1, b: 2 }, { a: "1" }, [1], null);
    assertInvalid({ const: [1, 2] }, [2, 1], [1, 2, 3]);
    assertInvalid({ const: null }, 0, false, "");
    assert.deepEqual(only({ const: "number" }, "string"), { path: [], message: 'must equal "number"' });
  });
});

describe("objects", () => {
  test("properties validate present keys only", () => {
    const schema = { properties: { a: { type: "string" }, b: { type: "number" } } };
    assertValid(schema, {}, { a: "x" }, { a: "x", b: 1, c: true });
    assert.deepEqual(only(schema, { a: 1 }), { path: ["a"], message: "expected string, got number" });
  });

  test("required names every missing property", () => {
    const schema = { type: "object", required: ["a", "b", "c"] };
    assertValid(schema, { a: 1, b: null, c: 0 });
    assert.deepEqual(issues(schema, { b: 1 }), [
      { path: [], message: 'missing required property "a"' },
      { path: [], message: 'missing required property "c"' },
    ]);
  });

  test("required does not see inherited properties", () => {
    assertInvalid({ required: ["toString"] }, {});
    assertInvalid({ required: ["constructor"], additionalProperties: false }, {});
    assertValid({ properties: { constructor: { type: "string" } } }, {}, { constructor: "x" });
  });

  test("keywords for objects ignore other types", () => {
    assertValid({ required: ["a"], properties: { a: { type: "string" } }, minProperties: 1 }, "x", 1, null, [1]);
  });

  test("all issues of an object are collected", () => {
    const schema = {
      type: "object",
      properties: { a: { type: "string" }, b: { type: "number" } },
      required: ["c"],
      additionalProperties: false,
    };
    const found = issues(schema, { a: 1, b: "x", z: 0 });
    assert.deepEqual(
      new Set(found.map((i) => JSON.stringify(i))),
      new Set([
        JSON.stringify({ path: ["a"], message: "expected string, got number" }),
        JSON.stringify({ path: ["b"], message: "expected number, got string" }),
        JSON.stringify({ path: ["z"], message: 'unexpected property "z"' }),
        JSON.stringify({ path: [], message: 'missing required property "c"' }),
      ]),
    );
  });

  test("additionalProperties false and as a schema", () => {
    const closed = { properties: { a: {} }, additionalProperties: false };
    assertValid(closed, {}, { a: 1 });
    assert.deepEqual(only(closed, { a: 1, b: 2 }), { path: ["b"], message: 'unexpected property "b"' });
    const typed = { properties: { a: {} }, additionalProperties: { type: "number" } };
    assertValid(typed, { a: "x", b: 1, c: 2 });
    assert.deepEqual(only(typed, { a: "x", b: "y" }), { path: ["b"], message: "expected number, got string" });
  });

  test("patternProperties, alone and with additionalProperties", () => {
    const schema = { patternProperties: { "^x-": { type: "string" }, "^n_": { type: "number" } }, additionalProperties: false };
    assertValid(schema, {}, { "x-a": "1", n_b: 2 });
    assert.deepEqual(only(schema, { "x-a": 1 }), { path: ["x-a"], message: "expected string, got number" });
    assert.deepEqual(only(schema, { other: 1 }), { path: ["other"], message: 'unexpected property "other"' });
    // A key can be checked by both properties and a matching pattern.
    assertInvalid({ properties: { "x-a": { type: "string" } }, patternProperties: { "^x-": { minLength: 3 } } }, { "x-a": "ab" });
  });

  test("patterns are unicode regular expressions", () => {
    assertValid({ patternProperties: { "^\\p{L}+$": { type: "number" } } }, { é: 1 });
    assertInvalid({ patternProperties: { "^\\p{L}+$": { type: "number" } } }, { é: "1" });
  });

  test("propertyNames", () => {
    const schema = { propertyNames: { pattern: "^[a-z]+$", maxLength: 3 } };
    assertValid(schema, {}, { abc: 1 });
    assert.deepEqual(only(schema, { abcd: 1 }), {
      path: ["abcd"],
      message: 'invalid property name "abcd": must be at most 3 characters long',
    });
    assertInvalid({ propertyNames: false }, { a: 1 });
    assertValid({ propertyNames: false }, {});
  });

  test("minProperties and maxProperties", () => {
    assertValid({ minProperties: 1, maxProperties: 2 }, { a: 1 }, { a: 1, b: 2 });
    assert.equal(only({ minProperties: 1 }, {}).message, "must have at least 1 property");
    assert.equal(only({ maxProperties: 2 }, { a: 1, b: 2, c: 3 }).message, "must have at most 2 properties");
  });

  test("dependentRequired", () => {
    const schema = { dependentRequired: { card: ["billing", "cvc"] } };
    assertValid(schema, {}, { billing: 1 }, { card: 1, billing: 1, cvc: 1 });
    assert.deepEqual(only(schema, { card: 1, billing: 1 }), {
      path: [],
      message: 'missing property "cvc" (required when "card" is present)',
    });
  });

  test("dependentSchemas", () => {
    const schema = { dependentSchemas: { card: { required: ["billing"], properties: { billing: { type: "string" } } } } };
    assertValid(schema, {}, { billing: 5 }, { card: 1, billing: "x" });
    assertInvalid(schema, { card: 1 }, { card: 1, billing: 5 });
  });

  test("draft 7 dependencies, both forms", () => {
    const schema = { dependencies: { a: ["b"], c: { required: ["d"] } } };
    assertValid(schema, { a: 1, b: 1 }, { c: 1, d: 1 }, {});
    assertInvalid(schema, { a: 1 }, { c: 1 });
  });
});

describe("arrays", () => {
  test("items applies to every item, with the index in the path", () => {
    const schema = { type: "array", items: { type: "number" } };
    assertValid(schema, [], [1, 2.5]);
    assert.deepEqual(issues(schema, [1, "a", 2, null]), [
      { path: [1], message: "expected number, got string" },
      { path: [3], message: "expected number, got null" },
    ]);
  });

  test("prefixItems, then items for the rest", () => {
    const tuple = { prefixItems: [{ type: "string" }, { type: "number" }] };
    assertValid(tuple, [], ["a"], ["a", 1], ["a", 1, "anything"]);
    assertInvalid(tuple, [1], ["a", "b"]);
    const closed = { prefixItems: [{ type: "string" }], items: false };
    assertValid(closed, [], ["a"]);
    assert.equal(only(closed, ["a", "b"]).message, "must have at most 1 item (items is false)");
    const rest = { prefixItems: [{ type: "string" }], items: { type: "number" } };
    assertValid(rest, ["a", 1, 2]);
    assert.deepEqual(only(rest, ["a", 1, "x"]), { path: [2], message: "expected number, got string" });
  });

  test("draft 7 array-form items and additionalItems", () => {
    const schema = { items: [{ type: "string" }], additionalItems: { type: "number" } };
    assertValid(schema, ["a", 1]);
    assertInvalid(schema, [1], ["a", "b"]);
  });

  test("contains, minContains and maxContains", () => {
    assertValid({ contains: { type: "string" } }, ["a"], [1, "a"]);
    assert.equal(only({ contains: { type: "string" } }, [1, 2]).message, "must contain at least one item matching contains");
    assertInvalid({ contains: { type: "string" } }, []);
    const counted = { contains: { type: "string" }, minContains: 2, maxContains: 3 };
    assertValid(counted, ["a", "b"], ["a", 1, "b", "c"]);
    assert.equal(only(counted, ["a", 1]).message, "must contain at least 2 items matching contains");
    assert.equal(only(counted, ["a", "b", "c", "d"]).message, "must contain at most 3 items matching contains");
    assertValid({ contains: { type: "string" }, minContains: 0 }, [], [1]);
  });

  test("minItems and maxItems", () => {
    assertValid({ minItems: 1, maxItems: 2 }, [1], [1, 2]);
    assert.equal(only({ minItems: 2 }, [1]).message, "must have at least 2 items");
    assert.equal(only({ maxItems: 1 }, [1, 2]).message, "must have at most 1 item");
  });

  test("uniqueItems compares deeply", () => {
    assertValid({ uniqueItems: true }, [], [1, "1", true], [{ a: 1 }, { a: 2 }], [[1], [1, 1]]);
    assert.equal(only({ uniqueItems: true }, [1, 2, 1]).message, "must not contain duplicate items (items 0 and 2 are equal)");
    assertInvalid(
      { uniqueItems: true },
      [
        { a: 1, b: 2 },
        { b: 2, a: 1 },
      ],
      [
        [1, 2],
        [1, 2],
      ],
      [null, null],
    );
    assertValid({ uniqueItems: false }, [1, 1]);
  });

  test("uniqueItems on large arrays", () => {
    const many = Array.from({ length: 500 }, (_, i) => ({ id: i, tags: [i % 7] }));
    assertValid(
      { uniqueItems: true },
      many,
      Array.from({ length: 500 }, (_, i) => i),
    );
    assertInvalid({ uniqueItems: true }, [...many, { tags: [3], id: 10 }], [...Array.from({ length: 100 }, (_, i) => i), 5]);
  });
});

describe("numbers", () => {
  test("inclusive and exclusive bounds", () => {
    assertValid({ minimum: 1, maximum: 3 }, 1, 2, 3);
    assert.equal(only({ minimum: 1 }, 0).message, "must be >= 1");
    assert.equal(only({ maximum: 3 }, 4).message, "must be <= 3");
    assertValid({ exclusiveMinimum: 1, exclusiveMaximum: 3 }, 1.5, 2);
    assert.equal(only({ exclusiveMinimum: 1 }, 1).message, "must be > 1");
    assert.equal(only({ exclusiveMaximum: 3 }, 3).message, "must be < 3");
    // The tighter of the two bounds wins.
    assert.equal(only({ minimum: 5, exclusiveMinimum: 1 }, 4).message, "must be >= 5");
  });

  test("out of both bounds reports both", () => {
    assert.equal(issues({ minimum: 10, multipleOf: 3 }, 7).length, 2);
  });

  test("multipleOf, including decimal steps", () => {
    assertValid({ multipleOf: 3 }, 0, 9, -3);
    assertValid({ multipleOf: 0.1 }, 0.3, 0.7, 1.1, 19.9);
    assertValid({ multipleOf: 0.01 }, 4.35, 19.99);
    assertInvalid({ multipleOf: 0.1 }, 0.35);
    assert.equal(only({ multipleOf: 3 }, 10).message, "must be a multiple of 3");
  });

  test("number keywords ignore other types", () => {
    assertValid({ minimum: 5, multipleOf: 2 }, "1", null);
  });
});

describe("strings", () => {
  test("minLength and maxLength count code points", () => {
    assertValid({ minLength: 2, maxLength: 3 }, "ab", "abc", "😀😀", "é😀x");
    assert.equal(only({ minLength: 2 }, "😀").message, "must be at least 2 characters long");
    assert.equal(only({ maxLength: 1 }, "ab").message, "must be at most 1 character long");
    assertValid({ maxLength: 1 }, "😀");
    assertValid({ minLength: 1 }, "a");
    assertInvalid({ minLength: 1 }, "");
  });

  test("pattern is an unanchored unicode regex", () => {
    assertValid({ pattern: "b" }, "abc");
    assertValid({ pattern: "^\\p{Lu}" }, "Élan");
    assert.deepEqual(only({ pattern: "^\\d+$" }, "12a"), { path: [], message: 'must match pattern "^\\\\d+$"' });
    assertValid({ pattern: "^\\d+$" }, 12);
  });

  test("an invalid pattern fails at compile time", () => {
    assert.throws(() => compileJsonSchema({ properties: { a: { pattern: "(" } } }), /Invalid JSON Schema at #\/properties\/a\/pattern/);
  });

  test("formats", () => {
    assertValid({ format: "email" }, "a@example.com", "first.last+tag@sub.example.org");
    assertInvalid({ format: "email" }, "a@", "@example.com", "a b@example.com", "a@example", "a..b@example.com");
    assertValid({ format: "uri" }, "https://example.com/a?b=c#d", "urn:isbn:0451450523", "mailto:a@b.c");
    assertInvalid({ format: "uri" }, "example.com", "/relative", "http://exa mple.com", "http://x/%zz");
    assertValid({ format: "date" }, "2024-02-29", "2023-12-31");
    assertInvalid({ format: "date" }, "2023-02-29", "2024-13-01", "2024-1-01", "20240101");
    assertValid(
      { format: "date-time" },
      "2024-05-01T10:20:30Z",
      "2024-05-01T10:20:30.123+02:00",
      "2024-05-01t10:20:30z",
      "2024-05-01T10:20:30",
    );
    assertInvalid({ format: "date-time" }, "2024-05-01", "2024-05-01T25:00:00Z", "2024-05-01T10:60:00Z", "yesterday");
    assertValid({ format: "uuid" }, "123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000");
    assertInvalid({ format: "uuid" }, "123e4567e89b12d3a456426614174000", "123e4567-e89b-12d3-a456-42661417400g");
    assert.equal(only({ format: "email" }, "nope").message, "must be a valid email");
  });

  test("unknown formats and non-strings pass", () => {
    assertValid({ format: "x-custom" }, "anything");
    assertValid({ format: "constructor" }, "anything");
    assertValid({ format: "email" }, 5, null);
  });
});

describe("combinators", () => {
  test("allOf reports the issues of each failing subschema", () => {
    const schema = { allOf: [{ minLength: 2 }, { pattern: "^a" }] };
    assertValid(schema, "ab");
    assert.deepEqual(
      issues(schema, "b").map((i) => i.message),
      ["must be at least 2 characters long", 'must match pattern "^a"'],
    );
  });

  test("anyOf is summarised", () => {
    const schema = { anyOf: [{ type: "string", maxLength: 2 }, { type: "number" }] };
    assertValid(schema, "ab", 5);
    assert.deepEqual(issues(schema, "abc"), [{ path: [], message: "must match at least one schema in anyOf" }]);
  });

  test("oneOf needs exactly one match", () => {
    const schema = { oneOf: [{ type: "integer" }, { minimum: 2 }] };
    assertValid(schema, 1, 2.5);
    assert.equal(only(schema, 3).message, "must match exactly one schema in oneOf (matched more than one)");
    assert.equal(only(schema, 1.5).message, "must match exactly one schema in oneOf (matched none)");
  });

  test("not", () => {
    assertValid({ not: { type: "string" } }, 1, null);
    assert.equal(only({ not: { type: "string" } }, "x").message, "must not match the schema in not");
  });

  test("if/then/else", () => {
    const schema = {
      if: { properties: { kind: { const: "n" } }, required: ["kind"] },
      then: { properties: { v: { type: "number" } } },
      else: { properties: { v: { type: "string" } } },
    };
    assertValid(schema, { kind: "n", v: 1 }, { kind: "s", v: "x" }, { v: "x" });
    assert.deepEqual(only(schema, { kind: "n", v: "x" }), { path: ["v"], message: "expected number, got string" });
    assert.deepEqual(only(schema, { v: 1 }), { path: ["v"], message: "expected string, got number" });
    assertValid({ then: false }, 1); // then/else without if are ignored
    assertValid({ if: true }, 1);
  });
});

describe("$ref", () => {
  test("local pointers into $defs and definitions", () => {
    assertValid({ $defs: { n: { type: "number" } }, properties: { a: { $ref: "#/$defs/n" } } }, { a: 1 });
    assert.deepEqual(only({ $defs: { n: { type: "number" } }, properties: { a: { $ref: "#/$defs/n" } } }, { a: "x" }), {
      path: ["a"],
      message: "expected number, got string",
    });
    assertInvalid({ definitions: { n: { type: "number" } }, items: { $ref: "#/definitions/n" } }, [1, "x"]);
  });

  test("pointers with escaped segments", () => {
    const schema = { $defs: { "a/b": { type: "number" }, "c~d": { type: "string" }, "e f": { type: "null" }, "g%h": { const: 1 } } };
    assertValid({ ...schema, $ref: "#/$defs/a~1b" }, 1);
    assertValid({ ...schema, $ref: "#/$defs/c~0d" }, "x");
    assertValid({ ...schema, $ref: "#/$defs/e%20f" }, null);
    assertValid({ ...schema, $ref: "#/$defs/g%25h" }, 1);
    assertInvalid({ ...schema, $ref: "#/$defs/a~1b" }, "x");
  });

  test("recursive refs to the root", () => {
    const tree = {
      type: "object",
      properties: { value: { type: "number" }, children: { type: "array", items: { $ref: "#" } } },
      required: ["value"],
    };
    assertValid(tree, { value: 1 }, { value: 1, children: [{ value: 2, children: [{ value: 3 }] }] });
    assert.deepEqual(only(tree, { value: 1, children: [{ value: 2, children: [{ value: "x" }] }] }), {
      path: ["children", 0, "children", 0, "value"],
      message: "expected number, got string",
    });
  });

  test("mutually recursive definitions", () => {
    const schema = {
      $defs: {
        expr: { anyOf: [{ type: "number" }, { $ref: "#/$defs/sum" }] },
        sum: { type: "object", properties: { plus: { type: "array", items: { $ref: "#/$defs/expr" } } }, required: ["plus"] },
      },
      $ref: "#/$defs/expr",
    };
    assertValid(schema, 1, { plus: [1, { plus: [2, 3] }] });
    assertInvalid(schema, "x", { plus: [1, { plus: ["x"] }] });
  });

  test("$anchor", () => {
    const schema = { $defs: { pos: { $anchor: "positive", type: "number", exclusiveMinimum: 0 } }, items: { $ref: "#positive" } };
    assertValid(schema, [1, 2]);
    assertInvalid(schema, [1, 0]);
  });

  test("$id changes the base URI of nested refs", () => {
    const schema = {
      $id: "https://example.com/schemas/root.json",
      $defs: {
        item: {
          $id: "item.json",
          type: "object",
          properties: { size: { $ref: "#/$defs/size" } },
          $defs: { size: { type: "integer" } },
        },
        size: { type: "string" },
      },
      properties: {
        byRelative: { $ref: "item.json" },
        byAbsolute: { $ref: "https://example.com/schemas/item.json" },
        rootSize: { $ref: "#/$defs/size" },
      },
    };
    assertValid(schema, { byRelative: { size: 1 }, byAbsolute: { size: 2 }, rootSize: "m" });
    assertInvalid(schema, { byRelative: { size: "m" } }, { byAbsolute: { size: 1.5 } }, { rootSize: 1 });
  });

  test("$anchor inside an $id resource", () => {
    const schema = {
      $id: "https://example.com/root.json",
      $defs: { other: { $id: "other.json", $defs: { x: { $anchor: "x", type: "boolean" } } } },
      $ref: "other.json#x",
    };
    assertValid(schema, true);
    assertInvalid(schema, 1);
  });

  test("$ref applies alongside sibling keywords", () => {
    const schema = { $defs: { s: { type: "string" } }, $ref: "#/$defs/s", maxLength: 2 };
    assertValid(schema, "ab");
    assertInvalid(schema, "abc", 1);
  });

  test("remote refs are never fetched: compile fails", () => {
    assert.throws(() => compileJsonSchema({ $ref: "https://example.com/schema.json" }), /remote references are never fetched/);
    assert.throws(
      () => compileJsonSchema({ properties: { a: { $ref: "other.json#/x" } } }),
      /Cannot resolve \$ref "other.json#\/x" at #\/properties\/a\/\$ref/,
    );
  });

  test("unresolvable local refs fail at compile time, even when unused", () => {
    assert.throws(() => compileJsonSchema({ $ref: "#/$defs/missing" }), /Cannot resolve \$ref "#\/\$defs\/missing".*nothing at/);
    assert.throws(() => compileJsonSchema({ $defs: { a: { $ref: "#nope" } } }), /no \$anchor "nope"/);
  });

  test("a schema that loops on itself fails validation instead of overflowing", () => {
    assert.equal(only({ $ref: "#" }, 1).message, "schema $ref recursion is too deep");
    const loop = { $defs: { a: { allOf: [{ $ref: "#/$defs/b" }] }, b: { anyOf: [{ $ref: "#/$defs/a" }] } }, $ref: "#/$defs/a" };
    assert.equal(compileJsonSchema(loop)(1).ok, false);
  });
});

describe("unevaluatedProperties and unevaluatedItems", () => {
  test("sees properties declared in allOf", () => {
    const schema = { allOf: [{ properties: { a: {} } }], properties: { b: {} }, unevaluatedProperties: false };
    assertValid(schema, { a: 1, b: 2 });
    assert.deepEqual(only(schema, { a: 1, c: 3 }), { path: ["c"], message: 'unexpected property "c"' });
  });

  test("only counts anyOf/oneOf branches that passed", () => {
    const schema = {
      anyOf: [
        { properties: { kind: { const: "a" }, a: {} }, required: ["kind"] },
        { properties: { kind: { const: "b" }, b: {} }, required: ["kind"] },
      ],
      unevaluatedProperties: false,
    };
    assertValid(schema, { kind: "a", a: 1 }, { kind: "b", b: 1 });
    assertInvalid(schema, { kind: "a", b: 1 });
    assertValid({ ...schema, oneOf: schema.anyOf, anyOf: undefined }, { kind: "b", b: 1 });
  });

  test("follows if/then/else and $ref", () => {
    const schema = {
      $defs: { base: { properties: { id: {} } } },
      $ref: "#/$defs/base",
      if: { properties: { t: { const: 1 } }, required: ["t"] },
      then: { properties: { one: {} } },
      else: { properties: { other: {} } },
      unevaluatedProperties: false,
    };
    assertValid(schema, { id: 1, t: 1, one: 1 });
    // A failed `if` contributes nothing: "t" is then evaluated by nobody.
    assertInvalid(schema, { id: 1, t: 2, other: 1 });
    assertValid({ ...schema, properties: { t: {} } }, { id: 1, t: 2, other: 1 });
    assertInvalid(schema, { t: 1, other: 1 }, { t: 2, one: 1 });
  });

  test("patternProperties and additionalProperties count as evaluated; schemas validate the rest", () => {
    assertValid({ patternProperties: { "^x": {} }, unevaluatedProperties: false }, { xa: 1 });
    assertValid({ additionalProperties: true, unevaluatedProperties: false }, { a: 1 });
    const typed = { properties: { a: {} }, unevaluatedProperties: { type: "number" } };
    assertValid(typed, { a: "x", b: 1 });
    assert.deepEqual(only(typed, { a: "x", b: "y" }), { path: ["b"], message: "expected number, got string" });
  });

  test("nested: an inner unevaluatedProperties evaluates everything for the outer one", () => {
    const schema = { allOf: [{ unevaluatedProperties: true }], unevaluatedProperties: false };
    assertValid(schema, { anything: 1 });
  });

  test("unevaluatedItems with prefixItems, items and contains", () => {
    const schema = { allOf: [{ prefixItems: [{ type: "string" }] }], unevaluatedItems: false };
    assertValid(schema, [], ["a"]);
    assert.deepEqual(only(schema, ["a", 1]), { path: [1], message: "unexpected item" });
    assertValid({ allOf: [{ items: true }], unevaluatedItems: false }, [1, 2]);
    assertValid({ contains: { type: "string" }, unevaluatedItems: { type: "number" } }, ["a", 1, "b"]);
    assertInvalid({ contains: { type: "string" }, unevaluatedItems: { type: "number" } }, ["a", null]);
  });
});

describe("boolean schemas and unknown keywords", () => {
  test("true and false", () => {
    assertValid(true, 1, null, {}, "x");
    assert.deepEqual(only(false, 1), { path: [], message: "value is not allowed" });
    assertValid({ properties: { a: true, b: false } }, { a: 1 });
    assert.deepEqual(only({ properties: { a: true, b: false } }, { b: 1 }), { path: ["b"], message: "value is not allowed" });
  });

  test("unknown keywords and annotations are ignored", () => {
    const schema = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $comment: "note",
      title: "T",
      description: "D",
      examples: [{ $ref: "https://never.example/fetched" }],
      "x-mcp-header": "X-Thing",
      nullable: true,
      deprecated: true,
      properties: { a: { type: "string", "x-mcp-header": "X-A", default: { $ref: "#/nowhere" } } },
    };
    assertValid(schema, { a: "x" });
    assertInvalid(schema, { a: 1 });
  });

  test("malformed known keywords fail at compile time", () => {
    assert.throws(() => compileJsonSchema({ minLength: "3" }), /Invalid JSON Schema at #\/minLength: must be a non-negative integer/);
    assert.throws(() => compileJsonSchema({ properties: { a: 5 } }), /at #\/properties\/a: expected a schema/);
    assert.throws(() => compileJsonSchema({ anyOf: [] }), /at #\/anyOf: must be a non-empty array/);
    assert.throws(() => compileJsonSchema({ multipleOf: 0 }), /multipleOf: must be greater than 0/);
  });
});

describe("applyDefaults", () => {
  const schema: JsonSchema = {
    type: "object",
    properties: {
      units: { type: "string", default: "metric" },
      days: { type: "integer", default: 3 },
      tags: { type: "array", default: ["a"] },
      nested: { type: "object", properties: { deep: { type: "boolean", default: false } } },
      unit: { $ref: "#/$defs/unit" },
      list: { type: "array", items: { type: "object", properties: { n: { default: 0 } } } },
    },
    required: ["days"],
    $defs: { unit: { type: "string", default: "kg" } },
  };

  test("fills missing properties on a copy, recursively in objects that exist", () => {
    const input = { nested: {}, list: [{}, { n: 5 }] };
    const before = structuredClone(input);
    const result = compileJsonSchema(schema, { applyDefaults: true })(input);
    assert.ok(result.ok);
    assert.deepEqual(result.value, {
      units: "metric",
      days: 3,
      tags: ["a"],
      unit: "kg",
      nested: { deep: false },
      list: [{ n: 0 }, { n: 5 }],
    });
    assert.deepEqual(input, before, "the input is never mutated");
    assert.notEqual(result.value, input);
  });

  test("does not create missing parents", () => {
    const result = compileJsonSchema({ properties: { nested: { properties: { deep: { default: 1 } } } } }, { applyDefaults: true })({});
    assert.ok(result.ok);
    assert.deepEqual(result.value, {});
  });

  test("returns the input itself when nothing is missing", () => {
    const input = { units: "si", days: 1, tags: [], unit: "g", nested: { deep: true }, list: [{ n: 1 }] };
    const result = compileJsonSchema(schema, { applyDefaults: true })(input);
    assert.ok(result.ok);
    assert.equal(result.value, input);
  });

  test("default values are copied, never shared between calls", () => {
    const validate = compileJsonSchema(schema, { applyDefaults: true });
    const first = validate({});
    assert.ok(first.ok);
    (first.value as { tags: string[] }).tags.push("mutated");
    const second = validate({});
    assert.ok(second.ok);
    assert.deepEqual((second.value as { tags: string[] }).tags, ["a"]);
  });

  test("a default satisfies required, and the filled value is validated", () => {
    assert.ok(compileJsonSchema(schema, { applyDefaults: true })({}).ok);
    assert.equal(compileJsonSchema(schema)({}).ok, false);
    const bad = compileJsonSchema({ properties: { a: { type: "number", default: "x" } } }, { applyDefaults: true })({});
    assert.equal(bad.ok, false);
  });

  test("without applyDefaults the input is returned as is", () => {
    const input = {};
    const result = compileJsonSchema(schema)({ days: 1 });
    assert.ok(result.ok);
    assert.deepEqual(result.value, { days: 1 });
    const same = compileJsonSchema({ type: "object" })(input);
    assert.ok(same.ok);
    assert.equal(same.value, input);
  });

  test("through allOf and recursive refs", () => {
    const tree = {
      $defs: { node: { type: "object", properties: { v: { default: 0 }, kids: { type: "array", items: { $ref: "#/$defs/node" } } } } },
      allOf: [{ $ref: "#/$defs/node" }],
    };
    const result = compileJsonSchema(tree, { applyDefaults: true })({ kids: [{ kids: [{ v: 9 }] }] });
    assert.ok(result.ok);
    assert.deepEqual(result.value, { v: 0, kids: [{ v: 0, kids: [{ v: 9 }] }] });
  });

  test("a filled default is used as written, even in a recursive schema", () => {
    const schema = { type: "object", properties: { name: { default: "n" }, child: { $ref: "#", default: {} } } };
    const result = compileJsonSchema(schema, { applyDefaults: true })({});
    assert.ok(result.ok);
    assert.deepEqual(result.value, { name: "n", child: {} });
  });

  test("an own __proto__ key is copied as data, not as a prototype", () => {
    const input = JSON.parse('{"__proto__": {"polluted": true}}');
    const result = compileJsonSchema({ properties: { a: { default: 1 } } }, { applyDefaults: true })(input);
    assert.ok(result.ok);
    const value = result.value as Record<string, unknown>;
    assert.equal(value.a, 1);
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.ok(Object.hasOwn(value, "__proto__"));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe("bounded work", () => {
  const nest = (levels: number): unknown => {
    let v: unknown = {};
    for (let i = 0; i < levels; i++) v = { a: v };
    return v;
  };
  const recursive = { type: "object", additionalProperties: { $ref: "#" } };

  test("values nested deeper than 256 levels get an issue, not a stack overflow", () => {
    assertValid(recursive, nest(255));
    const issue = only(recursive, nest(100_000));
    assert.equal(issue.message, "value is nested too deeply (more than 256 levels)");
    assert.equal(issue.path.length, 257);
  });

  test("deep values in const and uniqueItems comparisons", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 1000; i++) deep = [deep];
    assert.equal(compileJsonSchema({ const: [1] })(deep).ok, false);
    let other: unknown = 1;
    for (let i = 0; i < 1000; i++) other = [other];
    const result = compileJsonSchema({ uniqueItems: true })([deep, other]);
    assert.equal(result.ok, false);
  });

  test("issues are capped", () => {
    const found = issues(
      { items: { type: "string" } },
      Array.from({ length: 1000 }, (_, i) => i),
    );
    assert.equal(found.length, 100);
  });

  test("a validator is reusable after failures", () => {
    const validate = compileJsonSchema({ items: { type: "string" }, unevaluatedItems: false });
    assert.equal(validate(Array.from({ length: 1000 }, (_, i) => i)).ok, false);
    assert.ok(validate(["a"]).ok);
    assert.equal(validate([1]).ok, false);
    const second = validate([1]);
    assert.ok(!second.ok);
    assert.deepEqual(second.issues, [{ path: [0], message: "expected string, got number" }]);
  });
});

describe("MCP conformance schema", () => {
  const schema: JsonSchema = JSON.parse(
    `{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","$defs":{"address":{"$anchor":"addr","type":"object","properties":{"street":{"type":"string"},"city":{"type":"string"}}}},"properties":{"name":{"type":"string"},"address":{"$ref":"#/$defs/address"},"shipping":{"$ref":"#addr"},"contact":{"allOf":[{"type":"object"},{"anyOf":[{"required":["email"]},{"required":["phone"]}]}]},"kind":{"type":"string"},"value":{}},"if":{"properties":{"kind":{"const":"number"}}},"then":{"properties":{"value":{"type":"number"}}},"else":{"properties":{"value":{"type":"string"}}},"additionalProperties":false}`,
  );
  const validate = compileJsonSchema(schema);

  test("accepts valid inputs", () => {
    for (const input of [
      {},
      // Without "kind" the `if` holds vacuously, so `then` applies.
      { value: 42 },
      { name: "Ada", address: { street: "1 Main St", city: "Springfield" }, shipping: { city: "Shelbyville" } },
      { contact: { email: "ada@example.com" } },
      { contact: { phone: "555", email: "x" } },
      { kind: "number", value: 42 },
      { kind: "text", value: "forty-two" },
      { name: "Ada", contact: { phone: "555" }, kind: "number", value: 1.5, address: {}, shipping: {} },
    ]) {
      const result = validate(input);
      assert.ok(result.ok, `${JSON.stringify(input)}: ${JSON.stringify(result.ok ? null : result.issues)}`);
      assert.equal(result.value, input);
    }
  });

  test("rejects invalid inputs with precise issues", () => {
    const cases: [unknown, ValidationIssue[]][] = [
      ["text", [{ path: [], message: "expected object, got string" }]],
      [{ name: 1 }, [{ path: ["name"], message: "expected string, got number" }]],
      [{ address: { city: 5 } }, [{ path: ["address", "city"], message: "expected string, got number" }]],
      [{ shipping: { street: false } }, [{ path: ["shipping", "street"], message: "expected string, got boolean" }]],
      [{ shipping: "Main St" }, [{ path: ["shipping"], message: "expected object, got string" }]],
      [{ contact: {} }, [{ path: ["contact"], message: "must match at least one schema in anyOf" }]],
      [{ contact: "ada@example.com" }, [{ path: ["contact"], message: "expected object, got string" }]],
      [{ kind: "number", value: "42" }, [{ path: ["value"], message: "expected number, got string" }]],
      [{ kind: "text", value: 42 }, [{ path: ["value"], message: "expected string, got number" }]],
      [{ value: "42" }, [{ path: ["value"], message: "expected number, got string" }]],
      [{ kind: 1, value: "x" }, [{ path: ["kind"], message: "expected string, got number" }]],
      [{ extra: true }, [{ path: ["extra"], message: 'unexpected property "extra"' }]],
    ];
    for (const [input, expected] of cases) {
      const result = validate(input);
      assert.ok(!result.ok, `${JSON.stringify(input)} should be invalid`);
      assert.deepEqual(result.issues, expected, JSON.stringify(input));
    }
  });

  test("collects every issue of the object", () => {
    const result = validate({ name: 1, address: { city: 2 }, contact: {}, kind: "number", value: "x", extra: 1 });
    assert.ok(!result.ok);
    assert.deepEqual(
      new Set(result.issues.map((i) => `${i.path.join(".")}: ${i.message}`)),
      new Set([
        "name: expected string, got number",
        "address.city: expected string, got number",
        "contact: must match at least one schema in anyOf",
        "value: expected number, got string",
        'extra: unexpected property "extra"',
      ]),
    );
  });

  test("defaults are not invented for it", () => {
    const input = { name: "Ada" };
    const result = compileJsonSchema(schema, { applyDefaults: true })(input);
    assert.ok(result.ok);
    assert.equal(result.value, input);
  });
});
