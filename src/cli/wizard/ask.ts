import { confirm, input, password, select } from "@inquirer/prompts";
import { CliError, EXIT } from "../call.ts";

/**
 * Each question has a flag. With the flag given, it is the answer; with --yes, the default is; else the
 * user is asked. A question with no default under --yes names the flag to pass.
 */
export class Asker {
  constructor(private readonly assumeYes: boolean) {}

  private fallback<T>(flag: string, value: T | undefined): T {
    if (value === undefined) throw new CliError(`--yes needs ${flag} (nothing to default it to).`, EXIT.usage);
    return value;
  }

  /**
   * `check` answers true or what is wrong: a flag or default it refuses ends the wizard (exit 2) naming
   * the flag; a typed answer it refuses is asked again.
   */
  async text(flag: string, given: string | undefined, message: string, defaultValue?: string, check?: (value: string) => Promise<true | string>): Promise<string> {
    const checked = async (value: string) => {
      const verdict = check ? await check(value) : true;
      if (verdict !== true) throw new CliError(`${flag}: ${verdict}`, EXIT.usage);
      return value;
    };
    if (given !== undefined) return checked(given);
    if (this.assumeYes) return checked(this.fallback(flag, defaultValue));
    return input({
      message,
      default: defaultValue,
      validate: async (v) => (v.trim() === "" ? "Please type a value." : check ? check(v) : true),
    });
  }

  async secret(flag: string, given: string | undefined, message: string): Promise<string> {
    if (given !== undefined) return given;
    if (this.assumeYes) return this.fallback<string>(flag, undefined);
    return password({ message, mask: "*", validate: (v) => /^\S+$/.test(v) || "A key has no spaces and is not empty." });
  }

  async choice<T extends string>(flag: string, given: string | undefined, message: string, choices: T[], defaultValue: T): Promise<T> {
    if (given !== undefined) {
      if (!choices.includes(given as T)) throw new CliError(`${flag} must be one of: ${choices.join(", ")}.`, EXIT.usage);
      return given as T;
    }
    if (this.assumeYes) return defaultValue;
    return select({ message, choices: choices.map((value) => ({ value })), default: defaultValue });
  }

  async yesNo(given: boolean | undefined, message: string, defaultValue: boolean): Promise<boolean> {
    if (given !== undefined) return given;
    if (this.assumeYes) return defaultValue;
    return confirm({ message, default: defaultValue });
  }
}
