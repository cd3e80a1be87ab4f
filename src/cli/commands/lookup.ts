import type { ProfileView } from "../../api-types.ts";
import { call, CliError, EXIT } from "../call.ts";
import type { CommandContext } from "./context.ts";

export function expectArgs(args: string[], n: number, form: string): void {
  if (args.length !== n) throw new CliError(`Usage: switcher ${form}`, EXIT.usage);
}

export async function profiles(ctx: CommandContext): Promise<ProfileView[]> {
  return (await call(ctx.target, "ROUTER_ADMIN_KEY", () => ctx.admin().GET("/admin/profiles"))).data;
}

/** The profile named `name`, or a CliError naming the command that lists them. */
export async function profileNamed(ctx: CommandContext, name: string): Promise<ProfileView> {
  const profile = (await profiles(ctx)).find((p) => p.profile_name === name);
  if (!profile) throw new CliError(`No profile named '${name}'. See \`switcher profiles\`.`);
  return profile;
}
