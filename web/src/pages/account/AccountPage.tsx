import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";

import { authApi, unwrap } from "../../api/client";
import type { UserSession } from "../../api/types";
import { session } from "../../auth/session";
import { useConfirm } from "../../components/ConfirmDialog";
import { useToast } from "../../components/Toast";
import { Empty, ErrorMessage, Loading, Notice } from "../../components/feedback";
import { formatDateTime } from "../../lib/format";
import { keys } from "../../queries/keys";
import { useMe, useSessions, useSessionsChanged } from "../../queries/users";

function Profile() {
  const client = useQueryClient();
  const me = useMe();
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
      <h2 id="profile-title">Profile</h2>
      <p>
        <strong>Email:</strong> {me.data.email} · <strong>Role:</strong> {me.data.role}
      </p>
      <form onSubmit={submit} className="field-row">
        <div className="field">
          <label htmlFor="profile-name">Name</label>
          <input id="profile-name" maxLength={200} value={name ?? me.data.name} onChange={(e) => setName(e.target.value)} />
        </div>
        <button type="submit" className="button-secondary" disabled={save.isPending || name === null}>
          {save.isPending ? "Saving…" : "Save name"}
        </button>
      </form>
      <ErrorMessage error={save.error} />
      {save.isSuccess ? <Notice tone="success">Name saved. It shows everywhere from your next sign-in.</Notice> : null}
    </section>
  );
}

function ChangePassword() {
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
      <h2 id="password-title">Change password</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          change.mutate();
        }}
      >
        <div className="field">
          <label htmlFor="current-password">Current password</label>
          <input id="current-password" type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="account-new-password">New password</label>
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
            10 to 128 characters, not a common password and not built from your name or email.
          </p>
        </div>
        <ErrorMessage error={change.error} />
        {change.isSuccess ? <Notice tone="success">Password changed. Your other sessions are signed out.</Notice> : null}
        <button type="submit" className="button-secondary" disabled={change.isPending}>
          {change.isPending ? "Changing…" : "Change password"}
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
  const revoke = useMutation({
    mutationFn: (s: UserSession) => unwrap(authApi.DELETE("/sessions/{session_id}", { params: { path: { session_id: s.id } } })),
    onSuccess: (_, s) => {
      void sessionsChanged();
      toast({ message: `Signed out: ${s.device}.` });
    },
  });
  const askRevoke = async (s: UserSession) => {
    const yes = await confirm({
      title: `Sign out ${s.device}?`,
      body: `The session started ${formatDateTime(s.created_at)} ends: that device will have to sign in again with your password and a code.`,
      confirmLabel: "Sign it out",
    });
    if (yes) revoke.mutate(s);
  };
  const askEverywhere = async () => {
    const yes = await confirm({
      title: "Sign out everywhere?",
      body: "Every session ends, this one included: you and any other device will have to sign in again.",
      confirmLabel: "Sign out everywhere",
    });
    if (yes) everywhere.mutate();
  };
  const everywhere = useMutation({
    mutationFn: () => session.logout(true),
    onSettled: () => navigate("/login", { replace: true, state: { message: "You are signed out on every device." } }),
  });
  return (
    <section className="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Active sessions</h2>
      {list.isPending ? <Loading /> : null}
      <ErrorMessage error={list.error ?? revoke.error} />
      {list.data && list.data.sessions.length === 0 ? <Empty>No active sessions.</Empty> : null}
      {list.data && list.data.sessions.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">Started</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.sessions.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <span title={s.user_agent ?? undefined}>{s.device}</span>
                    <div className="meta">{s.ip ?? ""}</div>
                    {s.current ? <span className="badge badge-good">This session</span> : null}
                  </th>
                  <td>{formatDateTime(s.created_at)}</td>
                  <td>{formatDateTime(s.last_used_at)}</td>
                  <td>
                    {s.current ? null : (
                      <button type="button" className="button-danger" onClick={() => void askRevoke(s)} disabled={revoke.isPending}>
                        End{" "}
                        <span className="visually-hidden">the session of {s.device}</span>
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
          Sign out everywhere
        </button>
      </div>
      {dialog}
    </section>
  );
}

export function AccountPage() {
  return (
    <section aria-labelledby="account-title">
      <h1 id="account-title">Account</h1>
      <Profile />
      <ChangePassword />
      <Sessions />
    </section>
  );
}
