import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { authApi, unwrap } from "../../api/client";
import type { User } from "../../api/types";
import { useAuth } from "../../auth/AuthProvider";
import type { Role } from "../../auth/session";
import { useConfirm } from "../../components/ConfirmDialog";
import { DataTable } from "../../components/DataTable";
import { EmailField } from "../../components/EmailField";
import { ErrorMessage, Notice } from "../../components/feedback";
import { Pager } from "../../components/Pager";
import { QueryView } from "../../components/QueryView";
import { useToast } from "../../components/Toast";
import { formatDate } from "../../lib/format";
import { t as translate } from "../../i18n";
import { useUsers, useUsersChanged } from "../../queries/users";

const ROLES: Role[] = ["student", "mentor", "admin"];
const PAGE = 25;

function InviteForm() {
  const { t } = useTranslation();
  const changed = useUsersChanged();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("student");
  const invite = useMutation({
    mutationFn: () => unwrap(authApi.POST("/admin/users", { body: { email, name, role, send_invite: true } })),
    onSuccess: () => {
      setEmail("");
      setName("");
      void changed();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate();
  };
  return (
    <form onSubmit={submit} className="card" aria-labelledby="invite-title">
      <h2 id="invite-title">{t("usersPage.invite.title")}</h2>
      <div className="field-row">
        <EmailField id="invite-email" label={t("usersPage.invite.email")} autoComplete="off" value={email} onChange={setEmail} />
        <div className="field">
          <label htmlFor="invite-name">{t("usersPage.invite.name")}</label>
          <input id="invite-name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="invite-role">{t("usersPage.role")}</label>
          <select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button-primary" disabled={invite.isPending}>
          {invite.isPending ? t("usersPage.invite.sending") : t("usersPage.invite.send")}
        </button>
      </div>
      <ErrorMessage error={invite.error} />
      {invite.isSuccess ? (
        <Notice tone="success">
          {t("usersPage.invite.done", { email: invite.data.email })}
        </Notice>
      ) : null}
    </form>
  );
}

/** "a student", "an admin" (Spanish: "estudiante", "administrador"). */
const asRole = (role: Role) => translate(`usersPage.asRole.${role}`);

function UserActions({ user }: { user: User }) {
  const { t } = useTranslation();
  const name = user.name;
  const done = useUsersChanged();
  const toast = useToast();
  const [dialog, confirm] = useConfirm();
  const me = useAuth().user;
  const self = me?.id === user.id;
  const path = { params: { path: { user_id: user.id } } };
  const setRole = (value: Role) => unwrap(authApi.PUT("/admin/users/{user_id}/role", { ...path, body: { role: value } }));
  const setEnabled = (enabled: boolean) =>
    enabled
      ? unwrap(authApi.POST("/admin/users/{user_id}/enable", path))
      : unwrap(authApi.POST("/admin/users/{user_id}/disable", path));
  const undoable = (run: () => Promise<unknown>) => async () => {
    await run();
    await done();
  };

  const role = useMutation({
    mutationFn: ({ to }: { from: Role; to: Role }) => setRole(to),
    onSuccess: (_, { from, to }) => {
      void done();
      toast({
        message: t("usersPage.roleChanged", { name, role: asRole(to) }),
        undo: self ? undefined : { run: undoable(() => setRole(from)), done: t("usersPage.roleUndone", { name, role: asRole(from) }) },
      });
    },
  });
  const toggle = useMutation({
    mutationFn: (enable: boolean) => setEnabled(enable),
    onSuccess: (_, enable) => {
      void done();
      toast({
        message: enable ? t("usersPage.enabled", { name }) : t("usersPage.disabled", { name }),
        undo: {
          run: undoable(() => setEnabled(!enable)),
          done: enable ? t("usersPage.disabledAgain", { name }) : t("usersPage.enabledAgain", { name }),
        },
      });
    },
  });
  const revoke = useMutation({
    mutationFn: () => unwrap(authApi.POST("/admin/users/{user_id}/sessions/revoke", path)),
    onSuccess: () => toast({ message: t("usersPage.signedOut", { name }) }),
  });
  const reinvite = useMutation({ mutationFn: () => unwrap(authApi.POST("/admin/users/{user_id}/invite", path)) });
  const error = role.error ?? toggle.error ?? revoke.error ?? reinvite.error;

  const askRole = async (to: Role) => {
    const from = user.role;
    if (to === from) return;
    const yes = await confirm({
      title: self ? t("usersPage.askRole.titleSelf", { role: asRole(to) }) : t("usersPage.askRole.title", { name, role: asRole(to) }),
      body: self ? t("usersPage.askRole.bodySelf") : t("usersPage.askRole.body", { name, role: asRole(to) }),
      warning: self && from === "admin" ? t("usersPage.askRole.warningSelf") : undefined,
      confirmLabel: t("usersPage.askRole.confirm"),
    });
    if (yes) role.mutate({ from, to });
  };
  const askToggle = async () => {
    const enable = user.status === "disabled";
    if (enable) {
      toggle.mutate(true);
      return;
    }
    if (self) {
      await confirm({
        title: t("usersPage.askDisable.titleSelf"),
        body: t("usersPage.askDisable.bodySelf"),
        warning: t("usersPage.askDisable.warningSelf"),
        confirmLabel: null,
      });
      return;
    }
    const yes = await confirm({
      title: t("usersPage.askDisable.title", { name }),
      body: t("usersPage.askDisable.body", { name }),
      confirmLabel: t("usersPage.disable"),
    });
    if (yes) toggle.mutate(false);
  };
  const askRevoke = async () => {
    const yes = await confirm({
      title: self ? t("usersPage.askRevoke.titleSelf") : t("usersPage.askRevoke.title", { name }),
      body: self ? t("usersPage.askRevoke.bodySelf") : t("usersPage.askRevoke.body", { name }),
      confirmLabel: t("usersPage.endSessions"),
    });
    if (yes) revoke.mutate();
  };

  return (
    <div className="row-actions">
      <label className="visually-hidden" htmlFor={`role-${user.id}`}>
        {t("usersPage.roleOf", { name })}
      </label>
      <select id={`role-${user.id}`} value={user.role} onChange={(e) => void askRole(e.target.value as Role)} disabled={role.isPending}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {t(`roles.${r}`)}
          </option>
        ))}
      </select>
      <button type="button" className="button-link" onClick={() => void askToggle()} disabled={toggle.isPending}>
        {user.status === "disabled" ? t("usersPage.enable") : t("usersPage.disable")}
        <span className="visually-hidden">{t("usersPage.whose", { name })}</span>
      </button>
      <button type="button" className="button-link" onClick={() => void askRevoke()} disabled={revoke.isPending}>
        {t("usersPage.endSessions")}
        <span className="visually-hidden">{t("usersPage.ofWhom", { name })}</span>
      </button>
      {user.status === "invited" ? (
        <button type="button" className="button-link" onClick={() => reinvite.mutate()} disabled={reinvite.isPending}>
          {reinvite.isSuccess ? t("usersPage.invitationSent") : t("usersPage.resendInvitation")}
          <span className="visually-hidden">{t("usersPage.toWhom", { name })}</span>
        </button>
      ) : null}
      <ErrorMessage error={error} />
      {dialog}
    </div>
  );
}

