import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Basis } from "../components/Basis";
import { HomeSummary } from "../components/HomeSummary";
import { nameOf } from "../format";
import { Link } from "../router";
import { useMe } from "../session";

const CARDS = [
  { key: "registry", to: "/registry", basis: ["R3", "R4", "R5", "R18"] },
  { key: "map", to: "/map", basis: ["R3", "R18"] },
  { key: "rules", to: "/rules", basis: ["R1"] },
  { key: "prevention", to: "/prevention", basis: ["R6"] },
  { key: "response", to: "/response", basis: ["R16"] },
  { key: "consequences", to: "/consequences", basis: ["R20"] },
];

export function HomePage() {
  const { t } = useTranslation();
  const me = useMe().data!;
  return (
    <Stack>
      <Title order={2}>{t("home.welcome", { name: me.user.displayName })}</Title>
      <Text maw={800}>{t("home.intro")}</Text>
      <HomeSummary roles={me.grants.map((g) => g.role)} />
      <Stack gap={4}>
        <Text fw={600}>{t("common.yourAccess")}</Text>
        {me.grants.map((g) => (
          <Group key={`${g.role}-${g.bodyId}`} gap="xs">
            <Badge>{t(`role.${g.role}`)}</Badge>
            <Text size="sm">
              {nameOf(g.bodyName)} · {nameOf(g.territoryName)}
            </Text>
          </Group>
        ))}
      </Stack>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {CARDS.map((c) => (
          <Card key={c.key} withBorder component={Link} to={c.to}>
            <Text fw={600}>{t(`nav.${c.key}`)}</Text>
            <Basis ids={c.basis} label={false} linked={false} />
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
