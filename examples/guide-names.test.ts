// Every tool, resource and prompt of the guide (building-mcp-servers-with-python.md) is served
// under the guide's own name and arguments, by the example of its chapter and by the showcase.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { McpServer } from "mcpkit";
import { connect } from "mcpkit/testing";

// Read off the guide, every @mcp.tool, @mcp.resource and @mcp.prompt in order: the name, the
// arguments (a tool's with their JSON Schema type and default; a prompt's are all required)
// or the URI template, and the example that has it. examples/README.md shows the same table.
const GUIDE = `
| hello | tool | name: string = "World" | hello-world |
| calculate | tool | operation: string, a: number, b: number | calculator |
| fetch_weather | tool | city: string | weather |
| search_database | tool | query: string, limit: integer = 10, offset: integer = 0, sort_by: string = "relevance" | database |
| divide | tool | a: number, b: number | calculator |
| add | tool | a: number, b: number | calculator |
| subtract | tool | a: number, b: number | calculator |
| get_file | resource | file://{path} | files |
| get_database_record | resource | database://{table}/{id} | database |
| get_api_data | resource | api://{endpoint} | api |
| get_image | resource | image://{path} | images |
| search_query | prompt | query | prompts |
| debug_error | prompt | error | prompts |
| log_message | tool | message: string | progress |
| process_files | tool | files: array | progress |
| query_db | tool | sql: string | database |
| web_scrape | tool | url: string | web-scraper |
`;

type Row = { name: string; kind: "tool" | "resource" | "prompt"; spec: string; example: string };
type Argument = { name: string; type?: string; default?: unknown; required: boolean };

const rows = (table: string): Row[] =>
  table
    .trim()
    .split("\n")
    .map((line) => {
      const [name, kind, spec, example] = line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim());
      return { name, kind: kind as Row["kind"], spec, example };
    });

/** "limit: integer = 10" -> { name: "limit", type: "integer", default: 10, required: false } */
const parseArguments = (spec: string): Argument[] =>
  spec.split(/,\s*/).map((part) => {
    const match = /^(\w+)(?::\s*(\w+))?(?:\s*=\s*(.+))?$/.exec(part);
    assert.ok(match, `argument spec "${part}"`);
    const [, name, type, fallback] = match;
    return { name, type, ...(fallback === undefined ? {} : { default: JSON.parse(fallback) }), required: fallback === undefined };
  });

type Client = Awaited<ReturnType<typeof connect>>;
type Schema = { properties?: Record<string, { type?: string; default?: unknown }>; required?: string[] };

/** What is wrong with how `client` serves `row`, or nothing. */
async function problems(client: Client, row: Row): Promise<string[]> {
  const where = `${row.kind} ${row.name}`;
  if (row.kind === "resource") {
    const template = (await client.listAllResourceTemplates()).find((t) => t.name === row.name);
    if (!template) return [`${where}: missing`];
    return template.uriTemplate === row.spec ? [] : [`${where}: template ${template.uriTemplate}, the guide has ${row.spec}`];
  }
  const wanted = parseArguments(row.spec);
  if (row.kind === "prompt") {
    const prompt = (await client.listAllPrompts()).find((p) => p.name === row.name);
    if (!prompt) return [`${where}: missing`];
    const args = prompt.arguments ?? [];
    return [
      ...wanted
        .filter((w) => !args.some((a) => a.name === w.name && a.required === true))
        .map((w) => `${where}: no required argument ${w.name}`),
      ...args
        .filter((a) => a.required && !wanted.some((w) => w.name === a.name))
        .map((a) => `${where}: requires ${a.name}, which the guide does not have`),
    ];
  }
  const tool = (await client.listAllTools()).find((t) => t.name === row.name);
  if (!tool) return [`${where}: missing`];
  const schema = tool.inputSchema as Schema;
  const properties = schema.properties ?? {};
  const required = schema.required ?? [];
  const found: string[] = [];
  for (const w of wanted) {
    const property = Object.hasOwn(properties, w.name) ? properties[w.name] : undefined;
    if (!property) {
      found.push(`${where}: no argument ${w.name}`);
      continue;
    }
    if (property.type !== w.type) found.push(`${where}: ${w.name} is ${property.type}, the guide's is ${w.type}`);
    if (required.includes(w.name) !== w.required)
      found.push(`${where}: ${w.name} is ${w.required ? "optional" : "required"} here, not in the guide`);
    if (!w.required) {
      try {
        assert.deepEqual(property.default, w.default);
      } catch {
        found.push(`${where}: ${w.name} defaults to ${JSON.stringify(property.default)}, the guide's to ${JSON.stringify(w.default)}`);
      }
    }
  }
  // Extra arguments are welcome, as long as a call written from the guide still works.
  for (const name of required)
    if (!wanted.some((w) => w.name === name)) found.push(`${where}: requires ${name}, which the guide does not have`);
  return found;
}

// The guide lives next to the repository in this team's setup; elsewhere that check is skipped.
const GUIDE_PATH = process.env.MCPKIT_GUIDE ?? new URL("../../shared/seed/building-mcp-servers-with-python.md", import.meta.url);
function readable(): boolean {
  try {
    readFileSync(GUIDE_PATH);
    return true;
  } catch {
    return false;
  }
}

const load = async (example: string): Promise<McpServer<never>> =>
  ((await import(`./${example}/server.ts`)) as { mcp: McpServer<never> }).mcp;

test(
  "the table covers every @mcp.tool, @mcp.resource and @mcp.prompt of the guide",
  { skip: !readable() && "the guide is not on this machine" },
  () => {
    const guide = readFileSync(GUIDE_PATH, "utf8");
    const defined = [...guide.matchAll(/@mcp\.(tool|resource|prompt)\([^)]*\)\s*\n\s*(?:async\s+)?def\s+(\w+)/g)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    assert.deepEqual(
      rows(GUIDE).map((r) => `${r.kind} ${r.name}`),
      defined,
    );
  },
);

test("examples/README.md shows the same table", () => {
  const readme = readFileSync(new URL("./README.md", import.meta.url), "utf8");
  const shown = [...readme.matchAll(/^\| `(\w+)` \| (\w+) \| `([^`]+)` \| \[([\w-]+)\]/gm)].map(
    (m) => `${m[1]} | ${m[2]} | ${m[3]} | ${m[4]}`,
  );
  assert.deepEqual(
    shown,
    rows(GUIDE).map((r) => `${r.name} | ${r.kind} | ${r.spec} | ${r.example}`),
  );
});

for (const era of ["modern", "legacy"] as const) {
  test(`every name of the guide is served by its chapter's example (${era})`, async () => {
    const found: string[] = [];
    const byExample = new Map<string, Row[]>();
    for (const row of rows(GUIDE)) byExample.set(row.example, [...(byExample.get(row.example) ?? []), row]);
    for (const [example, entries] of byExample) {
      const client = await connect(await load(example), { era });
      try {
        for (const row of entries) found.push(...(await problems(client, row)).map((p) => `${example}: ${p}`));
      } finally {
        await client.close();
      }
    }
    assert.deepEqual(found, []);
  });

  test(`every name of the guide is served by the showcase (${era})`, async () => {
    const client = await connect(await load("showcase"), { era });
    try {
      const found: string[] = [];
      for (const row of rows(GUIDE)) found.push(...(await problems(client, row)));
      assert.deepEqual(found, []);
    } finally {
      await client.close();
    }
  });
}
