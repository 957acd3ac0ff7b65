/**
 * `/admin/cohorts`: each cohort's settings. Its rubric (new feedback of the cohort is written with
 * it), its post policy and whether its students assess themselves first.
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import type { CohortSettings, CohortSettingsIn, LibraryRubric } from "../../api/types";
import { QueryView } from "../../components/QueryView";
import { describeError } from "../../lib/problem";
import { useCohorts, useRubricLibrary, useSaveCohortSettings } from "../../queries/rubric";
import "./rubric/rubric.css";

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "cohort";
}

function CohortForm({ cohort, index, rubrics }: { cohort: CohortSettings; index: number; rubrics: LibraryRubric[] }) {
  const { t } = useTranslation();
  const save = useSaveCohortSettings();
  const [form, setForm] = useState<CohortSettingsIn>({
    rubric_id: cohort.rubric_id,
    post_policy: cohort.post_policy,
    self_assessment: cohort.self_assessment,
  });
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const id = `cohort-${index}-${slug(cohort.cohort)}`;
  // Archived rubrics cannot be assigned; the one the cohort has stays listed, so the choice shows it.
  const choices = rubrics.filter((r) => !r.archived || r.id === cohort.rubric_id);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await save.mutateAsync({ cohort: cohort.cohort, body: form });
      setStatus({ text: t("admin.cohorts.saved", { cohort: cohort.cohort }), error: false });
    } catch (error) {
      setStatus({ text: describeError(error), error: true });
    }
  };
  return (
    <li className="card" data-testid="cohort-settings">
      <form aria-labelledby={`${id}-name`} onSubmit={(event) => void submit(event)}>
        <h2 id={`${id}-name`}>{cohort.cohort}</h2>
        <fieldset>
          <legend className="visually-hidden">{t("admin.cohorts.settingsOf", { cohort: cohort.cohort })}</legend>
          <div className="field-row">
            <div className="field">
              <label htmlFor={`${id}-rubric`}>{t("admin.cohorts.rubric")}</label>
              <select
                id={`${id}-rubric`}
                value={form.rubric_id ?? "default"}
                onChange={(e) => setForm({ ...form, rubric_id: e.target.value })}
              >
                {choices.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.is_default ? t("admin.cohorts.defaultRubric", { name: r.name }) : r.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-policy`}>{t("admin.cohorts.postPolicy")}</label>
              <select
                id={`${id}-policy`}
                value={form.post_policy}
                aria-describedby={`${id}-policy-hint`}
                onChange={(e) => setForm({ ...form, post_policy: e.target.value === "manual" ? "manual" : "automatic" })}
              >
                <option value="automatic">{t("admin.cohorts.automatic")}</option>
                <option value="manual">{t("admin.cohorts.manual")}</option>
              </select>
              <span id={`${id}-policy-hint`} className="hint">
                {form.post_policy === "manual" ? t("admin.cohorts.manualHint") : t("admin.cohorts.automaticHint")}
              </span>
            </div>
            <div className="check">
              <input
                id={`${id}-self`}
                type="checkbox"
                checked={form.self_assessment ?? false}
                onChange={(e) => setForm({ ...form, self_assessment: e.target.checked })}
              />
              <label htmlFor={`${id}-self`}>{t("admin.cohorts.selfAssessment")}</label>
            </div>
          </div>
        </fieldset>
        <div className="actions">
          <button type="submit" className="button-primary" disabled={save.isPending}>
            {t("admin.cohorts.save", { cohort: cohort.cohort })}
          </button>
          <span role={status?.error ? "alert" : "status"} className={status?.error ? "field-error" : "meta"}>
            {status?.text ?? ""}
          </span>
        </div>
      </form>
    </li>
  );
}

export function CohortSettingsPage() {
  const { t } = useTranslation();
  const cohorts = useCohorts();
  const library = useRubricLibrary();
  return (
    <section aria-labelledby="cohorts-title">
      <h1 id="cohorts-title">{t("admin.cohorts.title")}</h1>
      <p className="meta">
        {t("admin.cohorts.intro")} <Link to="/admin/rubrics">{t("admin.cohorts.toLibrary")}</Link>
      </p>
      <QueryView query={cohorts} isEmpty={(data) => data.items.length === 0} empty={t("admin.cohorts.empty")}>
        {(data) => (
          <QueryView query={library}>
            {(rubrics) => (
              <ul className="cohort-settings" aria-label={t("admin.cohorts.title")}>
                {data.items.map((cohort, index) => (
                  <CohortForm key={cohort.cohort} cohort={cohort} index={index} rubrics={rubrics.items} />
                ))}
              </ul>
            )}
          </QueryView>
        )}
      </QueryView>
    </section>
  );
}
