import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";

import { authApi, unwrap } from "../../api/client";
import type { UserSession } from "../../api/types";
import { session } from "../../auth/session";
import { useConfirm } from "../../components/ConfirmDialog";
import { useToast } from "../../components/Toast";
import { Empty, ErrorMessage, Loading, Notice } from "../../components/feedback";
import { forgetLanguage, initialLanguage, isLanguage, LANGUAGE_NAMES, LANGUAGES, setLanguage, type Language } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { keys } from "../../queries/keys";
import { useMe, useSessions, useSessionsChanged } from "../../queries/users";
import { NotificationPreferences } from "./NotificationPreferences";

/** The interface's language, saved on the account (so emails follow it too); empty: the browser's. */
function LanguageChoice() {
  const client = useQueryClient();
  const me = useMe();
  const { t } = useTranslation();
  const save = useMutation({
    mutationFn: (locale: Language | null) => unwrap(authApi.PATCH("/me", { body: { locale } })),
    onSuccess: async (user) => {
      client.setQueryData(keys.me.all, user);
      if (isLanguage(user.locale)) {
        await setLanguage(user.locale);
      } else {
        forgetLanguage();
        await setLanguage(initialLanguage(), { remember: false });
      }
    },
  });
  if (!me.data) return null;
  return (
    <section className="card" aria-labelledby="language-title">
      <h2 id="language-title">{t("account.language.title")}</h2>
      <div className="field">
        <label htmlFor="account-language">{t("account.language.label")}</label>
        <select
          id="account-language"
          value={me.data.locale ?? ""}
          disabled={save.isPending}
          aria-describedby="account-language-hint"
          onChange={(event) => save.mutate(isLanguage(event.target.value) ? event.target.value : null)}
        >
          <option value="">{t("account.language.browser")}</option>
          {LANGUAGES.map((language) => (
            <option key={language} value={language} lang={language}>
              {LANGUAGE_NAMES[language]}
            </option>
          ))}
        </select>
        <p id="account-language-hint" className="hint">
          {t("account.language.hint")}
        </p>
      </div>
      <ErrorMessage error={save.error} />
      {save.isSuccess ? <Notice tone="success">{t("account.language.saved")}</Notice> : null}
    </section>
  );
}

function Profile() {
  const client = useQueryClient();
  const me = useMe();
  const { t } = useTranslation();
  const [name, setName] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (value: string) => unwrap(authApi.PATCH("/me", { body: { name: value } })),
    onSuccess: (user) => {
      client.setQueryData(keys.me.all, user);
      setName(null);
    },
  });
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorMessage error={me.error} />;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name?.trim()) save.mutate(name.trim());
  };
  return (
    <section className="card" aria-labelledby="profile-title">
      <h2 id="profile-title">{t("account.profile.title")}</h2>
      <p>
        <strong>{t("account.profile.email")}</strong> {me.data.email} · <strong>{t("account.profile.role")}</strong> {t(`roles.${me.data.role}`)}
      </p>
      <form onSubmit={submit} className="field-row">
        <div className="field">
          <label htmlFor="profile-name">{t("account.profile.name")}</label>
          <input id="profile-name" maxLength={200} value={name ?? me.data.name} onChange={(e) => setName(e.target.value)} />
        </div>
        <button type="submit" className="button-secondary" disabled={save.isPending || name === null}>
          {save.isPending ? t("common.saving") : t("account.profile.save")}
        </button>
      </form>
      <ErrorMessage error={save.error} />
      {save.isSuccess ? <Notice tone="success">{t("account.profile.saved")}</Notice> : null}
    </section>
  );
}

