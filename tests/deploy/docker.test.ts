import { readFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/process.ts";

// No Docker engine runs where the tests run: these check what can be checked without one.
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
const envExampleNames = () => [...read(".env.example").matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);

describe("docker-compose.yml", () => {
  const compose = YAML.parse(read("docker-compose.yml")) as {
    services: Record<string, { image?: string; build?: string; environment?: Record<string, unknown>; healthcheck?: unknown; depends_on?: unknown; ports?: string[]; volumes?: string[] }>;
    volumes: Record<string, unknown>;
  };

  it("runs postgres:16 with a health check and a named volume", () => {
    const pg = compose.services.postgres!;
    expect(pg.image).toBe("postgres:16");
    expect(pg.healthcheck).toBeTruthy();
    const volume = pg.volumes![0]!.split(":")[0]!;
    expect(Object.keys(compose.volumes)).toContain(volume);
  });

  it("runs switcher-api on :8080 against that Postgres once it is healthy", () => {
    const api = compose.services["switcher-api"]!;
    expect(api.build).toBe(".");
    expect(api.depends_on).toEqual({ postgres: { condition: "service_healthy" } });
    expect(String(api.environment!.DATABASE_URL)).toMatch(/^postgresql:\/\/switcher:.*@postgres:5432\/switcher$/);
    expect(api.ports).toEqual(["127.0.0.1:${PORT:-8080}:8080"]);
  });

  it("names every variable .env.example documents", () => {
    const named = Object.keys(compose.services["switcher-api"]!.environment!);
    const documented = envExampleNames();
    expect(documented.length).toBeGreaterThanOrEqual(10);
    for (const name of documented) expect(named, name).toContain(name);
  });
});

describe("Dockerfile", () => {
  const dockerfile = read("Dockerfile");

  it("builds in stages on Node 24 slim and runs as a non-root user", () => {
    expect(dockerfile.match(/^FROM node:24-slim/gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
  });

  it("runs the same install and checks as CI, and starts the service as npm start does", () => {
    const ci = read(".ci/run");
    const runs = [...dockerfile.matchAll(/^RUN (.*)$/gm)].flatMap((m) => m[1]!.split("&&").map((c) => c.trim()));
    for (const command of runs.filter((c) => c.startsWith("npm ") && !c.startsWith("npm prune"))) {
      expect(ci, command).toContain(command.replace(/ --no-audit --no-fund$/, ""));
    }
    const pkg = JSON.parse(read("package.json")) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toContain("src/server.ts");
    expect(dockerfile).toContain('CMD ["node", "--import", "tsx", "src/server.ts"]');
  });
});
