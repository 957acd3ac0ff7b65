import { useQuery } from "@tanstack/react-query";

import { authApi, feedbackApi, notificationApi } from "../api/client";
import type { components } from "../api/feedback";
import { Loading } from "../components/feedback";
import { keys } from "../queries/keys";

type Readiness = components["schemas"]["Readiness"];
type Problem = components["schemas"]["Problem"];
type ReadyCall = () => Promise<{ data?: Readiness; error?: Readiness | Problem; response: Response }>;

const SERVICES = [
  { key: "auth", label: "Accounts and sign-in", get: () => authApi.GET("/ready") },
  { key: "notification", label: "Email and codes", get: () => notificationApi.GET("/ready") },
  { key: "feedback", label: "Feedback", get: () => feedbackApi.GET("/ready") },
] as const;

async function readiness(get: ReadyCall) {
  const { data, error, response } = await get();
  const body = data ?? error;
  if (!body || typeof body !== "object" || !("checks" in body)) {
    return { status: `unreachable (${response.status})`, failing: [], checks: {}, service: "" } as Readiness;
  }
  return body as Readiness;
}

function ServiceRow({ label, get }: { label: string; get: ReadyCall }) {
  const query = useQuery({ queryKey: keys.readiness.of(label), queryFn: () => readiness(get), refetchInterval: 15_000 });
  const ok = query.data?.status === "ok" || query.data?.status === "ready";
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>
        {query.isPending ? (
          <Loading label="Checking…" />
        ) : query.isError ? (
          <span className="badge badge-bad">unreachable</span>
        ) : (
          <span className={`badge ${ok ? "badge-good" : "badge-bad"}`} data-testid={`status-${label}`}>
            {ok ? "working" : query.data.status}
          </span>
        )}
      </td>
      <td>
        {query.data
          ? Object.entries(query.data.checks)
              .map(([name, check]) => `${name}: ${check.ok ? "ok" : check.error ?? "failing"}`)
              .join(", ") || "—"
          : "—"}
      </td>
    </tr>
  );
}

/** Public: whether each service answers through the edge. */
export function StatusPage() {
  return (
    <section aria-labelledby="status-title">
      <h1 id="status-title">Service status</h1>
      <p>Each part of Campus, checked through the same address you use.</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">State</th>
              <th scope="col">Checks</th>
            </tr>
          </thead>
          <tbody>
            {SERVICES.map((service) => (
              <ServiceRow key={service.key} label={service.label} get={service.get} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
