/**
 * How the CLI prints what a server offers and what it answers: readable text for people
 * (colour only when `io.color`), `--json` for machines.
 */
import type { CliIo } from "./command.ts";
import type { ContentBlock, Prompt, PromptMessage, Resource, ResourceContents, ResourceTemplate, Tool } from "../protocol/types.ts";

export interface Paint {
  bold(text: string): string;
  dim(text: string): string;
  name(text: string): string;
  ok(text: string): string;
  error(text: string): string;
}

const sgr = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;
const plain = (text: string) => text;

export function paint(io: Pick<CliIo, "color">): Paint {
  if (!io.color) return { bold: plain, dim: plain, name: plain, ok: plain, error: plain };
  return { bold: sgr(1, 22), dim: sgr(2, 22), name: sgr(36, 39), ok: sgr(32, 39), error: sgr(31, 39) };
}

/** Colour for stderr lines, decided by stderr being a terminal (io.color speaks for stdout). */
export function stderrPaint(io: CliIo): Paint {
  const tty = (io.stderr as NodeJS.WriteStream).isTTY === true;
  return paint({ color: tty && !io.env.NO_COLOR });
}

export function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(JSON.stringify(value, null, 2) + "\n");
}

export function writeLines(io: CliIo, lines: string[]): void {
  if (lines.length) io.stdout.write(lines.join("\n") + "\n");
}

export function formatTools(tools: Tool[], p: Paint): string[] {
  if (!tools.length) return [p.dim("(no tools)")];
  const lines: string[] = [];
  for (const tool of tools) {
    lines.push(`${p.bold(p.name(tool.name))}${tool.description ? `  ${firstLine(tool.description)}` : ""}`);
    const properties = (tool.inputSchema?.properties ?? {}) as Record<string, Record<string, unknown>>;
    const required = new Set(Array.isArray(tool.inputSchema?.required) ? (tool.inputSchema.required as string[]) : []);
    for (const [key, schema] of Object.entries(properties)) {
      const type = typeName(schema);
      const notes = [...(required.has(key) ? [] : ["optional"]), ...argumentNotes(schema)];
      const flags = notes.length ? p.dim(` (${notes.join(", ")})`) : "";
      const about = typeof schema?.description === "string" ? ` ${p.dim("-")} ${firstLine(schema.description)}` : "";
      lines.push(`    ${key}: ${type}${flags}${about}`);
    }
  }
  return lines;
}

export function formatResources(resources: Resource[], p: Paint): string[] {
  if (!resources.length) return [p.dim("(no resources)")];
  return resources.map(
    (r) =>
      `${p.bold(p.name(r.uri))}${r.mimeType ? p.dim(` [${r.mimeType}]`) : ""}${describe(r.description ?? (r.name !== r.uri ? r.name : undefined))}`,
  );
}

export function formatTemplates(templates: ResourceTemplate[], p: Paint): string[] {
  if (!templates.length) return [p.dim("(no resource templates)")];
  return templates.map(
    (t) => `${p.bold(p.name(t.uriTemplate))}${t.mimeType ? p.dim(` [${t.mimeType}]`) : ""}${describe(t.description ?? t.name)}`,
  );
}

export function formatPrompts(prompts: Prompt[], p: Paint): string[] {
  if (!prompts.length) return [p.dim("(no prompts)")];
  const lines: string[] = [];
  for (const prompt of prompts) {
    lines.push(`${p.bold(p.name(prompt.name))}${describe(prompt.description)}`);
    for (const arg of prompt.arguments ?? []) {
      lines.push(
        `    ${arg.name}${arg.required ? "" : p.dim(" (optional)")}${arg.description ? ` ${p.dim("-")} ${firstLine(arg.description)}` : ""}`,
      );
    }
  }
  return lines;
}

/** Content blocks as text: text as is, binary parts as a one-line summary. */
export function formatContent(blocks: ContentBlock[], p: Paint): string[] {
  return blocks.flatMap((block): string[] => {
    switch (block.type) {
      case "text":
        return [block.text];
      case "image":
      case "audio":
        return [p.dim(`[${block.type} ${block.mimeType}, ${base64Bytes(block.data)} bytes]`)];
      case "resource_link":
        return [p.dim(`[link ${block.uri}${block.mimeType ? ` ${block.mimeType}` : ""}]`) + describe(block.description)];
      case "resource":
        return formatContents([block.resource], p);
      default:
        return [JSON.stringify(block)];
    }
  });
}

export function formatContents(contents: ResourceContents[], p: Paint): string[] {
  return contents.flatMap((c) =>
    "text" in c && typeof c.text === "string"
      ? contents.length > 1
        ? [p.dim(`--- ${c.uri}`), c.text]
        : [c.text]
      : [p.dim(`[${c.uri}: ${c.mimeType ?? "binary"}, ${base64Bytes((c as { blob?: string }).blob ?? "")} bytes]`)],
  );
}

export function formatMessages(messages: PromptMessage[], p: Paint): string[] {
  return messages.flatMap((m) => [p.bold(`${m.role}:`), ...formatContent([m.content], p).map((line) => indent(line))]);
}

const indent = (text: string) =>
  text
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
const describe = (text: string | undefined) => (text ? `  ${firstLine(text)}` : "");
const firstLine = (text: string) => text.split("\n")[0].trim();
const base64Bytes = (data: string) => Math.floor((data.replace(/=+$/, "").length * 3) / 4);

/** What a user needs to give a valid value: the default and the bounds (the enum is the type). */
function argumentNotes(schema: Record<string, unknown> | undefined): string[] {
  if (!schema) return [];
  const notes: string[] = [];
  if (Object.hasOwn(schema, "default")) notes.push(`default ${JSON.stringify(schema.default)}`);
  const num = (key: string) => {
    const value = schema[key];
    // zod's .int() adds the safe-integer range, which says nothing to a reader.
    return typeof value === "number" && Math.abs(value) < Number.MAX_SAFE_INTEGER ? value : undefined;
  };
  const range = (label: string, min: number | undefined, max: number | undefined) => {
    if (min !== undefined && max !== undefined) notes.push(`${label}${min} to ${max}`);
    else if (min !== undefined) notes.push(`${label}>= ${min}`);
    else if (max !== undefined) notes.push(`${label}<= ${max}`);
  };
  range("", num("minimum"), num("maximum"));
  if (num("exclusiveMinimum") !== undefined) notes.push(`> ${num("exclusiveMinimum")}`);
  if (num("exclusiveMaximum") !== undefined) notes.push(`< ${num("exclusiveMaximum")}`);
  range("length ", num("minLength"), num("maxLength"));
  range("items ", num("minItems"), num("maxItems"));
  if (typeof schema.pattern === "string") notes.push(`pattern ${schema.pattern}`);
  return notes;
}

function typeName(schema: Record<string, unknown> | undefined): string {
  if (!schema) return "any";
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  const type = schema.type;
  if (Array.isArray(type)) return type.join(" | ");
  if (type === "array") return `${typeName(schema.items as Record<string, unknown> | undefined)}[]`;
  if (typeof type === "string") return type;
  const union = (schema.anyOf ?? schema.oneOf) as Record<string, unknown>[] | undefined;
  if (Array.isArray(union)) return union.map((s) => typeName(s)).join(" | ");
  return "any";
}
