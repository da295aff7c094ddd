/**
 * The server's own components, registered with `mcp.tool()` and friends: the first provider
 * the engine asks. Shared by every client, so it holds nothing that belongs to one of them.
 */
import type { Prompt, Resource, ResourceTemplate, Tool } from "../protocol/types.ts";
import { ComponentList } from "./component-list.ts";
import type { PromptEntry } from "./prompts.ts";
import type { ComponentProvider, ListKind, TemplateMatch } from "./providers.ts";
import type { StaticResourceEntry, TemplateEntry } from "./resources.ts";
import type { ToolEntry } from "./tools.ts";

export class Registry implements ComponentProvider {
  readonly tools: ComponentList<Tool, ToolEntry>;
  readonly prompts: ComponentList<Prompt, PromptEntry>;
  readonly resources: ComponentList<Resource, StaticResourceEntry>;
  readonly templates: ComponentList<ResourceTemplate, TemplateEntry>;
  private readonly listeners = new Set<(kind: ListKind) => void>();

  constructor() {
    this.tools = new ComponentList("tool", () => this.changed("tools"));
    this.prompts = new ComponentList("prompt", () => this.changed("prompts"));
    this.resources = new ComponentList("resource", () => this.changed("resources"));
    this.templates = new ComponentList("resource template", () => this.changed("resources"));
  }

  // Registered (even if disabled now) is what the capabilities declare, so that they stay put.
  offers(kind: ListKind | "completions"): boolean {
    if (kind === "tools") return this.tools.size > 0;
    if (kind === "prompts") return this.prompts.size > 0;
    if (kind === "resources") return this.resources.size > 0 || this.templates.size > 0;
    return this.prompts.size > 0 || this.templates.size > 0;
  }

  listTools(): readonly ToolEntry[] {
    return this.tools.enabled();
  }
  getTool(name: string): ToolEntry | undefined {
    return this.tools.get(name);
  }
  listResources(): readonly StaticResourceEntry[] {
    return this.resources.enabled();
  }
  getResource(uri: string): StaticResourceEntry | undefined {
    return this.resources.get(uri);
  }
  listTemplates(): readonly TemplateEntry[] {
    return this.templates.enabled();
  }
  getTemplate(uriTemplate: string): TemplateEntry | undefined {
    return this.templates.get(uriTemplate);
  }
  listPrompts(): readonly PromptEntry[] {
    return this.prompts.enabled();
  }
  getPrompt(name: string): PromptEntry | undefined {
    return this.prompts.get(name);
  }

  /** The first enabled template that matches `uri`, with its variables. */
  matchTemplate(uri: string): TemplateMatch | undefined {
    for (const entry of this.templates.enabled()) {
      const variables = entry.template.match(uri);
      if (variables) return { entry, variables };
    }
    return undefined;
  }

  watch(listener: (kind: ListKind) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(kind: ListKind): void {
    for (const listener of this.listeners) listener(kind);
  }
}
