import { useTranslation } from "react-i18next";

import { THEME_CHOICES, useTheme, type ThemeChoice } from "../lib/theme";

/** The header's theme choice: System (the default), Light or Dark, remembered on this browser. */
export function ThemeToggle() {
  const [choice, choose] = useTheme();
  const { t } = useTranslation();
  return (
    <div className="theme-toggle">
      <label htmlFor="theme-choice">{t("theme.label")}</label>
      <select id="theme-choice" value={choice} onChange={(event) => choose(event.target.value as ThemeChoice)}>
        {THEME_CHOICES.map((option) => (
          <option key={option.value} value={option.value}>
            {t(option.label)}
          </option>
        ))}
      </select>
    </div>
  );
}
