import type { Access } from "./access.ts";

/**
 * One kind of component (tools, prompts, resources, templates) keyed by name or URI. The
 * enabled entries are collected once and cached until something changes; the registry is
 * shared by every client, so nothing here belongs to one of them.
 */
export interface ComponentEntry<D> {
  readonly key: string;
  definition: D;
  enabled: boolean;
  /** Who may use it; undefined: anyone who reaches the server. */
  access?: Access;
}

/** What `mcp.tool()` and friends return: switch the component on or off, or remove it. */
export interface ComponentHandle {
  readonly key: string;
  enable(): void;
  disable(): void;
  remove(): void;
  readonly enabled: boolean;
}

export class ComponentList<D, E extends ComponentEntry<D>> {
  private readonly entries = new Map<string, E>();
  private enabledCache: E[] | undefined;

  constructor(
    private readonly kind: string,
    private readonly onChange: () => void,
  ) {}

  add(entry: E): ComponentHandle {
    if (this.entries.has(entry.key)) throw new Error(`A ${this.kind} named "${entry.key}" is already registered; remove it first`);
    this.entries.set(entry.key, entry);
    this.changed();
    const changed = () => this.changed();
    const entries = this.entries;
    return {
      key: entry.key,
      get enabled() {
        return entry.enabled;
      },
      enable() {
        if (!entry.enabled) {
          entry.enabled = true;
          changed();
        }
      },
      disable() {
        if (entry.enabled) {
          entry.enabled = false;
          changed();
        }
      },
      remove() {
        if (entries.get(entry.key) === entry) {
          entries.delete(entry.key);
          changed();
        }
      },
    };
  }

  /** The enabled entry with this key. */
  get(key: string): E | undefined {
    const entry = this.entries.get(key);
    return entry?.enabled ? entry : undefined;
  }

  /** Enabled entries in registration order (deterministic, as the spec asks). */
  enabled(): E[] {
    return (this.enabledCache ??= [...this.entries.values()].filter((e) => e.enabled));
  }

  get size(): number {
    return this.entries.size;
  }

  changed(): void {
    this.enabledCache = undefined;
    this.onChange();
  }
}
