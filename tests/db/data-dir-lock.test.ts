import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lockDataDir } from "../../src/db/data-dir-lock.ts";

describe("lockDataDir", () => {
  it("refuses a folder another running process holds, naming its pid", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "switcher-lock-"));
    await writeFile(path.join(dir, "switcher.lock"), `${process.ppid}\n`);
    expect(() => lockDataDir(dir)).toThrow(`Another Model Switcher (pid ${process.ppid}) is using the embedded database in ${dir}`);
  });

  it("takes over a lock left by a process that no longer runs, and releases it", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "switcher-lock-"));
    await writeFile(path.join(dir, "switcher.lock"), "2147483646\n");
    const release = lockDataDir(dir);
    expect(await readFile(path.join(dir, "switcher.lock"), "utf8")).toBe(`${process.pid}\n`);
    release();
    await expect(readFile(path.join(dir, "switcher.lock"), "utf8")).rejects.toThrow(/ENOENT/);
  });
});
