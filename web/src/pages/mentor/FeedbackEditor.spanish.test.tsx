import { screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { setLanguage } from "../../i18n";
import { json, renderAt } from "../../test/render";
import { FeedbackEditor } from "./FeedbackEditor";

const RUBRIC = {
  version: 2,
  name: "Proyecto",
  created_at: "2026-11-01T10:00:00Z",
  criteria: [
    {
      key: "clarity",
      name: "Clarity",
      description: "",
      scale_min: 1,
      scale_max: 3,
      weight: 1,
      levels: [{ score: 3, label: "Crisp", descriptor: "" }],
    },
  ],
};

beforeEach(async () => {
  await setLanguage("es", { remember: false });
});

afterEach(async () => {
  vi.unstubAllGlobals();
  await setLanguage("en", { remember: false });
});

describe("the feedback editor in Spanish", () => {
  it("names the page, its fields and its buttons in Spanish; the rubric's own words stay as typed", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => json(200, RUBRIC)));
    renderAt(<FeedbackEditor />, { path: "/mentor/feedback/:id/edit", at: "/mentor/feedback/new/edit?student=s1&name=Ana" });

    expect(await screen.findByRole("radio", { name: /^3\s*Crisp$/ })).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Escribir retroalimentación");
    expect(screen.getByText(/^Para Ana · rúbrica «Proyecto» v2$/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "← Mis estudiantes" })).toBeInTheDocument();
    expect((screen.getByLabelText("Título") as HTMLInputElement).value).toMatch(/^Retroalimentación del \d/);
    expect(screen.getByLabelText("Puntos fuertes")).toBeInTheDocument();
    expect(screen.getByLabelText("Aspectos a mejorar")).toBeInTheDocument();
    expect(screen.getByLabelText("Comentarios")).toBeInTheDocument();
    const overall = screen.getByLabelText("Valoración global");
    expect(within(overall).getByRole("option", { name: "Sin valoración global" })).toBeInTheDocument();
    expect(screen.getByRole("group", { name: "Clarity" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Publicar" })).toBeEnabled();
    expect(screen.getByText("Al publicarla, el estudiante la ve y recibe un correo.")).toBeInTheDocument();
    expect(screen.getByTestId("save-status")).toHaveTextContent("Tu borrador se guarda mientras escribes.");
    expect(document.body.textContent).not.toMatch(/\b(Write feedback|Publish|Strengths|Title|My students)\b/);
  });
});
