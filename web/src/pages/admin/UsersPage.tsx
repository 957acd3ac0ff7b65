import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
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

const article = (role: Role) => (role === "admin" ? "an" : "a");

function UserActions({ user }: { user: User }) {
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
        message: `Role changed: ${user.name} is now ${article(to)} ${to}.`,
        undo: self ? undefined : { run: undoable(() => setRole(from)), done: `Undone: ${user.name} is ${article(from)} ${from} again.` },
      });
    },
  });
  const toggle = useMutation({
    mutationFn: (enable: boolean) => setEnabled(enable),
    onSuccess: (_, enable) => {
      void done();
      toast({
        message: enable ? `${user.name} is enabled and can sign in.` : `${user.name} is disabled.`,
        undo: {
          run: undoable(() => setEnabled(!enable)),
          done: enable ? `Undone: ${user.name} is disabled again.` : `Undone: ${user.name} is enabled again.`,
        },
      });
    },
  });
  const revoke = useMutation({
    mutationFn: () => unwrap(authApi.POST("/admin/users/{user_id}/sessions/revoke", path)),
    onSuccess: () => toast({ message: `${user.name} is signed out on every device.` }),
  });
  const reinvite = useMutation({ mutationFn: () => unwrap(authApi.POST("/admin/users/{user_id}/invite", path)) });
  const error = role.error ?? toggle.error ?? revoke.error ?? reinvite.error;

  const askRole = async (to: Role) => {
    const from = user.role;
    if (to === from) return;
    const yes = await confirm({
      title: self ? `Make yourself ${article(to)} ${to}?` : `Make ${user.name} ${article(to)} ${to}?`,
      body: self
        ? "You will be signed out on every device, this one included, and sign in again without admin pages."
        : `${user.name} will be signed out on every device and sign in again as ${article(to)} ${to}.`,
      warning: self && from === "admin" ? "This is your own account: you lose admin access at once, and only another admin can give it back." : undefined,
      confirmLabel: "Change role",
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
        title: "Disable your own account?",
        body: "Campus does not let an admin disable their own account, so that no one locks the school out by mistake. Ask another admin.",
        warning: "This is your own account.",
        confirmLabel: null,
      });
      return;
    }
    const yes = await confirm({
      title: `Disable ${user.name}?`,
      body: `${user.name} will be signed out on every device and can no longer sign in until an admin enables the account again.`,
      confirmLabel: "Disable",
    });
    if (yes) toggle.mutate(false);
  };
  const askRevoke = async () => {
    const yes = await confirm({
      title: self ? "Sign yourself out everywhere?" : `Sign ${user.name} out everywhere?`,
      body: self
        ? "You will be signed out on every device, this one included."
        : `${user.name} will be signed out on every device. They can sign in again with their password and a code.`,
      confirmLabel: "End sessions",
    });
    if (yes) revoke.mutate();
  };

  return (
    <div className="row-actions">
      <label className="visually-hidden" htmlFor={`role-${user.id}`}>
        Role of {user.name}
      </label>
      <select id={`role-${user.id}`} value={user.role} onChange={(e) => void askRole(e.target.value as Role)} disabled={role.isPending}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      <button type="button" className="button-link" onClick={() => void askToggle()} disabled={toggle.isPending}>
        {user.status === "disabled" ? "Enable" : "Disable"}
        <span className="visually-hidden"> {user.name}</span>
      </button>
      <button type="button" className="button-link" onClick={() => void askRevoke()} disabled={revoke.isPending}>
        End sessions
        <span className="visually-hidden"> of {user.name}</span>
      </button>
      {user.status === "invited" ? (
        <button type="button" className="button-link" onClick={() => reinvite.mutate()} disabled={reinvite.isPending}>
          {reinvite.isSuccess ? "Invitation sent" : "Resend invitation"}
          <span className="visually-hidden"> to {user.name}</span>
        </button>
      ) : null}
      <ErrorMessage error={error} />
      {dialog}
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
