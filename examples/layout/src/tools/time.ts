/** Tools about dates and times. */
import { ToolError, type McpServer } from "mcpkit";
import { z } from "zod";

/** The wall-clock time in `timeZone` as "YYYY-MM-DD HH:MM:SS". */
export function formatInZone(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

export function register<S>(mcp: McpServer<S>): void {
  mcp.tool(
    "time_in_zone",
    {
      description: "The wall-clock time in an IANA timezone, now or at a given instant.",
      input: {
        timezone: z.string().default("UTC").describe('IANA timezone, e.g. "Europe/Paris" (see timezones://{region})'),
        at: z.iso.datetime({ offset: true }).optional().describe("An ISO 8601 instant; now when left out"),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ timezone, at }) => {
      try {
        return `${formatInZone(at ? new Date(at) : new Date(), timezone)} (${timezone})`;
      } catch {
        throw new ToolError(`Unknown timezone "${timezone}"; use an IANA name such as "Europe/Paris"`);
      }
    },
  );
}
