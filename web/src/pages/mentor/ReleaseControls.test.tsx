import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { json, problem, renderAt, stubFetch } from "../../test/render";
import { localInput, ReleaseControls } from "./ReleaseControls";
import { SelfAssessmentPanel } from "./SelfAssessmentPanel";

const STATUS = {
  feedback_id: "f-1",
  state: "draft",
  release: "draft",
  release_at: null,
  held_at: null,
  published_at: null,
  post_policy: "automatic",
};

afterEach(() => vi.unstubAllGlobals());

describe("ReleaseControls", () => {
  it("saves the draft first, then schedules the moment typed in the browser's time zone", async () => {
    const order: string[] = [];
    const asked = stubFetch(({ method, body }) => {
      order.push(method);
      if (method === "PUT") {
        const at = (body as { release_at: string }).release_at;
        return json(200, { ...STATUS, release: "scheduled", release_at: at });
      }
      return json(200, STATUS);
    });
    const flush = vi.fn(() => {
      order.push("flush");
      return Promise.resolve();
    });
    renderAt(<ReleaseControls feedbackId="f-1" flush={flush} />);
    const when = await screen.findByLabelText("Publish at");
    const moment = new Date(2030, 4, 6, 10, 30);
    await userEvent.clear(when);
    await userEvent.type(when, localInput(moment));
    await userEvent.click(screen.getByRole("button", { name: "Schedule publish" }));
    expect(await screen.findByTestId("release-status")).toHaveTextContent("Scheduled to publish");
    const put = asked.find((s) => s.method === "PUT");
    expect(put?.path).toBe("/api/feedback/v1/feedback/f-1/release/schedule");
    expect(put?.body).toEqual({ release_at: moment.toISOString() });
    expect(order.indexOf("flush")).toBeLessThan(order.indexOf("PUT"));
    expect(screen.getByRole("button", { name: "Cancel schedule" })).toBeEnabled();
  });

  it("says why a schedule was refused", async () => {
    stubFetch(({ method }) =>
      method === "PUT" ? problem(422, "incomplete-feedback", { detail: "Score every criterion before publishing." }) : json(200, STATUS),
    );
    renderAt(<ReleaseControls feedbackId="f-1" flush={() => Promise.resolve()} />);
    await userEvent.click(await screen.findByRole("button", { name: "Schedule publish" }));
    expect(await screen.findByText(/Score every criterion/)).toBeInTheDocument();
  });

  it("offers the release of held feedback, and shows nothing once it is published", async () => {
    let held = true;
    stubFetch(({ method }) => {
      if (method === "POST") {
        held = false;
        return json(200, { ...STATUS, state: "published", release: "published" });
      }
      return json(200, held ? { ...STATUS, release: "held", post_policy: "manual" } : { ...STATUS, release: "published" });
    });
    renderAt(<ReleaseControls feedbackId="f-1" flush={() => Promise.resolve()} />);
    expect(await screen.findByText(/releases feedback manually/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Release now" }));
    await waitFor(() => expect(screen.queryByRole("region", { name: "Schedule the publish" })).toBeNull());
  });
});

describe("SelfAssessmentPanel", () => {
  it("shows the student's scores and comments by criterion", async () => {
    stubFetch(() =>
      json(200, {
        enabled: true,
        assessment: {
          id: "s-1",
          student_id: "st",
          cohort: "A",
          rubric_version: 1,
          scores: { clarity: 2 },
          criterion_comments: { clarity: "I rushed it." },
          comments: "Good week.",
          created_at: "2026-12-01T10:00:00Z",
          updated_at: "2026-12-01T10:00:00Z",
          locked: false,
          locked_at: null,
          feedback_id: null,
        },
        rubric: {
          version: 1,
          rubric_id: "default",
          name: "R",
          created_at: "2026-12-01T10:00:00Z",
          criteria: [
            { key: "clarity", name: "Clarity", description: "", scale_min: 1, scale_max: 5, weight: 1, levels: [{ score: 2, label: "Developing", descriptor: "" }] },
            { key: "depth", name: "Depth", description: "", scale_min: 1, scale_max: 5, weight: 1, levels: [] },
          ],
        },
      }),
    );
    renderAt(<SelfAssessmentPanel feedbackId={null} studentId="st" />);
    const panel = await screen.findByRole("complementary", { name: "The student's self-assessment" });
    expect(panel).toHaveTextContent("Clarity2 / 5 Developing");
    expect(panel).toHaveTextContent("I rushed it.");
    expect(panel).toHaveTextContent("DepthNot scored");
    expect(panel).toHaveTextContent("Good week.");
  });

  it("shows nothing when the cohort asks for none", async () => {
    const asked = stubFetch(() => json(200, { enabled: false, assessment: null, rubric: null }));
    renderAt(<SelfAssessmentPanel feedbackId="f-1" studentId="st" />);
    await waitFor(() => expect(asked.length).toBe(1));
    expect(asked[0]?.path).toBe("/api/feedback/v1/feedback/f-1/self-assessment");
    expect(screen.queryByRole("complementary")).toBeNull();
  });
});
