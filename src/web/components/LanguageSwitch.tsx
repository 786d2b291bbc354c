/** Kazakh / Russian / English: switches the UI at once and, when signed in, saves it as the user's choice. */
import { Button, Group } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { Locale } from "../../domain/contracts/common";
import { api, ok } from "../api/client";
import { LOCALES, rememberLocale } from "../i18n";

/** `testIdSuffix` tells apart a second copy (the phone menu's) from the header's. */
export function LanguageSwitch({ testIdSuffix = "" }: { testIdSuffix?: string }) {
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
    <Group gap={4} role="group" aria-label={t("a11y.language")}>
      {LOCALES.map((l) => (
        <Button
          key={l}
          size="compact-sm"
          variant={i18n.language === l ? "filled" : "subtle"}
          onClick={() => change(l)}
          data-testid={`lang-${l}${testIdSuffix}`}
          aria-pressed={i18n.language === l}
          lang={l}
        >
          {t(`lang.${l}`)}
        </Button>
      ))}
    </Group>
  );
}
