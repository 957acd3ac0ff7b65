import { Link } from "react-router";

export function NotFoundPage() {
  return (
    <section aria-labelledby="nf-title">
      <h1 id="nf-title">Page not found</h1>
      <p>
        There is nothing at this address. <Link to="/">Go to your start page</Link>.
      </p>
    </section>
  );
}
