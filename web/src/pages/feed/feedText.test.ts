import { afterEach, describe, expect, it } from "vitest";

import i18n, { setLanguage } from "../../i18n";
import type { FeedItem } from "../../queries/feed";
import { feedText } from "./feedText";

function item(type: string, data: Record<string, unknown>, title = "Stored English", summary = ""): FeedItem {
  return {
    id: "00000000-0000-0000-0000-000000000001",
    type: type as FeedItem["type"],
    title,
    summary,
    link: null,
    data,
    created_at: "2026-12-01T10:00:00Z",
    read_at: null,
  };
}

const t = () => i18n.t.bind(i18n);

afterEach(async () => {
  await setLanguage("en");
});

describe("feedText", () => {
  it("names what an edit changed, criteria included, in English and in Spanish", async () => {
    const edited = item("feedback_edited", { title: "Week 3", changes: ["overall_rating", "scores"], criteria: ["Testing"] });
    expect(feedText(edited, t())).toEqual({
      title: "Feedback updated: Week 3",
      summary: "Changed: overall rating, scores (Testing)",
    });
    await setLanguage("es");
    expect(feedText(edited, t())).toEqual({
      title: "Retroalimentación actualizada: Week 3",
      summary: "Cambios: valoración global, puntuaciones (Testing)",
    });
  });

  it("words every type in Spanish, keeping what people wrote as it is", async () => {
    await setLanguage("es");
    const said = (type: string, data: Record<string, unknown>, summary = "") => feedText(item(type, data, "x", summary), t());
    expect(said("feedback_published", { title: "W1" }).title).toBe("Nueva retroalimentación: W1");
    expect(said("feedback_withdrawn", { title: "W1", reason: "Duplicada" }, "Duplicada")).toEqual({
      title: "Retroalimentación retirada: W1",
      summary: "Duplicada",
    });
    expect(said("message_posted", { title: "W1" }, "¿Puedes mirarlo?").summary).toBe("¿Puedes mirarlo?");
    expect(said("feedback_acknowledged", { title: "W1" }).summary).toBe("El estudiante ha leído tu retroalimentación.");
    expect(said("feedback_requested", { title: "Mi ensayo" }).title).toBe("Retroalimentación solicitada: Mi ensayo");
    expect(said("assignment_added", { role: "student", name: "Tom" }).title).toBe("Tu nuevo mentor: Tom");
    expect(said("assignment_added", { role: "mentor", name: "Ana", cohort: "2026" })).toEqual({
      title: "Un nuevo estudiante para ti: Ana",
      summary: "Grupo: 2026",
    });
  });

  it("keeps the stored text of an item whose data cannot be worded", () => {
    expect(feedText(item("feedback_published", {}, "New feedback: Old", "s"), t())).toEqual({
      title: "New feedback: Old",
      summary: "s",
    });
  });
});
