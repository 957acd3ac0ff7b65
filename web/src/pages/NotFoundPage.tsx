import { Trans } from "react-i18next";
import { Link } from "react-router";

import { t } from "../i18n";

export function NotFoundPage() {
  return (
    <section aria-labelledby="nf-title">
      <h1 id="nf-title">{t("notFound.title")}</h1>
      <p>
        <Trans i18nKey="notFound.body" components={{ home: <Link to="/" /> }} />
      </p>
    </section>
  );
}
