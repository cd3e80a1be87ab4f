import { Link } from "wouter-preact";
import { agentPath } from "../agent-path.ts";
import { useSwitchTargets } from "../api/switch-targets.ts";
import { useLoad } from "../api/use-load.ts";
import { ErrorNote } from "../components/error-note.tsx";
import { usePaged } from "../components/paged.tsx";
import { SwitchControl } from "../components/switch-control.tsx";
import { formatCost, formatCount, formatTime } from "../format.ts";
import { useSession } from "../session-context.ts";

/** Every agent at a glance: its active model, a switch, its last call and its last 24 hours. */
export function AgentsPage() {
  const { api } = useSession();
  const agents = useLoad(() => api.GET("/admin/agents", { params: { query: { window: "24h" } } }), [api]);
  const rows = agents.data?.data ?? [];
  const targets = useSwitchTargets(rows.map((a) => a.profile_name));
  const { shown, control } = usePaged(rows);

  return (
    <section>
      <h1>Agents</h1>
      <ErrorNote message={agents.error ?? targets.error} />
      {agents.data && rows.length === 0 && (
        <p class="note">
          No agent has a model yet. Give one its first model from a shell: <code>switcher switch &lt;agent&gt; &lt;profile&gt; &lt;model&gt;</code>.
        </p>
      )}
      {rows.length > 0 && (
        <div class="table-scroll">
          <table class="agents">
            <thead>
              <tr>
                <th>Agent</th>
                <th>Active model</th>
                <th>Switch to</th>
                <th>Last call</th>
                <th class="num">Calls 24 h</th>
                <th class="num">Errors 24 h</th>
                <th class="num">Tokens 24 h</th>
                <th class="num">Cost 24 h</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((agent) => (
                <tr key={agent.agent_id} data-agent={agent.agent_id}>
                  <td>
                    <Link href={agentPath(agent.agent_id)}>{agent.agent_id}</Link>
                  </td>
                  <td class="active-model">
                    {agent.model_name}
                    <small>
                      {agent.profile_name} · since {formatTime(agent.switched_at)}
                      {agent.switched_by ? ` by ${agent.switched_by}` : ""}
                    </small>
                  </td>
                  <td>
                    {targets.data ? (
                      <SwitchControl
                        key={agent.agent_id}
                        agentId={agent.agent_id}
                        profileName={agent.profile_name}
                        modelName={agent.model_name}
                        targets={targets.data}
                        onSwitched={agents.reload}
                      />
                    ) : (
                      "…"
                    )}
                  </td>
                  <td>{formatTime(agent.last_call_at)}</td>
                  <td class="num">{formatCount(agent.usage.requests)}</td>
                  <td class="num">{formatCount(agent.usage.errors)}</td>
                  <td class="num">{formatCount(agent.usage.input_tokens + agent.usage.output_tokens)}</td>
                  <td class="num cost">{formatCost(agent.usage.cost_usd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {control}
    </section>
  );
}
