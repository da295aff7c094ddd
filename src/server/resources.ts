import type { Annotations, CacheHint, Icon, Meta, Resource, ResourceContents, ResourceTemplate } from "../protocol/types.ts";
import { accessOf, type AccessOptions } from "./access.ts";
import type { ComponentEntry } from "./component-list.ts";
import type { Context } from "./context.ts";
import type { Completer } from "./completions.ts";
import { toResourceContents, type ResourceValue } from "./results.ts";
import { UriTemplate } from "./uri-template.ts";

export interface ResourceOptions<Vars extends string = string> extends AccessOptions {
  name?: string;
  title?: string;
  description?: string;
  mimeType?: string;
  size?: number;
  annotations?: Annotations;
  icons?: Icon[];
  meta?: Meta;
  enabled?: boolean;
  /** Cache hint for `resources/read` on the modern era (defaults to the server's). */
  cache?: Partial<CacheHint>;
  /** Templates only: suggestions for each variable, for `completion/complete`. */
  complete?: { [K in Vars]?: Completer };
  /** Templates only: the concrete resources it stands for, added to `resources/list`. */
  list?: () => Resource[] | Promise<Resource[]>;
}

/** Variable names of a template string, as a union type: "db://{table}/{id}" -> "table" | "id". */
export type TemplateVariables<T extends string> = T extends `${string}{${infer Expr}}${infer Rest}`
  ? ExpressionNames<Expr> | TemplateVariables<Rest>
  : never;
type ExpressionNames<E extends string> = E extends `${"+" | "#" | "." | "/" | ";" | "?" | "&"}${infer N}` ? VarList<N> : VarList<E>;
type VarList<L extends string> = L extends `${infer A},${infer B}` ? VarName<A> | VarList<B> : VarName<L>;
type VarName<V extends string> = V extends `${infer N}*` ? N : V extends `${infer N}:${string}` ? N : V;
/** Exploded variables (`{/path*}`) match as arrays. */
type ExplodedVariables<T extends string> = T extends `${string}{${infer Expr}}${infer Rest}`
  ? ExplodedNames<Expr> | ExplodedVariables<Rest>
  : never;
type ExplodedNames<E extends string> = E extends `${"+" | "#" | "." | "/" | ";" | "?" | "&"}${infer N}` ? ExplodedList<N> : ExplodedList<E>;
type ExplodedList<L extends string> = L extends `${infer A},${infer B}`
  ? ExplodedList<A> | ExplodedList<B>
  : L extends `${infer N}*`
    ? N
    : never;

export type ResourceVariables<T extends string> = string extends T
  ? Record<string, string | string[]>
  : { [K in TemplateVariables<T>]: K extends ExplodedVariables<T> ? string[] : string };

export type ResourceHandler<T extends string, State> = (
  variables: ResourceVariables<T>,
  ctx: Context<State>,
) => ResourceValue | Promise<ResourceValue> | unknown;

export interface StaticResourceEntry extends ComponentEntry<Resource> {
  handler: (variables: Record<string, string | string[]>, ctx: Context<never>) => unknown;
  cache: Partial<CacheHint> | undefined;
}

export interface TemplateEntry extends ComponentEntry<ResourceTemplate> {
  template: UriTemplate;
  handler: StaticResourceEntry["handler"];
  cache: Partial<CacheHint> | undefined;
  complete: Record<string, Completer | undefined>;
  listResources: ResourceOptions["list"];
}

function describe<
  T extends { title?: string; description?: string; mimeType?: string; annotations?: Annotations; icons?: Icon[]; _meta?: Meta },
>(base: T, options: ResourceOptions): T {
  if (options.title !== undefined) base.title = options.title;
  if (options.description !== undefined) base.description = options.description;
  if (options.mimeType !== undefined) base.mimeType = options.mimeType;
  if (options.annotations) base.annotations = options.annotations;
  if (options.icons) base.icons = options.icons;
  if (options.meta) base._meta = options.meta;
  return base;
}

/**
 * The name a resource is listed under when none is given: the handler's own name when it has
 * one (`function getConfig` -> "getConfig"), else the whole URI in words joined by "_"
 * (`config://app` -> "config_app", `db://{table}/{id}` -> "db_table_id"); the last segment
 * alone ("app", "id") tells a person too little.
 */
export function defaultResourceName(uri: string, handler: unknown): string {
  const own = typeof handler === "function" ? handler.name : "";
  if (/^[A-Za-z_$][\w$]*$/.test(own) && own !== "handler") return own;
  const words = uri
    .replace(/\{[+#./;?&]?/g, "")
    .replace(/\*?\}/g, "")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return words.length > 0 ? words.join("_") : uri;
}

export function createStaticResource(uri: string, options: ResourceOptions, handler: StaticResourceEntry["handler"]): StaticResourceEntry {
  try {
    new URL(uri);
  } catch {
    throw new Error(`Resource URI "${uri}" is not a valid absolute URI`);
  }
  const definition = describe<Resource>({ uri, name: options.name ?? defaultResourceName(uri, handler) }, options);
  if (options.size !== undefined) definition.size = options.size;
  return {
    key: uri,
    definition,
    enabled: options.enabled ?? true,
    access: accessOf(options, `resource "${uri}"`),
    handler,
    cache: options.cache,
  };
}

export function createTemplate(uriTemplate: string, options: ResourceOptions, handler: StaticResourceEntry["handler"]): TemplateEntry {
  const template = new UriTemplate(uriTemplate);
  const definition = describe<ResourceTemplate>({ uriTemplate, name: options.name ?? defaultResourceName(uriTemplate, handler) }, options);
  const complete = (options.complete ?? {}) as Record<string, Completer | undefined>;
  for (const name of Object.keys(complete)) {
    if (!template.variableNames.includes(name)) throw new Error(`Template "${uriTemplate}" has no variable "${name}" to complete`);
  }
  return {
    key: uriTemplate,
    definition,
    enabled: options.enabled ?? true,
    access: accessOf(options, `resource template "${uriTemplate}"`),
    template,
    handler,
    cache: options.cache,
    complete,
    listResources: options.list,
  };
}

/** Runs a resource handler and shapes its value as `contents`. */
export async function readWith(
  entry: StaticResourceEntry | TemplateEntry,
  uri: string,
  variables: Record<string, string | string[]>,
  ctx: Context<never>,
): Promise<ResourceContents[]> {
  ctx.uri = uri;
  let value = entry.handler(variables, ctx);
  if (value instanceof Promise) value = await value;
  return toResourceContents(value, uri, entry.definition.mimeType);
}
