import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { notificationApi, unwrap } from "../api/client";
import type { components } from "../api/notification";
import { keys } from "./keys";

export type Preferences = components["schemas"]["PreferencesOut"];
export type PreferencesInput = components["schemas"]["PreferencesIn"];
export type Delivery = components["schemas"]["KindChoices"]["feedback_published"];
export type PreferenceKind = keyof components["schemas"]["KindChoices"];

/** The event emails a user chooses for (every other email is always sent). */
export const PREFERENCE_KINDS: PreferenceKind[] = [
  "feedback_published",
  "feedback_message",
  "feedback_edited",
  "feedback_withdrawn",
  "feedback_acknowledged",
  "feedback_requested",
  "assignment_added",
];
export const DELIVERIES: Delivery[] = ["immediate", "digest", "off"];

/** The signed-in user's email preferences (defaults, with no time zone, until first saved). */
export function usePreferences() {
  return useQuery({
    queryKey: keys.preferences.mine,
    queryFn: () => unwrap<Preferences>(notificationApi.GET("/v1/preferences/me")),
  });
}

export function useSavePreferences() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: PreferencesInput) => unwrap<Preferences>(notificationApi.PUT("/v1/preferences/me", { body })),
    onSuccess: (saved) => client.setQueryData(keys.preferences.mine, saved),
  });
}

/** The browser's IANA time zone ("Europe/Madrid"); UTC when it cannot tell. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/** The IANA zones the browser knows, with `current` always among them. */
export function timeZones(current: string): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf("timeZone");
  } catch {
    zones = [];
  }
  const all = new Set([...zones, "UTC", current]);
  return [...all].sort((a, b) => a.localeCompare(b));
}
