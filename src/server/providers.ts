/**
 * Where the engine finds components: an ordered list of providers, each asked through one
 * interface that may answer at once (the server's own registry, a mounted server) or later
 * (a proxy, an OpenAPI description). The first provider that knows a name or URI answers for
 * it; lists are every provider's entries in provider order, a key listed once. Entries carry
 * their handlers, so what a provider returns is what the engine runs.
 */
import type { Prompt, Resource, ResourceTemplate, Tool } from "../protocol/types.ts";
import type { Bus, ListKind } from "../state/bus.ts";
import { permits } from "./access.ts";
import type { ComponentEntry } from "./component-list.ts";
import type { AuthInfo } from "./context.ts";
import type { PromptEntry } from "./prompts.ts";
import type { StaticResourceEntry, TemplateEntry } from "./resources.ts";
import type { ToolEntry } from "./tools.ts";

export type MaybePromise<T> = T | Promise<T>;

export type { ListKind };

/** What a list method answers, and whether it depends on who asks (then no shared cache may keep it). */
export interface Listing<D> {
  items: readonly D[];
  perCaller: boolean;
}

export interface TemplateMatch {
  entry: TemplateEntry;
  variables: Record<string, string | string[]>;
}

/** A source of components. Every method may answer with a value or a promise of one. */
export interface ComponentProvider {
  /** Whether it has (or may have) components of a kind: what the server's capabilities declare. */
  offers(kind: ListKind | "completions"): boolean;
  listTools(): MaybePromise<readonly ToolEntry[]>;
  getTool(name: string): MaybePromise<ToolEntry | undefined>;
  listResources(): MaybePromise<readonly StaticResourceEntry[]>;
  getResource(uri: string): MaybePromise<StaticResourceEntry | undefined>;
  listTemplates(): MaybePromise<readonly TemplateEntry[]>;
  /** The template registered as `uriTemplate` (completion refs name templates this way). */
  getTemplate(uriTemplate: string): MaybePromise<TemplateEntry | undefined>;
  /** The first of its templates that matches `uri`, with the variables. */
  matchTemplate(uri: string): MaybePromise<TemplateMatch | undefined>;
  listPrompts(): MaybePromise<readonly PromptEntry[]>;
  getPrompt(name: string): MaybePromise<PromptEntry | undefined>;
  /** Calls `listener` when what it provides changes; returns the function that stops that. */
  watch?(listener: (kind: ListKind) => void): () => void;
}

/** Applies `fn` now to a value, or later to a promise's: keeps the local path synchronous. (Not named `then`: a module exporting `then` is a thenable to `await import()`.) */
export function chain<T, R>(value: MaybePromise<T>, fn: (value: T) => MaybePromise<R>): MaybePromise<R> {
  return value instanceof Promise ? value.then(fn) : fn(value);
}

type Lister<E> = (provider: ComponentProvider) => MaybePromise<readonly E[]>;
type Getter<E> = (provider: ComponentProvider, key: string) => MaybePromise<E | undefined>;

const listTools: Lister<ToolEntry> = (p) => p.listTools();
const listResources: Lister<StaticResourceEntry> = (p) => p.listResources();
const listTemplates: Lister<TemplateEntry> = (p) => p.listTemplates();
const listPrompts: Lister<PromptEntry> = (p) => p.listPrompts();
// Module-level, so that the lookup on every call allocates no closure.
const getTool: Getter<ToolEntry> = (p, name) => p.getTool(name);
const getResource: Getter<StaticResourceEntry> = (p, uri) => p.getResource(uri);
const getTemplate: Getter<TemplateEntry> = (p, uriTemplate) => p.getTemplate(uriTemplate);
const getPrompt: Getter<PromptEntry> = (p, name) => p.getPrompt(name);
const matchTemplate: Getter<TemplateMatch> = (p, uri) => p.matchTemplate(uri);

/** The engine's view of every provider of one server, and the list-changed publisher. */
export class Components {
  private readonly providers: ComponentProvider[] = [];
  private readonly stops = new Map<ComponentProvider, () => void>();
  private readonly definitionCache = new Map<Lister<ComponentEntry<unknown>>, { listing: Listing<unknown>; guarded: boolean }>();
  /** Bumped on every change, so what is derived from the components can be cached against it. */
  revision = 0;

  constructor(
    private readonly bus: Bus,
    first: ComponentProvider,
  ) {
    this.add(first);
  }

  /** Adds a provider after the others (its names lose to theirs) and announces its lists. */
  add(provider: ComponentProvider): void {
    this.providers.push(provider);
    const stop = provider.watch?.((kind) => this.changed(kind));
    if (stop) this.stops.set(provider, stop);
    if (this.providers.length > 1) for (const kind of ["tools", "resources", "prompts"] as const) this.changed(kind);
  }

