import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";

import { authApi, unwrap } from "../../api/client";
import type { User } from "../../api/types";
import type { Role } from "../../auth/session";
import { DataTable } from "../../components/DataTable";
import { EmailField } from "../../components/EmailField";
import { ErrorMessage, Notice } from "../../components/feedback";
import { Pager } from "../../components/Pager";
import { QueryView } from "../../components/QueryView";
import { formatDate } from "../../lib/format";
import { useUsers, useUsersChanged } from "../../queries/users";

const ROLES: Role[] = ["student", "mentor", "admin"];
const PAGE = 25;

function InviteForm() {
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
      <h2 id="invite-title">Invite a user</h2>
      <div className="field-row">
        <EmailField id="invite-email" label="Email" autoComplete="off" value={email} onChange={setEmail} />
        <div className="field">
          <label htmlFor="invite-name">Full name</label>
          <input id="invite-name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="invite-role">Role</label>
          <select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button-primary" disabled={invite.isPending}>
          {invite.isPending ? "Inviting…" : "Send invitation"}
        </button>
      </div>
      <ErrorMessage error={invite.error} />
      {invite.isSuccess ? (
        <Notice tone="success">
          {invite.data.email} is invited: they get an email with a code to set their password.
        </Notice>
      ) : null}
    </form>
  );
}

function UserActions({ user }: { user: User }) {
  const done = useUsersChanged();
  const path = { params: { path: { user_id: user.id } } };
  const role = useMutation({
    mutationFn: (value: Role) => unwrap(authApi.PUT("/admin/users/{user_id}/role", { ...path, body: { role: value } })),
    onSuccess: done,
  });
  const toggle = useMutation({
    mutationFn: () =>
      user.status === "disabled"
        ? unwrap(authApi.POST("/admin/users/{user_id}/enable", path))
        : unwrap(authApi.POST("/admin/users/{user_id}/disable", path)),
    onSuccess: done,
  });
  const revoke = useMutation({
    mutationFn: () => unwrap(authApi.POST("/admin/users/{user_id}/sessions/revoke", path)),
  });
  const reinvite = useMutation({ mutationFn: () => unwrap(authApi.POST("/admin/users/{user_id}/invite", path)) });
  const error = role.error ?? toggle.error ?? revoke.error ?? reinvite.error;
  return (
    <div className="row-actions">
      <label className="visually-hidden" htmlFor={`role-${user.id}`}>
        Role of {user.name}
      </label>
      <select
        id={`role-${user.id}`}
        value={user.role}
        onChange={(e) => role.mutate(e.target.value as Role)}
        disabled={role.isPending}
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      <button type="button" className="button-link" onClick={() => toggle.mutate()} disabled={toggle.isPending}>
        {user.status === "disabled" ? "Enable" : "Disable"}
        <span className="visually-hidden"> {user.name}</span>
      </button>
      <button type="button" className="button-link" onClick={() => revoke.mutate()} disabled={revoke.isPending}>
        {revoke.isSuccess ? "Sessions ended" : "End sessions"}
        <span className="visually-hidden"> of {user.name}</span>
      </button>
      {user.status === "invited" ? (
        <button type="button" className="button-link" onClick={() => reinvite.mutate()} disabled={reinvite.isPending}>
          {reinvite.isSuccess ? "Invitation sent" : "Resend invitation"}
          <span className="visually-hidden"> to {user.name}</span>
        </button>
      ) : null}
      <ErrorMessage error={error} />
    </div>
  );
}

/** Users: search, filter, invite, change role, disable, end sessions. */
export function UsersPage() {
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
      <h1 id="users-title">Users</h1>
      <p className="actions">
        <Link to="/admin/users/import">Import users from CSV</Link>
      </p>
      <InviteForm />
      <div className="toolbar" role="search">
        <div className="field">
          <label htmlFor="user-search">Search by name or email</label>
          <input id="user-search" type="search" value={q} onChange={(e) => { setQ(e.target.value); setOffset(0); }} />
        </div>
        <div className="field">
          <label htmlFor="user-role">Role</label>
          <select id="user-role" value={role} onChange={(e) => { setRole(e.target.value as Role | ""); setOffset(0); }}>
            <option value="">All roles</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="user-status">Status</label>
          <select id="user-status" value={status} onChange={(e) => { setStatus(e.target.value as typeof status); setOffset(0); }}>
            <option value="">All</option>
            <option value="active">active</option>
            <option value="invited">invited</option>
            <option value="disabled">disabled</option>
          </select>
        </div>
      </div>
      <QueryView
        query={users}
        loadingLabel="Loading users…"
        isEmpty={(data) => data.users.length === 0}
        empty="No user matches."
      >
        {(data) => (
          <>
            <DataTable
              rows={data.users}
              rowKey={(user) => user.id}
              rowTestId="user-row"
              columns={[
                {
                  header: "User",
                  rowHeader: true,
                  cell: (user) => (
                    <>
                      {user.name}
                      <div className="meta">{user.email}</div>
                    </>
                  ),
                },
                {
                  header: "Status",
                  cell: (user) => (
                    <span className={`badge ${user.status === "active" ? "badge-good" : user.status === "disabled" ? "badge-bad" : "badge-warn"}`}>
                      {user.status}
                    </span>
                  ),
                },
                { header: "Last sign-in", cell: (user) => formatDate(user.last_login_at) },
                { header: "Role and actions", cell: (user) => <UserActions user={user} /> },
              ]}
            />
            <Pager offset={offset} pageSize={PAGE} shown={data.users.length} total={data.total} onChange={setOffset} />
          </>
        )}
      </QueryView>
    </section>
  );
}
