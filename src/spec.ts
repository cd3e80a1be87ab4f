import { readFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { PACKAGE_ROOT } from "./package-root.ts";

export const SPEC_PATH = path.join(PACKAGE_ROOT, "openapi/switcher.yaml");

/** The contract, as text (served at /openapi.yaml) and as a parsed document. */
export function loadSpec(): { text: string; document: Record<string, unknown> } {
  const text = readFileSync(SPEC_PATH, "utf8");
  return { text, document: YAML.parse(text) as Record<string, unknown> };
}
