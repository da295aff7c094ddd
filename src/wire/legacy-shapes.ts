/**
 * Older legacy revisions get answers in their own shape: fields a revision does not define
 * are left out (`title` before 2025-06-18, `icons` before 2025-11-25, ...). The newest
 * legacy revision is served as is, so only clients of older ones pay for the copies.
 */
import { LEGACY_VERSIONS } from "../protocol/versions.ts";

type Json = Record<string, unknown>;

/** The revision that introduced each field; a key absent here is in every revision. */
const SINCE = {
  title: "2025-06-18",
  meta: "2025-06-18",
  outputSchema: "2025-06-18",
  structuredContent: "2025-06-18",
  lastModified: "2025-06-18",
  annotations: "2025-03-26",
  completions: "2025-03-26",
  icons: "2025-11-25",
  description: "2025-11-25",
  websiteUrl: "2025-11-25",
  execution: "2025-11-25",
  tasks: "2025-11-25",
} as const;

type Feature = keyof typeof SINCE;

/** Which fields of each shape came later than 2024-11-05. */
const TOOL: [string, Feature][] = [
  ["title", "title"],
  ["icons", "icons"],
  ["annotations", "annotations"],
  ["outputSchema", "outputSchema"],
  ["_meta", "meta"],
  ["execution", "execution"],
];
const LISTED: [string, Feature][] = [
  ["title", "title"],
  ["icons", "icons"],
  ["_meta", "meta"],
];
const ARGUMENT: [string, Feature][] = [["title", "title"]];
const IMPLEMENTATION: [string, Feature][] = [
  ["title", "title"],
  ["icons", "icons"],
  ["description", "description"],
  ["websiteUrl", "websiteUrl"],
];
const CAPABILITIES: [string, Feature][] = [
  ["completions", "completions"],
  ["tasks", "tasks"],
];
const BLOCK: [string, Feature][] = [["_meta", "meta"]];
const ANNOTATIONS: [string, Feature][] = [["lastModified", "lastModified"]];

const NEWEST = LEGACY_VERSIONS[0];

/** `result` as the negotiated legacy revision defines it. */
export function shapeResult(version: string, method: string, result: Json): Json {
  if (version >= NEWEST) return result;
  const lacks = (feature: Feature) => version < SINCE[feature];
  const drop = (value: unknown, fields: [string, Feature][]): unknown => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
    let copy: Json | undefined;
    for (const [key, feature] of fields) {
      if (lacks(feature) && Object.hasOwn(value, key)) delete (copy ??= { ...(value as Json) })[key];
    }
    return copy ?? value;
  };
  const block = (value: unknown): unknown => {
    const out = drop(value, BLOCK) as Json;
    if (typeof out !== "object" || out === null || !("annotations" in out)) return out;
    const annotations = drop(out.annotations, ANNOTATIONS);
    return annotations === out.annotations ? out : { ...out, annotations };
  };
  const each = (key: string, fn: (item: unknown) => unknown): Json => {
    const list = result[key];
    return Array.isArray(list) ? { ...result, [key]: list.map(fn) } : result;
  };
  switch (method) {
    case "initialize":
      return { ...result, capabilities: drop(result.capabilities, CAPABILITIES), serverInfo: drop(result.serverInfo, IMPLEMENTATION) };
    case "tools/list":
      return each("tools", (tool) => drop(tool, TOOL));
    case "resources/list":
      return each("resources", (resource) => block(drop(resource, LISTED)));
    case "resources/templates/list":
      return each("resourceTemplates", (template) => block(drop(template, LISTED)));
    case "prompts/list":
      return each("prompts", (prompt) => {
        const out = drop(prompt, LISTED) as Json;
        return Array.isArray(out.arguments) ? { ...out, arguments: out.arguments.map((a) => drop(a, ARGUMENT)) } : out;
      });
    case "tools/call": {
      const out = lacks("structuredContent") ? (drop(result, [["structuredContent", "structuredContent"]]) as Json) : result;
      return Array.isArray(out.content) ? { ...out, content: out.content.map(block) } : out;
    }
    case "prompts/get":
      return each("messages", (message) => {
        const m = message as Json;
        return typeof m === "object" && m !== null ? { ...m, content: block(m.content) } : m;
      });
    case "resources/read":
      return each("contents", (contents) => drop(contents, BLOCK));
    default:
      return result;
  }
}
