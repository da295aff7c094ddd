/** `mcpkit call <target> <tool> key=value ... | --json '{...}'`: call one tool and print its result. */
import { clientOptions, offers, parse, parseEra, parseHeaders, parseJsonObject, parsePairs, takeJsonInput, unknownName } from "../args.ts";
import { CliError, type CliCommand } from "../command.ts";
import { formatContent, paint, writeJson, writeLines } from "../output.ts";
import { parseTarget, withClient } from "../target.ts";
import { readLoginOptions } from "../login.ts";
import { coerceArguments } from "../coerce.ts";
import { checkArgumentNames } from "../check-arguments.ts";
import { TARGET_HELP } from "./target-help.ts";

export const callCommand: CliCommand = {
  name: "call",
  summary: "Call a tool and print its result",
  help: `Usage: mcpkit call <target> <tool> [key=value ...] [options]
       mcpkit call <target> <tool> --json '{"key": "value"}' [options]
       mcpkit call <tool> [key=value ...] [options] -- <command> [args...]

Calls one tool. Each key=value is an argument: the value is read as JSON when it parses
(42, true, [1,2], {"a":1}) and as text otherwise, then fitted to the tool's input schema
(a=01 stays text for a string argument, n=3 becomes a number). --json '{...}' gives all the
arguments as one JSON object instead. A bare --json prints the raw result as JSON.
Exits with 1 when the tool reports an error.

${TARGET_HELP}

Examples:
  mcpkit call server.ts add a=2 b=3
  mcpkit call server.ts search --json '{"query": "mcp", "limit": 5}'
  mcpkit call http://127.0.0.1:8000/mcp hello name=Ada --json`,

  async run(argv, io) {
    const { input, argv: rest } = takeJsonInput(argv);
    const { values, positionals, rest: command } = parse("call", rest, clientOptions);
    const era = parseEra(values.era);
    const headers = parseHeaders(values.header);
    const given = input === undefined ? undefined : parseJsonObject(input, "--json");
    const { target, positionals: left } = parseTarget("call", positionals, command, io);
    const [toolName, ...words] = left;
    if (!toolName) {
      if (target.kind === "command")
        throw new CliError(
          `call: which tool? With a command target the tool's name comes before "--": mcpkit call <tool> [key=value ...] -- ${[target.command, ...target.args].join(" ")}`,
        );
      throw new CliError("call: which tool? Give its name after the target (mcpkit list <target> tools shows them)");
    }
    const pairs = parsePairs(words, "tool arguments");
    const result = await withClient(target, { era, headers, login: readLoginOptions(values) }, io, async (client) => {
      const tools = offers(client, "tools") ? await client.listAllTools() : [];
      const tool = tools.find((t) => t.name === toolName);
      if (!tool)
        throw unknownName(
          "tool",
          toolName,
          tools.map((t) => t.name),
        );
      const args = { ...(given ?? {}), ...coerceArguments(pairs, tool.inputSchema) };
      checkArgumentNames(toolName, args, tool.inputSchema);
      return client.callTool(toolName, args);
    });
    if (values.json) {
      writeJson(io, result);
      return result.isError ? 1 : 0;
    }
    const p = paint(io);
    const lines = formatContent(result.content ?? [], p);
    if (lines.length === 0 && result.structuredContent !== undefined) lines.push(JSON.stringify(result.structuredContent, null, 2));
    if (result.isError) {
      io.stderr.write(`${lines.join("\n") || "the tool reported an error"}\n`);
      return 1;
    }
    writeLines(io, lines);
    return 0;
  },
};
