/**
 * Mantine in the page's language: date pickers (DatesProvider with dayjs's kk/ru/en month and day names,
 * weeks from Monday) and the accessible names Mantine gives its own buttons (the password visibility
 * toggle), re-created when the language changes.
 */
import { createTheme, MantineProvider, PasswordInput } from "@mantine/core";
import { DatesProvider } from "@mantine/dates";
import "dayjs/locale/kk";
import "dayjs/locale/ru";
import "dayjs/locale/en";
import { type ReactNode, useMemo } from "react";
import { useTranslation } from "react-i18next";

export function LocaleProviders({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const theme = useMemo(
    () =>
      createTheme({
        primaryColor: "teal",
        defaultRadius: "sm",
        components: {
          PasswordInput: PasswordInput.extend({
            defaultProps: { visibilityToggleButtonProps: { "aria-label": t("a11y.showPassword") } },
          }),
        },
      }),
    // react-i18next gives a new t when the language changes
    [t],
  );
  return (
    <MantineProvider theme={theme}>
      <DatesProvider settings={{ locale: lang, firstDayOfWeek: 1, weekendDays: [0, 6] }}>
        {children}
      </DatesProvider>
    </MantineProvider>
  );
}
