import { execFileSync } from "node:child_process";
import { chromium, type Browser } from "playwright-core";

/** Debian's Chromium (installed by .ci/run with apt-get); CHROMIUM_PATH overrides. */
function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execFileSync("which", ["chromium"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("This test drives a real browser: install Chromium (`apt-get install -y chromium`) or set CHROMIUM_PATH.");
  }
}

/** Headless Chromium as the browser tests drive it: no sandbox (CI runs as root), nothing fetched from outside. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
}
