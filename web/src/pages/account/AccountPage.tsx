import { useAuth } from "../../auth/AuthProvider";

export function AccountPage() {
  const { user } = useAuth();
  return (
    <section aria-labelledby="account-title">
      <h1 id="account-title">Account</h1>
      <p>{user?.email}</p>
    </section>
  );
}
