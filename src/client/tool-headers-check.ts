/**
 * SEP-2243: a tool whose `x-mcp-header` annotations break the rules cannot be called correctly
 * over HTTP, so the client leaves it out of what `tools/list` gives the user. The rules: a
 * non-empty header name of token characters (RFC 9110 §5.6.2), on a string, integer or boolean
 * property, unique without regard to case within the tool.
 */
import { isPlainObject } from "../protocol/jsonrpc.ts";

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const PRIMITIVE = new Set(["string", "integer", "boolean"]);

/** Why `tool` must not be offered, or undefined when its header annotations are sound (or absent). */
export function invalidToolHeaders(tool: unknown): string | undefined {
  if (!isPlainObject(tool) || !isPlainObject(tool.inputSchema)) return undefined;
  const seen = new Set<string>();
  return check(tool.inputSchema, seen, 0);
}

function check(schema: Record<string, unknown>, seen: Set<string>, depth: number): string | undefined {
  if (depth > 32 || !isPlainObject(schema.properties)) return undefined;
  for (const [key, property] of Object.entries(schema.properties)) {
    if (!isPlainObject(property)) continue;
    if ("x-mcp-header" in property) {
      const name = property["x-mcp-header"];
      if (typeof name !== "string" || name === "") return `the x-mcp-header of "${key}" is empty`;
      if (!TOKEN.test(name)) return `the x-mcp-header ${JSON.stringify(name)} of "${key}" is not a valid header name`;
      const types = Array.isArray(property.type) ? property.type : [property.type];
      if (!types.every((type) => typeof type === "string" && PRIMITIVE.has(type))) {
        return `"${key}" has an x-mcp-header but is not a string, integer or boolean`;
      }
      const folded = name.toLowerCase();
      if (seen.has(folded)) return `the x-mcp-header ${JSON.stringify(name)} appears twice`;
      seen.add(folded);
    }
    const nested = check(property, seen, depth + 1);
    if (nested) return nested;
  }
  return undefined;
}
