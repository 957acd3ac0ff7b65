/** Release control in the feedback editor: schedule the publish of a draft for a date and time
 * (shown in the mentor's time zone, sent as UTC), reschedule or cancel it, and release a draft
 * the cohort's manual post policy holds. */
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";

import { ErrorMessage } from "../../components/feedback";
import { formatDateTime } from "../../lib/format";
import { useCancelSchedule, useRelease, useReleaseStatus, useSchedule } from "../../queries/release";
import "./release.css";

type Props = {
  /** The saved draft (null until the first save: nothing to schedule yet). */
  feedbackId: string | null;
  /** Saves what waits in the editor, so the schedule applies to what the mentor sees. */
  flush: () => Promise<unknown>;
};

const pad = (n: number) => String(n).padStart(2, "0");

/** A moment as a `datetime-local` value, in the browser's time zone. */
export function localInput(moment: Date): string {
  return `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}T${pad(moment.getHours())}:${pad(moment.getMinutes())}`;
}

/** Tomorrow at 09:00, the browser's time. */
function tomorrowMorning(): string {
  const when = new Date();
  when.setDate(when.getDate() + 1);
  when.setHours(9, 0, 0, 0);
  return localInput(when);
}

export function ReleaseControls({ feedbackId, flush }: Props) {
  if (!feedbackId) return null;
  return <Controls feedbackId={feedbackId} flush={flush} />;
}

function Controls({ feedbackId, flush }: { feedbackId: string; flush: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const status = useReleaseStatus(feedbackId);
  const schedule = useSchedule(feedbackId);
  const cancel = useCancelSchedule(feedbackId);
  const release = useRelease();
  const [when, setWhen] = useState(tomorrowMorning);
  const [saveError, setSaveError] = useState<unknown>(null);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const data = status.data;
  if (!data || data.release === "published" || data.release === "withdrawn") return null;
  const scheduled = data.release === "scheduled";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaveError(null);
    try {
      await flush();
    } catch (error) {
      setSaveError(error);
      return;
    }
    schedule.mutate(new Date(when).toISOString());
  };

  return (
    <section className="card release-controls" aria-labelledby="release-title">
      <h2 id="release-title">{t("release.title")}</h2>
      {data.post_policy === "manual" ? <p className="meta">{t("release.manualPolicy")}</p> : null}
      {scheduled ? (
        <p role="status" data-testid="release-status">
          {t("release.scheduledFor", { when: formatDateTime(data.release_at), zone })}
        </p>
      ) : null}
      {data.release === "held" ? (
        <>
          <p role="status" data-testid="release-status">
            {t("release.held")}
          </p>
          <div className="actions">
            <button
              type="button"
              className="button-primary"
              disabled={release.isPending}
              onClick={() => release.mutate(feedbackId)}
            >
              {t("release.releaseNow")}
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={(event) => void submit(event)} aria-label={t("release.title")}>
          <div className="field">
            <label htmlFor="release-at">{t("release.when")}</label>
            <input
              id="release-at"
              type="datetime-local"
              required
              value={when}
              aria-describedby="release-zone"
              onChange={(event) => setWhen(event.target.value)}
            />
            <p className="meta" id="release-zone">
              {t("release.zone", { zone })}
            </p>
          </div>
          <div className="actions">
            <button type="submit" className="button-secondary" disabled={schedule.isPending || !when}>
              {scheduled ? t("release.reschedule") : t("release.schedule")}
            </button>
            {scheduled ? (
              <button type="button" className="button-secondary" disabled={cancel.isPending} onClick={() => cancel.mutate()}>
                {t("release.cancel")}
              </button>
            ) : null}
          </div>
          <p className="meta">{t("release.hint")}</p>
        </form>
      )}
      <ErrorMessage error={saveError ?? schedule.error ?? cancel.error ?? release.error} />
    </section>
  );
}
