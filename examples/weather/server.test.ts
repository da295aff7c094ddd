import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { McpServer } from "mcpkit";
import { Client, StdioClientTransport } from "mcpkit/client";
import { connect } from "mcpkit/testing";
import { registerWeather } from "./server.ts";

const textOf = (block: { type: string } | undefined) => (block as { text?: string } | undefined)?.text;

// A stub of the two Open-Meteo endpoints; the city name picks how it misbehaves.
let stub: Server;
let baseUrl: string;
const seen: URL[] = [];
const held = new Set<ServerResponse>();

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

before(async () => {
  stub = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://stub");
    seen.push(url);
    if (url.pathname === "/v1/search") {
      const name = url.searchParams.get("name");
      if (name === "Berlin")
        return json(res, 200, { results: [{ name: "Berlin", latitude: 52.52, longitude: 13.41, country: "Germany" }] });
      if (name === "Nowhere") return json(res, 200, { generationtime_ms: 0.2 });
      if (name === "Slowtown") {
        held.add(res);
        return;
      } // never answers: the tool's timeout must fire
      if (name === "Errortown") return res.writeHead(500, { "content-type": "text/plain" }).end("Internal Server Error");
      if (name === "Garbletown") return res.writeHead(200, { "content-type": "application/json" }).end("<html>oops</html>");
      if (name === "Oddtown") return json(res, 200, { results: [{ name: "Oddtown" }] });
      return json(res, 400, { error: true, reason: "Parameter 'name' is unsupported" });
    }
    if (url.pathname === "/v1/forecast") {
      if (url.searchParams.get("latitude") !== "52.52") return json(res, 400, { error: true, reason: "Bad latitude" });
      if (url.searchParams.has("current")) {
        return json(res, 200, {
          current: { time: "2025-06-01T12:00", temperature_2m: 21.5, relative_humidity_2m: 40, wind_speed_10m: 12.3, weather_code: 2 },
        });
      }
      const days = Number(url.searchParams.get("forecast_days"));
      const daily = {
        time: [] as string[],
        temperature_2m_max: [] as number[],
        temperature_2m_min: [] as number[],
        precipitation_sum: [] as (number | null)[],
        weather_code: [] as number[],
      };
      for (let i = 0; i < days; i++) {
        daily.time.push(`2025-06-0${i + 1}`);
        daily.temperature_2m_max.push(20 + i);
        daily.temperature_2m_min.push(10 + i);
        daily.precipitation_sum.push(i === 1 ? null : 0.5);
        daily.weather_code.push(i === 0 ? 61 : 0);
      }
      return json(res, 200, { daily });
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
});

after(async () => {
  for (const res of held) res.destroy();
  stub.closeAllConnections();
  await new Promise((resolve) => stub.close(resolve));
});

function weatherServer() {
  const mcp = new McpServer({ name: "weather-test", version: "0.0.0" });
  registerWeather(mcp, { baseUrl, timeoutMs: 1_000 });
  return mcp;
}

for (const era of ["modern", "legacy"] as const) {
  test(`get_weather and get_forecast read the upstream (${era})`, async () => {
    const client = await connect(weatherServer(), { era });
    try {
      const names = (await client.listTools()).tools.map((t) => t.name).sort();
      assert.deepEqual(names, ["fetch_weather", "get_forecast", "get_weather"]);

      // The guide's fetch_weather(city): one line of text.
      const line = await client.callTool("fetch_weather", { city: "Berlin" });
      assert.equal(line.isError, undefined);
      assert.equal(textOf(line.content[0]), "Temperature: 21.5°C, Conditions: Partly cloudy");
      const unknown = await client.callTool("fetch_weather", { city: "Nowhere" });
      assert.equal(unknown.isError, true);
      assert.match(textOf(unknown.content[0]) ?? "", /Unknown city/);

      const now = await client.callTool("get_weather", { city: "Berlin" });
      assert.equal(now.isError, undefined);
      assert.deepEqual(now.structuredContent, {
        city: "Berlin",
        country: "Germany",
        time: "2025-06-01T12:00",
        temperature_c: 21.5,
        conditions: "Partly cloudy",
        humidity_percent: 40,
        wind_speed_kmh: 12.3,
      });

      const forecast = await client.callTool("get_forecast", { city: "Berlin", days: 2 });
      assert.equal(forecast.isError, undefined);
      assert.equal(seen.at(-1)?.searchParams.get("forecast_days"), "2");
      assert.deepEqual(forecast.structuredContent, {
        city: "Berlin",
        country: "Germany",
        days: [
          { date: "2025-06-01", high_c: 20, low_c: 10, precipitation_mm: 0.5, conditions: "Slight rain" },
          { date: "2025-06-02", high_c: 21, low_c: 11, precipitation_mm: null, conditions: "Clear sky" },
        ],
      });
      // The default is three days.
      const defaulted = await client.callTool("get_forecast", { city: "Berlin" });
      assert.equal((defaulted.structuredContent as { days: unknown[] }).days.length, 3);
    } finally {
      await client.close();
    }
  });

  test(`upstream failures become clear tool errors (${era})`, async () => {
    const client = await connect(weatherServer(), { era });
    try {
      const failure = async (args: Record<string, unknown>, tool = "get_weather") => {
        const result = await client.callTool(tool, args);
        assert.equal(result.isError, true, `expected an error for ${JSON.stringify(args)}`);
        return textOf(result.content[0]) ?? "";
      };
      assert.match(await failure({ city: "Nowhere" }), /^Unknown city: "Nowhere"/);
      assert.equal(await failure({ city: "Slowtown" }), "The weather service did not answer within 1000 ms; try again later");
      assert.equal(await failure({ city: "Errortown" }), "The weather service answered HTTP 500 (Internal Server Error)");
      assert.equal(
        await failure({ city: "Atlantis" }, "get_forecast"),
        "The weather service answered HTTP 400: Parameter 'name' is unsupported",
      );
      assert.equal(await failure({ city: "Garbletown" }), "The weather service sent an answer that is not valid JSON");
      assert.equal(await failure({ city: "Oddtown" }), "The weather service sent an answer in an unexpected shape");
      assert.match(await failure({ city: "Berlin", days: 40 }, "get_forecast"), /Invalid arguments for tool "get_forecast".*days/);
    } finally {
      await client.close();
    }
  });
}

test("an unreachable upstream is a clear tool error", async () => {
  // A port that was just free: nothing listens there any more.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const deadUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise((resolve) => probe.close(resolve));

  const mcp = new McpServer({ name: "weather-test", version: "0.0.0" });
  registerWeather(mcp, { baseUrl: deadUrl, timeoutMs: 5_000 });
  const client = await connect(mcp);
  try {
    const result = await client.callTool("get_weather", { city: "Berlin" });
    assert.equal(result.isError, true);
    assert.match(textOf(result.content[0]) ?? "", new RegExp(`^Could not reach the weather service at ${deadUrl}: .*ECONNREFUSED`));
  } finally {
    await client.close();
  }
});

test("the example runs over stdio with WEATHER_API_URL pointing at the stub", async () => {
  const client = new Client({ name: "weather-test", version: "0.0.0" });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: ["--conditions=mcpkit-source", "--import", "tsx", "examples/weather/server.ts"],
      env: { WEATHER_API_URL: baseUrl, WEATHER_TIMEOUT_MS: "1000" },
    }),
  );
  try {
    const now = await client.callTool("get_weather", { city: "Berlin" });
    assert.equal((now.structuredContent as { temperature_c?: number }).temperature_c, 21.5);
    const slow = await client.callTool("get_forecast", { city: "Slowtown", days: 1 });
    assert.equal(slow.isError, true);
    assert.equal(textOf(slow.content[0]), "The weather service did not answer within 1000 ms; try again later");
  } finally {
    await client.close();
  }
});
