/**
 * What mcpkit needs of a Redis connection: one raw command at a time. node-redis's client
 * (`createClient`) has it as `sendCommand`; so do its cluster and Valkey-compatible clients.
 */
export interface RedisCommands {
  sendCommand(args: string[]): Promise<unknown>;
}

/** Every key mcpkit writes starts with this (default "mcpkit:"), so one Redis can hold several apps. */
export const DEFAULT_PREFIX = "mcpkit:";
