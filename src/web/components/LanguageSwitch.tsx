/** Kazakh / Russian / English: switches the UI at once and, when signed in, saves it as the user's choice. */
import { Button, Group } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { Locale } from "../../domain/contracts/common";
import { api, ok } from "../api/client";
import { LOCALES, rememberLocale } from "../i18n";

export function LanguageSwitch() {
  const { i18n, t } = useTranslation();
  const qc = useQueryClient();
  const me = qc.getQueryData(["me"]);
  const change = (l: Locale) => {
    void i18n.changeLanguage(l);
    rememberLocale(l);
    if (me) void ok(api.PATCH("/api/auth/me", { body: { locale: l } })).catch(() => {});
    void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== "me" });
  };
  return (
    <Group gap={4} role="group" aria-label="Language">
      {LOCALES.map((l) => (
        <Button
          key={l}
          size="compact-sm"
          variant={i18n.language === l ? "filled" : "subtle"}
          onClick={() => change(l)}
          data-testid={`lang-${l}`}
          aria-pressed={i18n.language === l}
          lang={l}
        >
          {t(`lang.${l}`)}
        </Button>
      ))}
    </Group>
  );
}
