/**
 * One definition per method: which eras have it, what capability it needs, whether its
 * modern answer carries cache hints or may take `input_required` rounds, and its handler.
 * The engine dispatches from this table and both codecs read it, so a method (core, era
 * specific or an extension's) is described once. A Map: method names come from the wire.
 */
import type { ServerCapabilities } from "../protocol/types.ts";
import type { Era } from "../protocol/versions.ts";
import type { Context } from "./context.ts";
import type { OperationResult } from "./middleware.ts";

export type MethodHandler = (ctx: Context<never>) => Promise<OperationResult> | OperationResult;

export interface MethodDefinition {
  name: string;
  /** The eras whose clients may call it; a method is absent from every other era. */
  eras: readonly Era[];
  /** A capability the server must advertise for the method to exist (modern era: -32601 otherwise). */
  capability?: keyof ServerCapabilities & string;
  /** Modern answers carry `ttlMs` and `cacheScope`. */
  cached?: boolean;
  /** Modern requests may end a round with `input_required` and come back with `requestState`. */
  multiRound?: boolean;
  handler: MethodHandler;
}

export class MethodTable {
  private readonly methods = new Map<string, MethodDefinition>();

  /** Adds a method; a name can be defined once. */
  define(definition: MethodDefinition): void {
    if (this.methods.has(definition.name)) throw new Error(`The method "${definition.name}" is already defined`);
    this.methods.set(definition.name, definition);
  }

  /** Adds methods unless the first is there already: a codec's methods, added by each of its sessions. */
  defineOnce(...definitions: MethodDefinition[]): void {
    if (definitions.length === 0 || this.methods.has(definitions[0].name)) return;
    for (const definition of definitions) this.define(definition);
  }

  /** The method as the given era knows it, or undefined when that era has no such method. */
  get(name: string, era: Era): MethodDefinition | undefined {
    const definition = this.methods.get(name);
    return definition?.eras.includes(era) ? definition : undefined;
  }

  has(name: string): boolean {
    return this.methods.has(name);
  }
}
