/** Feedback a cohort's manual post policy holds: an admin releases one, or all of a cohort's at
 * once (each published and emailed once; what failed is named). */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { useConfirm } from "../../components/ConfirmDialog";
import { ErrorMessage, Notice } from "../../components/feedback";
import { QueryView } from "../../components/QueryView";
import { formatDateTime } from "../../lib/format";
import { feedbackPath } from "../feedback/paths";
import { type HeldItem, type ReleaseResult, useHeld, useRelease, useReleaseAll } from "../../queries/release";

function byCohort(items: HeldItem[]): [string, HeldItem[]][] {
  const groups = new Map<string, HeldItem[]>();
  for (const item of items) {
    const name = item.cohort ?? "";
    groups.set(name, [...(groups.get(name) ?? []), item]);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

export function HeldFeedbackPage() {
  const { t } = useTranslation();
  const held = useHeld("");
  const release = useRelease();
  const releaseAll = useReleaseAll();
  const [dialog, confirm] = useConfirm();
  const [result, setResult] = useState<ReleaseResult | null>(null);

  const all = async (cohort: string, count: number) => {
    const yes = await confirm({
      title: t("release.allTitle", { cohort }),
      body: t("release.allBody", { count, cohort }),
      confirmLabel: t("release.allConfirm"),
    });
    if (yes) releaseAll.mutate(cohort, { onSuccess: setResult });
  };

  return (
    <section aria-labelledby="held-title">
      <h1 id="held-title">{t("release.heldTitle")}</h1>
      <p>{t("release.heldIntro")}</p>
      {result ? (
        <Notice tone={result.failed.length ? "warning" : "info"}>
          {t("release.allResult", { released: result.released.length, failed: result.failed.length })}
          {result.failed.map((f) => (
            <span key={f.feedback_id}> {f.detail}</span>
          ))}
        </Notice>
      ) : null}
      <ErrorMessage error={release.error ?? releaseAll.error} />
      <QueryView query={held} isEmpty={(data) => data.items.length === 0} empty={t("release.heldEmpty")}>
        {(data) => (
          <>
            {byCohort(data.items).map(([cohort, items]) => (
              <div key={cohort} className="card">
                <h2>{cohort || t("release.noCohort")}</h2>
                <ul>
                  {items.map((item) => (
                    <li key={item.feedback_id}>
                      <Link to={feedbackPath(item.feedback_id)}>{item.title}</Link>{" "}
                      <span className="meta">
                        {t("release.heldItem", {
                          student: item.student_name ?? item.student_id,
                          mentor: item.mentor_name ?? item.mentor_id,
                          when: formatDateTime(item.held_at),
                        })}
                      </span>{" "}
                      <button
                        type="button"
                        className="button-secondary"
                        disabled={release.isPending}
                        aria-label={t("release.releaseOne", { title: item.title, student: item.student_name ?? "" })}
                        onClick={() => release.mutate(item.feedback_id)}
                      >
                        {t("release.releaseNow")}
                      </button>
                    </li>
                  ))}
                </ul>
                {cohort ? (
                  <div className="actions">
                    <button
                      type="button"
                      className="button-primary"
                      disabled={releaseAll.isPending}
                      onClick={() => void all(cohort, items.length)}
                    >
                      {t("release.allButton", { cohort })}
                    </button>
                  </div>
                ) : null}
              </div>
            ))}
          </>
        )}
      </QueryView>
      {dialog}
    </section>
  );
}