function ChangePassword() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const change = useMutation({
    mutationFn: () => unwrap(authApi.POST("/password/change", { body: { current_password: current, new_password: next } })),
    onSuccess: () => {
      setCurrent("");
      setNext("");
    },
  });
  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title">{t("account.password.title")}</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          change.mutate();
        }}
      >
        <div className="field">
          <label htmlFor="current-password">{t("account.password.current")}</label>
          <input id="current-password" type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="account-new-password">{t("account.password.new")}</label>
          <input
            id="account-new-password"
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            aria-describedby="account-password-rules"
            value={next}
            onChange={(e) => setNext(e.target.value)}
          />
          <p id="account-password-rules" className="hint">
            {t("account.password.rules")}
          </p>
        </div>
        <ErrorMessage error={change.error} />
        {change.isSuccess ? <Notice tone="success">{t("account.password.changed")}</Notice> : null}
        <button type="submit" className="button-secondary" disabled={change.isPending}>
          {change.isPending ? t("account.password.changing") : t("account.password.title")}
        </button>
      </form>
    </section>
  );
}

function Sessions() {
  const sessionsChanged = useSessionsChanged();
  const navigate = useNavigate();
  const list = useSessions();
  const toast = useToast();
  const [dialog, confirm] = useConfirm();
  const { t } = useTranslation();
  const revoke = useMutation({
    mutationFn: (s: UserSession) => unwrap(authApi.DELETE("/sessions/{session_id}", { params: { path: { session_id: s.id } } })),
    onSuccess: (_, s) => {
      void sessionsChanged();
      toast({ message: t("account.sessions.revoked", { device: s.device }) });
    },
  });
  const askRevoke = async (s: UserSession) => {
    const yes = await confirm({
      title: t("account.sessions.revokeTitle", { device: s.device }),
      body: t("account.sessions.revokeBody", { started: formatDateTime(s.created_at) }),
      confirmLabel: t("account.sessions.revokeConfirm"),
    });
    if (yes) revoke.mutate(s);
  };
  const askEverywhere = async () => {
    const yes = await confirm({
      title: t("account.sessions.everywhereTitle"),
      body: t("account.sessions.everywhereBody"),
      confirmLabel: t("account.sessions.everywhere"),
    });
    if (yes) everywhere.mutate();
  };
  const everywhere = useMutation({
    mutationFn: () => session.logout(true),
    onSettled: () => navigate("/login", { replace: true, state: { message: t("account.sessions.signedOutEverywhere") } }),
  });
  return (
    <section className="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t("account.sessions.title")}</h2>
      {list.isPending ? <Loading /> : null}
      <ErrorMessage error={list.error ?? revoke.error} />
      {list.data && list.data.sessions.length === 0 ? <Empty>{t("account.sessions.none")}</Empty> : null}
      {list.data && list.data.sessions.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("account.sessions.device")}</th>
                <th scope="col">{t("account.sessions.started")}</th>
                <th scope="col">{t("account.sessions.lastUsed")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("common.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.sessions.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <span title={s.user_agent ?? undefined}>{s.device}</span>
                    <div className="meta">{s.ip ?? ""}</div>
                    {s.current ? <span className="badge badge-good">{t("account.sessions.current")}</span> : null}
                  </th>
                  <td>{formatDateTime(s.created_at)}</td>
                  <td>{formatDateTime(s.last_used_at)}</td>
                  <td>
                    {s.current ? null : (
                      <button type="button" className="button-danger" onClick={() => void askRevoke(s)} disabled={revoke.isPending}>
                        {t("account.sessions.end")}{" "}
                        <span className="visually-hidden">{t("account.sessions.endOf", { device: s.device })}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div className="actions">
        <button type="button" className="button-danger" onClick={() => void askEverywhere()} disabled={everywhere.isPending}>
          {t("account.sessions.everywhere")}
        </button>
      </div>
      {dialog}
    </section>
  );
}

export function AccountPage() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="account-title">
      <h1 id="account-title">{t("account.title")}</h1>
      <Profile />
      <LanguageChoice />
      <NotificationPreferences />
      <ChangePassword />
      <Sessions />
    </section>
  );
}
