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

/** Export the rubric being edited, or load one from a JSON file or pasted JSON (checked before it replaces the draft). */
export function RubricFile({ onExport, onImport }: { onExport: () => void; onImport: (draft: RubricDraft, file: string) => void }) {
  const { t } = useTranslation();
  const inputId = useId();
  const pasteId = useId();
  const [problems, setProblems] = useState<string[]>([]);
  const [pasted, setPasted] = useState("");
  const load = (text: string, source: string) => {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      setProblems([t("admin.rubric.file.notJson", { file: source })]);
      return false;
    }
    const found = checkImport(data);
    setProblems(found);
    if (found.length === 0) onImport(fromRubric(data as RubricShape), source);
    return found.length === 0;
  };
  const read = async (file: File) => {
    load(await file.text(), file.name);
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
      <details className="rubric-paste">
        <summary>{t("admin.rubric.file.paste")}</summary>
        <div className="field">
          <label htmlFor={pasteId}>{t("admin.rubric.file.pasteLabel")}</label>
          <textarea id={pasteId} rows={6} spellCheck={false} value={pasted} onChange={(e) => setPasted(e.target.value)} />
        </div>
        <button
          type="button"
          className="button-secondary"
          disabled={!pasted.trim()}
          onClick={() => {
            if (load(pasted, t("admin.rubric.file.pasted"))) setPasted("");
          }}
        >
          {t("admin.rubric.file.loadPasted")}
        </button>
      </details>
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
