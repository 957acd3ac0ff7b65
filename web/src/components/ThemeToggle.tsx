import { THEME_CHOICES, useTheme, type ThemeChoice } from "../lib/theme";

/** The header's theme choice: System (the default), Light or Dark, remembered on this browser. */
export function ThemeToggle() {
  const [choice, choose] = useTheme();
  return (
    <div className="theme-toggle">
      <label htmlFor="theme-choice">Theme</label>
      <select id="theme-choice" value={choice} onChange={(event) => choose(event.target.value as ThemeChoice)}>
        {THEME_CHOICES.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
