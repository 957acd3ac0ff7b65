import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { useToast } from "../../components/Toast";
import { ErrorMessage, Loading } from "../../components/feedback";
import {
  browserTimeZone,
  DELIVERIES,
  PREFERENCE_KINDS,
  timeZones,
  usePreferences,
  useSavePreferences,
  type Delivery,
  type PreferenceKind,
  type Preferences,
} from "../../queries/preferences";

const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

function hourLabel(hour: number, language: string): string {
  return new Intl.DateTimeFormat(language, { hour: "numeric", minute: "2-digit", timeZone: "UTC" }).format(
    Date.UTC(2026, 0, 1, hour),
  );
}

/** The form, once the stored preferences are in: its own state starts from them. */
function PreferencesForm({ stored }: { stored: Preferences }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const save = useSavePreferences();
  // A kind the service did not answer for (an older one) starts as "immediate", its default.
  const [kinds, setKinds] = useState<Record<PreferenceKind, Delivery>>(() => ({
    ...(Object.fromEntries(PREFERENCE_KINDS.map((kind) => [kind, "immediate"])) as Record<PreferenceKind, Delivery>),
    ...stored.kinds,
  }));
  const [timeZone, setTimeZone] = useState(stored.time_zone ?? browserTimeZone());
  const [hour, setHour] = useState(stored.digest_hour);
  const usesDigest = PREFERENCE_KINDS.some((kind) => kinds[kind] === "digest");

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      { kinds, time_zone: timeZone, digest_hour: hour },
      { onSuccess: () => toast({ message: t("account.notifications.saved") }) },
    );
  };

  return (
    <form onSubmit={submit}>
      <fieldset className="field">
        <legend>{t("account.notifications.kindsLegend")}</legend>
        {PREFERENCE_KINDS.map((kind) => (
          <div className="field" key={kind}>
            <label htmlFor={`notify-${kind}`}>{t(`account.notifications.kinds.${kind}`)}</label>
            <select
              id={`notify-${kind}`}
              value={kinds[kind]}
              onChange={(event) => setKinds({ ...kinds, [kind]: event.target.value as Delivery })}
            >
              {DELIVERIES.map((delivery) => (
                <option key={delivery} value={delivery}>
                  {t(`account.notifications.deliveries.${delivery}`)}
                </option>
              ))}
            </select>
          </div>
        ))}
      </fieldset>
      <div className="field-row">
        <div className="field">
          <label htmlFor="notify-time-zone">{t("account.notifications.timeZone")}</label>
          <select id="notify-time-zone" value={timeZone} onChange={(event) => setTimeZone(event.target.value)}>
            {timeZones(timeZone).map((zone) => (
              <option key={zone} value={zone}>
                {zone.replaceAll("_", " ")}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="notify-digest-hour">{t("account.notifications.digestHour")}</label>
          <select
            id="notify-digest-hour"
            value={hour}
            aria-describedby="notify-digest-hint"
            onChange={(event) => setHour(Number(event.target.value))}
          >
            {HOURS.map((h) => (
              <option key={h} value={h}>
                {hourLabel(h, i18n.language)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p id="notify-digest-hint" className="hint">
        {usesDigest ? t("account.notifications.digestHint") : t("account.notifications.noDigestHint")}
      </p>
      <p className="hint">{t("account.notifications.alwaysSent")}</p>
      <ErrorMessage error={save.error} />
      <div>
        <button type="submit" className="button-primary" disabled={save.isPending}>
          {save.isPending ? t("common.saving") : t("account.notifications.save")}
        </button>
      </div>
    </form>
  );
}

/** Which event emails (every kind of the feed) arrive at once, in one daily digest at a local hour, or not at all. */
export function NotificationPreferences() {
  const { t } = useTranslation();
  const preferences = usePreferences();
  return (
    <section className="card" aria-labelledby="notifications-title">
      <h2 id="notifications-title">{t("account.notifications.title")}</h2>
      <p className="hint">{t("account.notifications.intro")}</p>
      {preferences.isPending ? <Loading /> : null}
      <ErrorMessage error={preferences.error} />
      {preferences.data ? <PreferencesForm stored={preferences.data} /> : null}
    </section>
  );
}
