import { useId, useState } from "react";
import { useTranslation } from "react-i18next";

import type { RubricIn } from "../../../api/types";
import { checkImport, fromRubric, type RubricDraft, type RubricShape } from "./model";

/** The rubric as a JSON file to download, named after its name and version. */
export function downloadRubric(body: RubricIn, version: number | null) {
  const blob = new Blob([JSON.stringify(body, null, 2) + "\n"], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  const slug = body.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "rubric";
  link.href = url;
  link.download = version ? `${slug}-v${version}.json` : `${slug}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Export the rubric being edited, or load one from a JSON file (checked before it replaces the draft). */
export function RubricFile({ onExport, onImport }: { onExport: () => void; onImport: (draft: RubricDraft, file: string) => void }) {
  const { t } = useTranslation();
  const inputId = useId();
  const [problems, setProblems] = useState<string[]>([]);
  const read = async (file: File) => {
    let data: unknown;
    try {
      data = JSON.parse(await file.text());
    } catch {
      setProblems([t("admin.rubric.file.notJson", { file: file.name })]);
      return;
    }
    const found = checkImport(data);
    setProblems(found);
    if (found.length === 0) onImport(fromRubric(data as RubricShape), file.name);
  };
  return (
    <div className="rubric-file">
      <button type="button" className="button-secondary" onClick={onExport}>
        {t("admin.rubric.file.export")}
      </button>
      <div className="field">
        <label htmlFor={inputId}>{t("admin.rubric.file.import")}</label>
        <input
          id={inputId}
          type="file"
          accept="application/json,.json"
          aria-describedby={problems.length ? `${inputId}-problems` : undefined}
          aria-invalid={problems.length ? true : undefined}
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = "";
            if (file) void read(file);
          }}
        />
      </div>
      {problems.length ? (
        <div className="alert alert-error" role="alert" id={`${inputId}-problems`}>
          <strong>{t("admin.rubric.file.notLoaded")}</strong>
          <ul>
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
