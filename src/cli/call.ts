import { cliCommandsFor } from "./messages.ts";

/** Exit codes of the CLI and the wizard. */
export const EXIT = { ok: 0, failed: 1, usage: 2, unreachable: 3, badKey: 4 } as const;

/** A failure to show the user plainly, with the exit code it ends with. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
  }
}

/** The service the CLI talks to, and where its settings came from (for messages). */
export interface Target {
  url: string;
  /** "SWITCHER_URL", a config file's path, or "the default". */
  urlSource?: string;
  configFile?: string;
}

type Result<T> = { data?: T; error?: unknown; response: Response };

function unreachable(target: Target, cause: string): CliError {
  const where =
    target.urlSource === undefined
      ? ""
      : target.urlSource === "the default"
        ? ` The URL is the default: set SWITCHER_URL, or run \`npm run wizard\` (it writes ${target.configFile}).`
        : ` The URL comes from ${target.urlSource}.`;
  return new CliError(`Cannot reach the switcher at ${target.url} (${cause}). Start it with \`npm start\` in its folder, or point SWITCHER_URL at it.${where}`, EXIT.unreachable);
}

/**
 * Runs one typed-client call and turns every way it can fail into a CliError that says what to do:
 * the service is down, the key is wrong, or the service refused with its own message.
 */
export async function call<T>(target: Target, keyName: string, request: () => Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await request();
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw unreachable(target, (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message);
  }
  if (result.response.ok && result.data !== undefined) return result.data;
  if (result.response.status === 401) {
    const file = target.configFile ? ` or in ${target.configFile}` : "";
    throw new CliError(`The switcher refused ${keyName}: set it to the service's key in the environment${file} (\`npm run wizard\` writes it).`, EXIT.badKey);
  }
  const message = (result.error as { error?: { message?: string } } | undefined)?.error?.message;
  throw new CliError(message ? cliCommandsFor(message) : `The switcher answered HTTP ${result.response.status}.`);
}

export function requireKey(value: string | undefined, name: string, configFile?: string): string {
  if (!value) {
    const file = configFile ? ` or ${configFile}` : "";
    throw new CliError(`${name} is not set: add it to the environment${file} (\`npm run wizard\` writes it).`, EXIT.usage);
  }
  return value;
}
