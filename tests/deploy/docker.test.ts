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
    const [build, run] = pkg.scripts.start!.split(" && ");
    expect(build).toBe("npm run -s build");
    expect(dockerfile).toMatch(/npm run build/);
    const cmd = JSON.parse(/^CMD (.*)$/m.exec(dockerfile)![1]!) as string[];
    expect(cmd.join(" ")).toBe(run);
    expect(cmd.at(-1)).toBe("dist/src/server.js");
  });

  it("reports healthy only when ready", () => {
    expect(dockerfile).toMatch(/^HEALTHCHECK[\s\S]*\/readyz/m);
  });
});

describe("docker-compose.replicas.yml", () => {
  const compose = YAML.parse(read("docker-compose.replicas.yml"), { merge: true }) as {
    services: Record<string, { image?: string; build?: string; environment?: Record<string, unknown>; depends_on?: Record<string, unknown>; volumes?: string[]; stop_grace_period?: string }>;
  };
  const replicas = Object.keys(compose.services).filter((name) => name.startsWith("switcher-"));

  it("runs at least two switcher replicas on one Postgres, with one sealing key", () => {
    expect(replicas.length).toBeGreaterThanOrEqual(2);
    for (const name of replicas) {
      const env = compose.services[name]!.environment!;
      expect(String(env.DATABASE_URL)).toMatch(/@postgres:5432\/switcher$/);
      expect(String(env.ROUTER_KMS_KEY)).toMatch(/^\$\{ROUTER_KMS_KEY:\?/);
      expect(compose.services[name]!.stop_grace_period).toBeTruthy();
    }
  });

  it("puts Caddy in front, checking each replica's /readyz", () => {
    const caddy = compose.services.caddy!;
    expect(caddy.image).toMatch(/^caddy:/);
    expect(Object.keys(caddy.depends_on!)).toEqual(replicas);
    const caddyfile = read(caddy.volumes![0]!.split(":")[0]!);
    expect(caddyfile).toMatch(/health_uri \/readyz/);
    for (const name of replicas) expect(caddyfile).toContain(`${name}:8080`);
  });
});
