/** A resource template: the IANA timezones of a region, with completion for the region. */
import { ResourceNotFoundError, type McpServer } from "mcpkit";

const zones = (): string[] => Intl.supportedValuesOf("timeZone");
const regions = (): string[] =>
  [
    ...new Set(
      zones()
        .map((z) => z.split("/")[0])
        .filter((r) => r !== "UTC"),
    ),
  ].sort();

export function register<S>(mcp: McpServer<S>): void {
  mcp.resource(
    "timezones://{region}",
    {
      description: "The IANA timezone names of a region (Europe, America, Asia, ...), one per line",
      mimeType: "text/plain",
      complete: { region: (value) => regions().filter((r) => r.toLowerCase().startsWith(value.toLowerCase())) },
    },
    ({ region }, ctx) => {
      const names = zones().filter((z) => z.startsWith(`${region}/`));
      if (names.length === 0) {
        throw new ResourceNotFoundError(ctx.uri, `Unknown region "${region}"; try one of: ${regions().join(", ")}`);
      }
      return names.join("\n");
    },
  );
}
