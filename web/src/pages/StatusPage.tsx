import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";

import { authApi, feedbackApi, notificationApi } from "../api/client";
import type { components } from "../api/feedback";
import { Loading } from "../components/feedback";
import { keys } from "../queries/keys";

import { t } from "../i18n";

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
    return { status: t("status.unreachableCode", { status: response.status }), failing: [], checks: {}, service: "" } as Readiness;
  }
  return body as Readiness;
}

function ServiceRow({ name, label, get }: { name: (typeof SERVICES)[number]["key"]; label: string; get: ReadyCall }) {
  const query = useQuery({ queryKey: keys.readiness.of(label), queryFn: () => readiness(get), refetchInterval: 15_000 });
  const ok = query.data?.status === "ok" || query.data?.status === "ready";
  return (
    <tr>
      <th scope="row">{t(`status.services.${name}`)}</th>
      <td>
        {query.isPending ? (
          <Loading label={t("status.checking")} />
        ) : query.isError ? (
          <span className="badge badge-bad">{t("status.unreachable")}</span>
        ) : (
          <span className={`badge ${ok ? "badge-good" : "badge-bad"}`} data-testid={`status-${label}`}>
            {ok ? t("status.working") : query.data.status}
          </span>
        )}
      </td>
      <td>
        {query.data
          ? Object.entries(query.data.checks)
              .map(([name, check]) => `${name}: ${check.ok ? t("status.ok") : (check.error ?? t("status.failing"))}`)
              .join(", ") || "—"
          : "—"}
      </td>
    </tr>
  );
}

/** Public: whether each service answers through the edge. */
export function StatusPage() {
  useTranslation();
  return (
    <section aria-labelledby="status-title">
      <h1 id="status-title">{t("layout.status")}</h1>
      <p>{t("status.intro")}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("status.service")}</th>
              <th scope="col">{t("status.state")}</th>
              <th scope="col">{t("status.checks")}</th>
            </tr>
          </thead>
          <tbody>
            {SERVICES.map((service) => (
              <ServiceRow key={service.key} name={service.key} label={service.label} get={service.get} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
