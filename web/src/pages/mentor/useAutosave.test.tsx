import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { useAutosave } from "./useAutosave";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("useAutosave", () => {
  it("saves once, after the typing stops, with the latest value", async () => {
    const save = vi.fn(async (_value: string) => undefined);
    const { result } = renderHook(() => useAutosave(save, 800));
    act(() => {
      result.current.change("a");
      result.current.change("ab");
      result.current.change("abc");
    });
    await act(async () => {
      await vi.advanceTimersByTimeAsync(799);
    });
    expect(save).not.toHaveBeenCalled();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1);
    });
    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledWith("abc");
    expect(result.current.state.kind).toBe("saved");
  });

  it("never runs two saves at once: a change during a save is saved after it", async () => {
    let running = 0;
    let maxRunning = 0;
    const saved: string[] = [];
    const save = vi.fn(async (value: string) => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((resolve) => setTimeout(resolve, 500));
      saved.push(value);
      running -= 1;
    });
    const { result } = renderHook(() => useAutosave(save, 100));
    act(() => result.current.change("first"));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(150);
    });
    act(() => result.current.change("second"));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(2000);
    });
    expect(saved).toEqual(["first", "second"]);
    expect(maxRunning).toBe(1);
  });

  it("flush saves now, and a failed save is reported and retried by the next flush", async () => {
    const save = vi.fn(async (_value: string) => undefined).mockRejectedValueOnce(new Error("offline"));
    const { result } = renderHook(() => useAutosave(save, 10_000));
    act(() => result.current.change("draft"));
    await act(async () => {
      await expect(result.current.flush()).rejects.toThrow("offline");
    });
    expect(result.current.state.kind).toBe("error");
    await act(async () => {
      await result.current.flush();
    });
    expect(save).toHaveBeenCalledTimes(2);
    expect(result.current.state.kind).toBe("saved");
  });
});
