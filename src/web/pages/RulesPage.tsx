/** R1–R23: the title of each paragraph in the UI language and the Kazakh original text. */
import { Badge, Card, Group, Loader, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { chapters } from "../../domain/rules";
import { api, ok } from "../api/client";
import { ErrorAlert } from "../components/ErrorAlert";
import { useLocation } from "../router";

export function RulesPage() {
  const { t } = useTranslation();
  const { hash } = useLocation();
  const q = useQuery({
    queryKey: ["rules"],
    queryFn: () => ok(api.GET("/api/rules")),
    staleTime: Infinity,
  });
  useEffect(() => {
    if (hash && q.data) document.getElementById(hash.slice(1))?.scrollIntoView();
  }, [hash, q.data]);
  if (q.isPending) return <Loader />;
  if (q.error) return <ErrorAlert error={q.error} />;
  return (
    <Stack maw={900}>
      <Title order={2}>{t("rules.title")}</Title>
      <Text size="sm" c="dimmed">
        {t("app.decree")}. {t("rules.intro")}
      </Text>
      {chapters.map((c) => (
        <Stack key={c.n} gap="sm">
          <Title order={3}>
            {c.n}. {t(`rules.chapter${c.n}`)}
          </Title>
          {q.data.items
            .filter((r) => r.chapter === c.n)
            .map((r) => (
              <Card
                key={r.id}
                withBorder
                id={r.id}
                data-testid="rule"
                style={hash === `#${r.id}` ? { borderColor: "var(--mantine-color-teal-6)" } : undefined}
              >
                <Group gap="xs" mb={4}>
                  <Badge>{r.id}</Badge>
                  <Text fw={600}>{t(`rules.${r.id}.title`)}</Text>
                </Group>
                <Text size="xs" c="dimmed">
                  {t("rules.original")}
                </Text>
                <Text size="sm" lang="kk" style={{ whiteSpace: "pre-line" }}>
                  {r.textKk}
                </Text>
              </Card>
            ))}
        </Stack>
      ))}
    </Stack>
  );
}
