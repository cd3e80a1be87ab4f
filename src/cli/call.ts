
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

type Result<T> = { data?: T; error?: unknown; response: Response };

/**
 * Runs one typed-client call and turns every way it can fail into a CliError that says what to do:
 * the service is down, the key is wrong, or the service refused with its own message.
 */
export async function call<T>(url: string, keyName: string, request: () => Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await request();
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    throw new CliError(
      `Cannot reach the switcher at ${url} (${cause}). Start it with \`npm start\`, or point SWITCHER_URL at it.`,
      EXIT.unreachable,
    );
  }
  if (result.response.ok && result.data !== undefined) return result.data;
  if (result.response.status === 401) {
    throw new CliError(`The switcher refused ${keyName}: make it match the service's (in .env or the environment).`, EXIT.badKey);
  }
  const message = (result.error as { error?: { message?: string } } | undefined)?.error?.message;
  throw new CliError(message ?? `The switcher answered HTTP ${result.response.status}.`);
}

export function requireKey(value: string | undefined, name: string): string {
  if (!value) throw new CliError(`${name} is not set: add it to .env (\`npm run wizard\` writes one) or the environment.`, EXIT.usage);
  return value;
}