/** Users: search, filter, invite, change role, disable, end sessions. */
export function UsersPage() {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const [role, setRole] = useState<"" | Role>("");
  const [status, setStatus] = useState<"" | "invited" | "active" | "disabled">("");
  const [offset, setOffset] = useState(0);
  const query = {
    q: q.trim() || undefined,
    role: role || undefined,
    status: status || undefined,
    limit: PAGE,
    offset,
  };
  const users = useUsers(query);
  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">{t("usersPage.title")}</h1>
      <p className="actions">
        <Link to="/admin/users/import">{t("usersPage.importLink")}</Link>
      </p>
      <InviteForm />
      <div className="toolbar" role="search">
        <div className="field">
          <label htmlFor="user-search">{t("usersPage.search")}</label>
          <input id="user-search" type="search" value={q} onChange={(e) => { setQ(e.target.value); setOffset(0); }} aria-describedby="user-search-hint" />
          <p id="user-search-hint" className="hint">
            {t("usersPage.searchHint")}
          </p>
        </div>
        <div className="field">
          <label htmlFor="user-role">{t("usersPage.role")}</label>
          <select id="user-role" value={role} onChange={(e) => { setRole(e.target.value as Role | ""); setOffset(0); }}>
            <option value="">{t("usersPage.allRoles")}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="user-status">{t("usersPage.status")}</label>
          <select id="user-status" value={status} onChange={(e) => { setStatus(e.target.value as typeof status); setOffset(0); }}>
            <option value="">{t("usersPage.allStatuses")}</option>
            <option value="active">{t("usersPage.statuses.active")}</option>
            <option value="invited">{t("usersPage.statuses.invited")}</option>
            <option value="disabled">{t("usersPage.statuses.disabled")}</option>
          </select>
        </div>
      </div>
      <QueryView
        query={users}
        loadingLabel={t("usersPage.loading")}
        isEmpty={(data) => data.users.length === 0}
        empty={t("usersPage.empty")}
      >
        {(data) => (
          <>
            <DataTable
              rows={data.users}
              rowKey={(user) => user.id}
              rowTestId="user-row"
              columns={[
                {
                  header: t("usersPage.columns.user"),
                  rowHeader: true,
                  cell: (user) => (
                    <>
                      {user.name}
                      <div className="meta">{user.email}</div>
                    </>
                  ),
                },
                {
                  header: t("usersPage.status"),
                  cell: (user) => (
                    <span className={`badge ${user.status === "active" ? "badge-good" : user.status === "disabled" ? "badge-bad" : "badge-warn"}`}>
                      {t(`usersPage.statuses.${user.status}`)}
                    </span>
                  ),
                },
                { header: t("usersPage.columns.lastSignIn"), cell: (user) => formatDate(user.last_login_at) },
                { header: t("usersPage.columns.roleAndActions"), cell: (user) => <UserActions user={user} /> },
              ]}
            />
            <Pager offset={offset} pageSize={PAGE} shown={data.users.length} total={data.total} onChange={setOffset} />
          </>
        )}
      </QueryView>
    </section>
  );
}
