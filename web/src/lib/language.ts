/** The account's language: once signed in, the interface follows the language saved on the account. */
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";

import { authApi, unwrap } from "../api/client";
import { useAuth } from "../auth/AuthProvider";
import { isLanguage, setLanguage } from "../i18n";
import { keys } from "../queries/keys";

/** Applies the signed-in account's language (when it has one) to the interface and this browser. */
export function useAccountLanguage(): void {
  const { user } = useAuth();
  const me = useQuery({
    queryKey: keys.me.all,
    queryFn: () => unwrap(authApi.GET("/me")),
    enabled: Boolean(user),
  });
  const locale = user ? me.data?.locale : null;
  useEffect(() => {
    if (isLanguage(locale)) void setLanguage(locale);
  }, [locale]);
}
