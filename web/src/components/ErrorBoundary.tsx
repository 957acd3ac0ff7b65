import { Component, type ErrorInfo, type ReactNode } from "react";
import { isRouteErrorResponse, Link, useRouteError } from "react-router";

import { t } from "../i18n";

import { NotFoundPage } from "../pages/NotFoundPage";

/** The friendly page shown instead of a broken one: what happened, and ways back. Never the error itself. */
export function ErrorPage({ home }: { home: ReactNode }) {
  return (
    <section className="auth-card" aria-labelledby="error-title" data-testid="error-page">
      <h1 id="error-title">{t("errorPage.title")}</h1>
      <p>{t("errorPage.body")}</p>
      <p className="actions">
        <button type="button" className="button-primary" onClick={() => window.location.reload()}>
          {t("errorPage.retry")}
        </button>
        {home}
      </p>
    </section>
  );
}

/** A route's errorElement: a page that throws while rendering or loading shows ErrorPage in the app frame. */
export function RouteErrorPage() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  return (
    <ErrorPage
      home={
        <Link className="button-secondary" to="/" reloadDocument>
          {t("errorPage.home")}
        </Link>
      }
    />
  );
}

/** The last line, around the whole app (outside the router): a plain link, since the router may be what broke. */
export class AppErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // For the developer console only; the page itself never shows it.
    console.error("The app stopped rendering", error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <main id="main">
        <ErrorPage
          home={
            <a className="button-secondary" href="/">
              {t("errorPage.home")}
            </a>
          }
        />
      </main>
    );
  }
}