  /** Takes a provider out; its components disappear from every list. */
  remove(provider: ComponentProvider): void {
    const at = this.providers.indexOf(provider);
    if (at < 0) return;
    this.providers.splice(at, 1);
    this.stops.get(provider)?.();
    this.stops.delete(provider);
    for (const kind of ["tools", "resources", "prompts"] as const) this.changed(kind);
  }

  offers(kind: ListKind | "completions"): boolean {
    return this.providers.some((p) => p.offers(kind));
  }

  tool(name: string): MaybePromise<ToolEntry | undefined> {
    return this.first(getTool, name);
  }

  resource(uri: string): MaybePromise<StaticResourceEntry | undefined> {
    return this.first(getResource, uri);
  }

  template(uriTemplate: string): MaybePromise<TemplateEntry | undefined> {
    return this.first(getTemplate, uriTemplate);
  }

  prompt(name: string): MaybePromise<PromptEntry | undefined> {
    return this.first(getPrompt, name);
  }

  matchTemplate(uri: string): MaybePromise<TemplateMatch | undefined> {
    return this.first(matchTemplate, uri);
  }

  /** The entry a static resource or else a template gives for `uri`. */
  findResource(uri: string): MaybePromise<TemplateMatch | { entry: StaticResourceEntry; variables: Record<string, never> } | undefined> {
    return chain(this.resource(uri), (entry) => (entry ? { entry, variables: {} } : this.matchTemplate(uri)));
  }

  tools(): MaybePromise<readonly ToolEntry[]> {
    return this.all(listTools);
  }
  resources(): MaybePromise<readonly StaticResourceEntry[]> {
    return this.all(listResources);
  }
  templates(): MaybePromise<readonly TemplateEntry[]> {
    return this.all(listTemplates);
  }
  prompts(): MaybePromise<readonly PromptEntry[]> {
    return this.all(listPrompts);
  }

  /**
   * What the list methods answer: the definitions `auth` may use (every one when `all`),
   * cached while nothing changes and every provider answered at once.
   */
  toolDefinitions(auth?: AuthInfo, all = false): MaybePromise<Listing<Tool>> {
    return this.definitions(listTools, auth, all) as MaybePromise<Listing<Tool>>;
  }
  resourceDefinitions(auth?: AuthInfo, all = false): MaybePromise<Listing<Resource>> {
    return this.definitions(listResources, auth, all) as MaybePromise<Listing<Resource>>;
  }
  templateDefinitions(auth?: AuthInfo, all = false): MaybePromise<Listing<ResourceTemplate>> {
    return this.definitions(listTemplates, auth, all) as MaybePromise<Listing<ResourceTemplate>>;
  }
  promptDefinitions(auth?: AuthInfo, all = false): MaybePromise<Listing<Prompt>> {
    return this.definitions(listPrompts, auth, all) as MaybePromise<Listing<Prompt>>;
  }

  private definitions<E extends ComponentEntry<unknown>>(
    lister: Lister<E>,
    auth: AuthInfo | undefined,
    all: boolean,
  ): MaybePromise<Listing<unknown>> {
    const key = lister as Lister<ComponentEntry<unknown>>;
    const cached = this.definitionCache.get(key);
    if (cached && (all || !cached.guarded)) return cached.listing;
    return chain(this.all(lister), (entries) => {
      const guarded = entries.some((e) => e.access !== undefined);
      const listing = { items: entries.map((e) => e.definition), perCaller: false };
      // A provider that cannot say when it changes is asked every time.
      if (this.providers.every((p) => p.watch)) this.definitionCache.set(key, { listing, guarded });
      if (all || !guarded) return listing;
      return { items: entries.filter((e) => permits(e.access, auth)).map((e) => e.definition), perCaller: true };
    });
  }

  private first<E>(get: Getter<E>, key: string, from = 0): MaybePromise<E | undefined> {
    for (let i = from; i < this.providers.length; i++) {
      const found = get(this.providers[i], key);
      if (found instanceof Promise) return found.then((entry) => entry ?? this.first(get, key, i + 1));
      if (found !== undefined) return found;
    }
    return undefined;
  }

  private all<E extends ComponentEntry<unknown>>(lister: Lister<E>): MaybePromise<readonly E[]> {
    if (this.providers.length === 1) return lister(this.providers[0]);
    const lists = this.providers.map(lister);
    const merge = (resolved: ReadonlyArray<readonly E[]>): E[] => {
      const seen = new Set<string>();
      const out: E[] = [];
      for (const list of resolved) {
        for (const entry of list) {
          if (seen.has(entry.key)) continue;
          seen.add(entry.key);
          out.push(entry);
        }
      }
      return out;
    };
    return lists.some((l) => l instanceof Promise) ? Promise.all(lists).then(merge) : merge(lists as Array<readonly E[]>);
  }

  private changed(kind: ListKind): void {
    this.revision++;
    this.definitionCache.clear();
    this.bus.publish("list-changed", { kind });
  }
}
