import { readFileSync } from "node:fs";
import path from "node:path";

const DIR = path.resolve(import.meta.dirname, "../fixtures");

/** A recorded provider stream or body from tests/fixtures/. */
export function fixture(name: string): string {
  return readFileSync(path.join(DIR, name), "utf8");
}
