// The service's messages name HTTP routes and query parameters; the CLI shows the command or flag that
// does the same.
const ROUTE_COMMANDS: Array<[RegExp, string]> = [
  [/POST \/api\/switch( with the admin key)?/g, "`switcher switch <agent> <profile> <model>`"],
  [/GET \/admin\/profiles/g, "`switcher profiles`"],
  [/PATCH \/admin\/profiles\/\{id\}/g, "`switcher profiles update`"],
  [/POST \/admin\/models/g, "`switcher models add` / `switcher models enable`"],
  [/POST \/admin\/keys/g, "`switcher keys create`"],
  [/GET \/admin\/keys/g, "`switcher keys`"],
  [/PUT \/admin\/agents\/\{agent_id\}\/allowed-models/g, "`switcher allow`"],
  [/GET \/api\/agents\/\{agent_id\}\/history/g, "`switcher history <agent>`"],
  [/to switch with the admin key\./g, "to switch with the admin key (`--as-admin`)."],
  [/The query parameter 'window'/g, "--since"],
  [/The query parameter '([a-z_]+)'/g, "--$1"],
];

/** The message with each HTTP route or query parameter it names replaced by the CLI's own words for it. */
export function cliCommandsFor(message: string): string {
  return ROUTE_COMMANDS.reduce((text, [route, command]) => text.replace(route, command), message);
}
