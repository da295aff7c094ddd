import type { Prompt, Resource, ResourceTemplate, Tool } from "../protocol/types.ts";
import type { Bus } from "../state/bus.ts";
import { ComponentList } from "./component-list.ts";
import type { PromptEntry } from "./prompts.ts";
import type { StaticResourceEntry, TemplateEntry } from "./resources.ts";
import type { ToolEntry } from "./tools.ts";

export type ListKind = "tools" | "prompts" | "resources";

/** Bus topics the registry publishes on; every connection listens to them. */
export const Topics = {
  listChanged: "mcpkit/list-changed",
  resourceUpdated: "mcpkit/resource-updated",
} as const;

/** Every component of a server, shared by all of its clients. */
export class Registry {
  readonly tools: ComponentList<Tool, ToolEntry>;
  readonly prompts: ComponentList<Prompt, PromptEntry>;
  readonly resources: ComponentList<Resource, StaticResourceEntry>;
  readonly templates: ComponentList<ResourceTemplate, TemplateEntry>;
  /** Bumped on every change, so what is derived from the registry can be cached against it. */
  revision = 0;

  constructor(private readonly bus: Bus) {
    this.tools = new ComponentList("tool", () => this.changed("tools"));
    this.prompts = new ComponentList("prompt", () => this.changed("prompts"));
    this.resources = new ComponentList("resource", () => this.changed("resources"));
    this.templates = new ComponentList("resource template", () => this.changed("resources"));
  }

  /** The first enabled template that matches `uri`, with its variables. */
  matchTemplate(uri: string): { entry: TemplateEntry; variables: Record<string, string | string[]> } | undefined {
    for (const entry of this.templates.enabled()) {
      const variables = entry.template.match(uri);
      if (variables) return { entry, variables };
    }
    return undefined;
  }

  private changed(kind: ListKind): void {
    this.revision++;
    this.bus.publish(Topics.listChanged, kind);
  }
}
