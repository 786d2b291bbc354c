/**
 * Mantine in the page's language: date pickers (DatesProvider with dayjs's kk/ru/en month and day names,
 * weeks from Monday) and the accessible names Mantine gives its own buttons (the password visibility
 * toggle), re-created when the language changes.
 */
import {
  Badge,
  type CSSVariablesResolver,
  createTheme,
  defaultVariantColorsResolver,
  MantineProvider,
  NavLink,
  PasswordInput,
  Popover,
  parseThemeColor,
} from "@mantine/core";
import { DatesProvider } from "@mantine/dates";
import "dayjs/locale/kk";
import "dayjs/locale/ru";
import "dayjs/locale/en";
import { type ReactNode, useMemo } from "react";
import { useTranslation } from "react-i18next";

/**
 * Colours that reach WCAG AA contrast on white (axe-core's colour-contrast rule): dimmed text is gray.7
 * (gray.6 is 3.3:1), and text on light backgrounds (light buttons, the active navigation link) the
 * primary colour's darkest shade.
 */
const contrastVariables: CSSVariablesResolver = (theme) => ({
  variables: {},
  light: {
    "--mantine-color-dimmed": theme.colors.gray[7],
    "--mantine-primary-color-light-color": theme.colors.teal[9],
    "--mantine-color-teal-light-color": theme.colors.teal[9],
    "--mantine-color-blue-light-color": theme.colors.blue[9],
    "--mantine-color-red-light-color": theme.colors.red[9],
    "--mantine-color-gray-light-color": theme.colors.gray[9],
  },
  dark: {},
});

export function LocaleProviders({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const theme = useMemo(
    () =>
      createTheme({
        primaryColor: "teal",
        // teal.9 on white and white on teal.9 reach WCAG AA contrast (the default shade 6 does not)
        primaryShade: 9,
        defaultRadius: "sm",
        // Light variants (buttons, badges, the active navigation link): the colour's darkest shade on its
        // lightest, 4.7:1 for teal — the default pair is under WCAG AA's 4.5:1 (axe: color-contrast).
        variantColorResolver: (input) => {
          const colors = defaultVariantColorsResolver(input);
          if (input.variant !== "light") return colors;
          const parsed = parseThemeColor({
            color: input.color || input.theme.primaryColor,
            theme: input.theme,
          });
          return parsed.isThemeColor
            ? {
                ...colors,
                color: `var(--mantine-color-${parsed.color}-9)`,
                background: `var(--mantine-color-${parsed.color}-0)`,
                hover: `var(--mantine-color-${parsed.color}-1)`,
              }
            : colors;
        },
        components: {
          // Badges show their whole text: a status that does not fit wraps onto a second line instead of
          // being cut to an ellipsis (Mantine's default: one line, hidden overflow).
          Badge: Badge.extend({
            styles: {
              root: { height: "auto", minHeight: "var(--badge-height)", maxWidth: "100%", paddingBlock: 2 },
              label: {
                whiteSpace: "normal",
                overflow: "visible",
                textOverflow: "clip",
                overflowWrap: "break-word",
                textAlign: "center",
                lineHeight: 1.3,
              },
            },
          }),
          // The active navigation link: the same contrast pair as the light variants above.
          NavLink: NavLink.extend({
            vars: () => ({
              root: { "--nl-bg": "var(--mantine-color-teal-0)", "--nl-color": "var(--mantine-color-teal-9)" },
              children: {},
            }),
          }),
          // Suggestion lists (place pickers, object pickers) never hide themselves as "detached": Mantine
          // hides a dropdown whose field it measures as clipped, and a dropdown measured so while its
          // dialog was still moving in stayed hidden (it has no size, so nothing measured it again) — the
          // place suggestions of the report form did not show on a busy machine.
          Popover: Popover.extend({ defaultProps: { hideDetached: false } }),
          PasswordInput: PasswordInput.extend({
            defaultProps: { visibilityToggleButtonProps: { "aria-label": t("a11y.showPassword") } },
          }),
        },
      }),
    // react-i18next gives a new t when the language changes
    [t],
  );
  return (
    <MantineProvider theme={theme} cssVariablesResolver={contrastVariables}>
      <DatesProvider settings={{ locale: lang, firstDayOfWeek: 1, weekendDays: [0, 6] }}>
        {children}
      </DatesProvider>
    </MantineProvider>
  );
}
