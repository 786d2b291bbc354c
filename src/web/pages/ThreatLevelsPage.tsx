/**
 * Terrorist threat levels (Decree No. 611; R6, R10.1, R21.3): the map of current levels by region, the
 * decisions in force with the changes the server allows, a form to declare, and the history of any
 * territory with its XLSX export. Kept live by ThreatLevelLive (SSE) in the shell.
 */
import { Anchor, Button, Group, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { type ChangeAction, LEVEL_SWATCH, type ThreatLevel, threatLevels } from "../../domain/threat-levels";
import { api, ok, qs } from "../api/client";
import type { ThreatDeclarationView } from "../api/types";
import { Basis } from "../components/Basis";
import { BoundaryMap } from "../components/BoundaryMap";
import { TerritoryPicker } from "../components/TerritoryPicker";
import { ThreatCatalogue } from "../components/ThreatCatalogue";
import { ThreatDecisionForm } from "../components/ThreatDecisionForm";
import { ThreatLevelBadge } from "../components/ThreatLevel";
import { ThreatTaskBoards } from "../components/ThreatTaskBoard";
import { MyThreatTasks, ThreatTaskProgress } from "../components/ThreatTasks";
import { formatMinute, nameOf } from "../format";

/** A paler fill for a region where a level is in force only in parts of it. */
const PARTS_FILL: Record<ThreatLevel, string> = { moderate: "#fff3bf", high: "#ffe8cc", critical: "#ffe3e3" };

function Period({ d }: { d: ThreatDeclarationView }) {
  const { t } = useTranslation();
  const end = d.effectiveEnd ?? d.endsAt;
  return (
    <Text size="sm">
      {t("threat.from", { date: formatMinute(d.startsAt) })}{" "}
      {end ? t("threat.until", { date: formatMinute(end) }) : t("threat.untilFurtherNotice")}
    </Text>
  );
}

function announcementOf(d: ThreatDeclarationView, lang: string) {
  return lang === "kk"
    ? d.announcement.kk
    : lang === "en"
      ? d.announcement.en || d.announcement.ru
      : d.announcement.ru;
}

function DecisionsTable({
  items,
  onChange,
  testId,
}: {
  items: ThreatDeclarationView[];
  onChange?: (d: ThreatDeclarationView, a: ChangeAction) => void;
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={800}>
      <Table data-testid={testId} verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("threat.number")}</Table.Th>
            <Table.Th>{t("threat.level")}</Table.Th>
            <Table.Th>{t("threat.territories")}</Table.Th>
            <Table.Th>{t("threat.period")}</Table.Th>
            <Table.Th>{t("threat.announcement")}</Table.Th>
            <Table.Th>{t("threat.status")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((d) => (
            <Table.Tr
              key={d.id}
              data-testid="threat-row"
              data-status={d.status}
              data-level={d.level ?? "none"}
            >
              <Table.Td>
                <Text size="sm" fw={600}>
                  {d.number}
                </Text>
                <Text size="xs" c="dimmed">
                  {t(`threatAction.${d.action}`)} · {formatMinute(d.createdAt)}
                </Text>
              </Table.Td>
              <Table.Td>
                <ThreatLevelBadge level={d.level} size="sm" />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{d.territories.map((x) => nameOf(x.names)).join(", ")}</Text>
              </Table.Td>
              <Table.Td>{d.action !== "cancel" && <Period d={d} />}</Table.Td>
              <Table.Td maw={360}>
                <Text size="sm" style={{ whiteSpace: "pre-line" }}>
                  {announcementOf(d, i18n.language)}
                </Text>
                {d.decisionRef && (
                  <Text size="xs" c="dimmed">
                    {t("threat.decisionRef")}: {d.decisionRef}
                  </Text>
                )}
                {d.grounds !== undefined && (
                  <Text size="xs" c="dimmed" data-testid="threat-grounds-shown">
                    {t("threat.col.grounds")}: {d.grounds}
                  </Text>
                )}
                {d.grounds !== undefined && ["declare", "raise", "lower"].includes(d.action) && (
                  <ThreatTaskProgress declarationId={d.id} />
                )}
                <Text size="xs" c="dimmed">
                  {t("threat.declaredBy")}:{" "}
                  {d.declaredBy.body ? nameOf(d.declaredBy.body.names) : d.declaredBy.userName}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{t(`threatStatus.${d.status}`)}</Text>
                {onChange && d.allowedActions.length > 0 && (
                  <Group gap={4} mt={4}>
                    {d.allowedActions.map((a) => (
                      <Button
                        key={a}
                        size="compact-xs"
                        variant="light"
                        color={a === "cancel" ? "red" : undefined}
                        onClick={() => onChange(d, a)}
                        data-testid={`threat-action-${a}`}
                      >
                        {t(`threatAction.${a}`)}
                      </Button>
                    ))}
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function CurrentMap() {
  const { t } = useTranslation();
  const current = useQuery({
    queryKey: ["threat-levels", "current"],
    queryFn: () => ok(api.GET("/api/threat-levels/current")),
  });
  const regions = useQuery({
    queryKey: ["geo", "regions"],
    queryFn: () => ok(api.GET("/api/geo/regions")),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const colors = useMemo(() => {
    const out: Record<string, string> = {};
    for (const x of current.data?.items ?? []) {
      if (x.level) out[x.territory.code] = LEVEL_SWATCH[x.level].fill;
      else if (x.highestWithin) out[x.territory.code] = PARTS_FILL[x.highestWithin];
    }
    return out;
  }, [current.data]);
  const items = (current.data?.items ?? []).filter((x) => x.territory.code !== "KZ");
  return (
    <Stack gap="xs">
      <Title order={3}>{t("threat.map")}</Title>
      {regions.data && (
        <BoundaryMap regions={regions.data} colors={colors} height={380} testId="threat-map" />
      )}
      <Group gap="xs">
        {threatLevels.map((l) => (
          <ThreatLevelBadge key={l} level={l} size="sm" />
        ))}
      </Group>
      <SimpleGrid
        cols={{ base: 1, sm: 2, md: 3 }}
        spacing={4}
        component="ul"
        style={{ listStyle: "none", padding: 0 }}
      >
        {items.map((x) => (
          <li
            key={x.territory.code}
            data-testid="threat-region"
            data-kato={x.territory.code}
            data-level={x.level ?? "none"}
          >
            <Group gap={6} wrap="wrap">
              <Text size="sm">{nameOf(x.territory.names)}</Text>
              <ThreatLevelBadge level={x.level} size="xs" />
              {!x.level && x.highestWithin && (
                <Text size="xs" c="dimmed">
                  {t("threat.inParts", { level: t(`threatLevel.${x.highestWithin}`) })}
                </Text>
              )}
            </Group>
          </li>
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function History() {
  const { t, i18n } = useTranslation();
  const [territory, setTerritory] = useState<string | null>(null);
  const history = useQuery({
    queryKey: ["threat-levels", "history", territory],
    queryFn: () =>
      ok(api.GET("/api/threat-levels/history", { params: { query: { territory: territory! } } })),
    enabled: !!territory,
  });
  return (
    <Stack gap="xs">
      <Title order={3}>{t("threat.history")}</Title>
      <Text size="sm" c="dimmed">
        {t("threat.historyHint")}
      </Text>
      <Group align="flex-end">
        <div style={{ width: 420 }}>
          <TerritoryPicker
            value={territory}
            onChange={setTerritory}
            maxLevel={4}
            testId="threat-history-territory"
          />
        </div>
        {territory && (
          <Anchor
            href={`/api/threat-levels/history.xlsx${qs({ territory, lang: i18n.language })}`}
            data-testid="threat-history-export"
          >
            {t("threat.export")}
          </Anchor>
        )}
      </Group>
      {history.data &&
        (history.data.items.length ? (
          <DecisionsTable items={history.data.items} testId="threat-history" />
        ) : (
          <Text size="sm">{t("threat.noHistory")}</Text>
        ))}
    </Stack>
  );
}

export function ThreatLevelsPage() {
  const { t, i18n } = useTranslation();
  const list = useQuery({
    queryKey: ["threat-levels", "list"],
    queryFn: () => ok(api.GET("/api/threat-levels")),
  });
  const [form, setForm] = useState<
    null | { mode: "declare" } | { mode: "change"; action: ChangeAction; declaration: ThreatDeclarationView }
  >(null);
  const active = (list.data?.items ?? []).filter((d) => d.status === "in_force" || d.status === "scheduled");
  // The board by territory: decisions in force that set a level, for those who may read their grounds.
  const boardable = active.filter(
    (d) =>
      d.status === "in_force" && d.grounds !== undefined && ["declare", "raise", "lower"].includes(d.action),
  );
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>{t("threat.title")}</Title>
          <Text size="sm" c="dimmed" maw={720}>
            {t("threat.intro")}
          </Text>
        </div>
        {list.data?.allowedActions.includes("declare") && (
          <Button onClick={() => setForm({ mode: "declare" })} data-testid="threat-declare">
            {t("threat.declare")}
          </Button>
        )}
      </Group>
      <Group gap="md">
        <Basis ids={["R6", "R10.1", "R21.3"]} />
        <Text size="sm">{t("threat.decree")}</Text>
        <Anchor href={`/public/${i18n.language}`} size="sm" data-testid="threat-public-link">
          {t("threat.publicPage")}
        </Anchor>
        <Anchor href={`/public/cap.atom?lang=${i18n.language}`} size="sm">
          {t("threat.publicFeed")}
        </Anchor>
      </Group>
      <MyThreatTasks />
      <CurrentMap />
      <Title order={3}>{t("threat.inForce")}</Title>
      {list.data &&
        (active.length ? (
          <DecisionsTable
            items={active}
            onChange={(declaration, action) => setForm({ mode: "change", action, declaration })}
            testId="threat-in-force"
          />
        ) : (
          <Text size="sm" data-testid="threat-none">
            {t("threat.noneInForce")}
          </Text>
        ))}
      {boardable.length > 0 && <ThreatTaskBoards decisions={boardable} />}
      <History />
      <ThreatCatalogue />
      {form && <ThreatDecisionForm {...form} onClose={() => setForm(null)} />}
    </Stack>
  );
}
