import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";

import { authApi, unwrap } from "../../api/client";
import type { User } from "../../api/types";
import type { Role } from "../../auth/session";
import { Empty, ErrorMessage, Loading, Notice } from "../../components/feedback";
import { formatDate } from "../../lib/format";

const ROLES: Role[] = ["student", "mentor", "admin"];
const PAGE = 25;

function InviteForm() {
  const client = useQueryClient();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("student");
  const invite = useMutation({
    mutationFn: () => unwrap(authApi.POST("/admin/users", { body: { email, name, role, send_invite: true } })),
    onSuccess: () => {
      setEmail("");
      setName("");
      void client.invalidateQueries({ queryKey: ["users"] });
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
        <div className="field">
          <label htmlFor="invite-email">Email</label>
          <input id="invite-email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
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
  const client = useQueryClient();
  const path = { params: { path: { user_id: user.id } } };
  const done = () => client.invalidateQueries({ queryKey: ["users"] });
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
  const users = useQuery({
    queryKey: ["users", query],
    queryFn: () => unwrap(authApi.GET("/admin/users", { params: { query } })),
    placeholderData: keepPreviousData,
  });
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
      {users.isPending ? <Loading label="Loading users…" /> : null}
      <ErrorMessage error={users.error} />
      {users.data && users.data.users.length === 0 ? <Empty>No user matches.</Empty> : null}
      {users.data && users.data.users.length > 0 ? (
        <>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">User</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last sign-in</th>
                  <th scope="col">Role and actions</th>
                </tr>
              </thead>
              <tbody>
                {users.data.users.map((user) => (
                  <tr key={user.id} data-testid="user-row">
                    <th scope="row">
                      {user.name}
                      <div className="meta">{user.email}</div>
                    </th>
                    <td>
                      <span className={`badge ${user.status === "active" ? "badge-good" : user.status === "disabled" ? "badge-bad" : "badge-warn"}`}>
                        {user.status}
                      </span>
                    </td>
                    <td>{formatDate(user.last_login_at)}</td>
                    <td>
                      <UserActions user={user} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="actions" aria-label="Pages">
            <button type="button" className="button-secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              Previous
            </button>
            <span className="meta">
              {offset + 1}–{offset + users.data.users.length} of {users.data.total}
            </span>
            <button
              type="button"
              className="button-secondary"
              disabled={offset + PAGE >= users.data.total}
              onClick={() => setOffset(offset + PAGE)}
            >
              Next
            </button>
          </nav>
        </>
      ) : null}
    </section>
  );
}
