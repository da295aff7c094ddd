/** `mcpkit list <target> [tools|resources|templates|prompts]`: what a server offers. */
import { clientOptions, parse, parseEra, parseHeaders } from "../args.ts";
import { CliError, type CliCommand } from "../command.ts";
import { formatPrompts, formatResources, formatTemplates, formatTools, paint, writeJson, writeLines } from "../output.ts";
import { parseTarget, withClient } from "../target.ts";
import { readLoginOptions } from "../login.ts";
import { TARGET_HELP } from "./target-help.ts";
import type { Prompt, Resource, ResourceTemplate, Tool } from "../../protocol/types.ts";

const KINDS = ["tools", "resources", "templates", "prompts"] as const;
type Kind = (typeof KINDS)[number];

export const listCommand: CliCommand = {
  name: "list",
  summary: "List a server's tools, resources, resource templates and prompts",
  help: `Usage: mcpkit list <target> [tools|resources|templates|prompts] [options]
       mcpkit list [kind] [options] -- <command> [args...]

Lists what a server offers: everything, or one kind.

${TARGET_HELP}

Examples:
  mcpkit list server.ts
  mcpkit list server.ts tools --json
  mcpkit list http://127.0.0.1:8000/mcp prompts
  mcpkit list -- node build/server.js`,

  async run(argv, io) {
    const { values, positionals, rest } = parse("list", argv, clientOptions);
    const era = parseEra(values.era);
    const headers = parseHeaders(values.header);
    const { target, positionals: left } = parseTarget("list", positionals, rest, io);
    if (left.length > 1) throw new CliError(`list: unexpected argument "${left[1]}"`);
    const kind = left[0]?.toLowerCase();
    if (kind !== undefined && !(KINDS as readonly string[]).includes(kind)) {
      throw new CliError(`list: unknown kind "${left[0]}"; expected ${KINDS.join(", ")}`);
    }
    const wanted: readonly Kind[] = kind ? [kind as Kind] : KINDS;
    const found = await withClient(target, { era, headers, login: readLoginOptions(values) }, io, async (client) => {
      const caps = client.serverCapabilities ?? {};
      const has = (k: Kind) => wanted.includes(k) && Boolean(k === "templates" ? caps.resources : caps[k]);
      const listed: Listed = {
        tools: has("tools") ? await client.listAllTools() : [],
        resources: has("resources") ? await client.listAllResources() : [],
        templates: has("templates") ? await client.listAllResourceTemplates() : [],
        prompts: has("prompts") ? await client.listAllPrompts() : [],
      };
      return { listed, server: client.serverInfo, era: client.era };
    });
    const { listed } = found;
    if (values.json) {
      if (kind) writeJson(io, listed[kind as Kind]);
      else
        writeJson(io, {
          server: found.server,
          era: found.era,
          tools: listed.tools,
          resources: listed.resources,
          resourceTemplates: listed.templates,
          prompts: listed.prompts,
        });
      return 0;
    }
    const p = paint(io);
    const sections: Record<Kind, string[]> = {
      tools: formatTools(listed.tools, p),
      resources: formatResources(listed.resources, p),
      templates: formatTemplates(listed.templates, p),
      prompts: formatPrompts(listed.prompts, p),
    };
    if (kind) {
      writeLines(io, sections[kind as Kind]);
      return 0;
    }
    const lines: string[] = [];
    for (const k of KINDS) {
      if (lines.length) lines.push("");
      lines.push(p.bold(`${TITLES[k]} (${listed[k].length})`), ...sections[k].map((l) => `  ${l}`));
    }
    writeLines(io, lines);
    return 0;
  },
};

interface Listed {
  tools: Tool[];
  resources: Resource[];
  templates: ResourceTemplate[];
  prompts: Prompt[];
}

const TITLES: Record<Kind, string> = { tools: "Tools", resources: "Resources", templates: "Resource templates", prompts: "Prompts" };
