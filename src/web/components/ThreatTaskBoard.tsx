/**
 * The live board of a decision's measures by territory (Decree No. 611; R6, R18): a map of the
 * regions (or a region's districts) shaded by the share of bodies that confirmed receipt, with a legend,
 * and next to it the same as an accessible list — "X of Y" per territory, drill-down to the districts,
 * then the bodies still missing. Live: ThreatLevelLive re-reads every threat-level query on each
 * confirmation or escalation the server announces (SSE).
 */
import { Badge, Button, Group, Select, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Bbox } from "../../domain/geo";
import { api, ok } from "../api/client";
import type { Answer, ThreatDeclarationView } from "../api/types";
import { useTerritoryPlace } from "../features/map/usePlace";
import { formatMinute, nameOf } from "../format";
import { Basis } from "./Basis";
import { BoundaryMap, type FeatureCollection } from "./BoundaryMap";

const ROOT = "KZ";
const NONE = "#f1f3f5";
/** Share confirmed, from none to all: red to green, each step with its own colour for the legend. */
const STEPS: { upTo: number; color: string; label: string }[] = [
  { upTo: 0.25, color: "#fa5252", label: "0–24 %" },
  { upTo: 0.5, color: "#ff922b", label: "25–49 %" },
  { upTo: 0.75, color: "#ffd43b", label: "50–74 %" },
  { upTo: 1, color: "#94d82d", label: "75–99 %" },
  { upTo: Number.POSITIVE_INFINITY, color: "#2b8a3e", label: "100 %" },
];

export function shareColor(confirmed: number, total: number): string {
  if (total === 0) return NONE;
  const share = confirmed / total;
  return STEPS.find((s) => share < s.upTo)!.color;
}

function Legend() {
  const { t } = useTranslation();
  return (
    <Group gap="xs" aria-label={t("threatTasks.legend")} role="group" data-testid="threat-board-legend">
      <Text size="xs" fw={600}>
        {t("threatTasks.legend")}:
      </Text>
      {[
        ...STEPS.map((s) => ({ color: s.color, label: s.label })),
        { color: NONE, label: t("threatTasks.legendNone") },
      ].map((s) => (
        <Group key={s.label} gap={4}>
          <span
            aria-hidden
            style={{
              display: "inline-block",
              width: 14,
              height: 14,
              background: s.color,
              border: "1px solid #868e96",
              borderRadius: 2,
            }}
          />
          <Text size="xs">{s.label}</Text>
        </Group>
      ))}
    </Group>
  );
}

/** One decision's board, from the republic down to a district's missing bodies. */
export function ThreatTaskBoard({ declarationId }: { declarationId: string }) {
  const { t } = useTranslation();
  const [trail, setTrail] = useState<string[]>([]);
  const parent = trail.at(-1) ?? ROOT;
  const board = useQuery({
    queryKey: ["threat-levels", "tasks", declarationId, "by-territory", parent],
    queryFn: () =>
      ok(
        api.GET("/api/threat-levels/{id}/tasks/by-territory", {
          params: { path: { id: declarationId }, query: { parent } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const regions = useQuery({
    queryKey: ["geo", "regions"],
    queryFn: () => ok(api.GET("/api/geo/regions")),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const districts = useQuery({
    queryKey: ["geo", "districts"],
    queryFn: () => ok(api.GET("/api/geo/districts")),
    staleTime: Number.POSITIVE_INFINITY,
    enabled: parent !== ROOT,
  });
  const place = useTerritoryPlace(parent !== ROOT ? parent : null);
  const data = board.data?.parent.code === parent ? board.data : undefined;

  const colors = useMemo(() => {
    const out: Record<string, string> = {};
    for (const x of data?.items ?? []) out[x.territory.code] = shareColor(x.confirmed, x.total);
    if (data && !data.items.some((x) => !x.own))
      out[data.parent.code] = shareColor(data.totals.confirmed, data.totals.total);
    return out;
  }, [data]);
  const units = useMemo((): FeatureCollection | undefined => {
    if (parent === ROOT) return regions.data as FeatureCollection | undefined;
    if (!districts.data || !data) return undefined;
    // A region: its districts and cities; deeper: the unit itself.
    const codes = new Set(data.items.filter((x) => !x.own).map((x) => x.territory.code));
    if (!codes.size) codes.add(parent);
    const fc = districts.data as FeatureCollection;
    const features = fc.features.filter((f) => codes.has(f.properties.kato));
    return features.length ? { ...fc, features } : undefined;
  }, [parent, regions.data, districts.data, data]);

  const drill = (code: string) => setTrail((x) => [...x, code]);
  const drillable = new Set(data?.items.filter((x) => x.drillable).map((x) => x.territory.code));

  if (data && data.totals.total === 0 && parent === ROOT)
    return (
      <Text size="sm" c="dimmed">
        {t("threatTasks.noTasks")}
      </Text>
    );
  return (
    <Stack gap="xs" data-testid="threat-board" data-parent={parent}>
      <Group gap="xs">
        {trail.length > 0 && data?.up && (
          <Button
            size="compact-sm"
            variant="light"
            onClick={() => setTrail((x) => x.slice(0, -1))}
            data-testid="threat-board-up"
          >
            {t("threatTasks.up", { territory: nameOf(data.up.names) })}
          </Button>
        )}
        {data && (
          <Text size="sm" fw={600} data-testid="threat-board-total">
            {nameOf(data.parent.names)}:{" "}
            {t("threatTasks.xOfY", { confirmed: data.totals.confirmed, total: data.totals.total })}
          </Text>
        )}
        {data && data.totals.overdue > 0 && (
          <Text size="sm" c="red.8">
            {t("threatTasks.overdueCount", { count: data.totals.overdue })}
          </Text>
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <Stack gap={4}>
          {units && (
            <BoundaryMap
              regions={units}
              colors={colors}
              height={340}
              focus={parent !== ROOT ? ((place.data?.bbox as Bbox | null | undefined) ?? null) : null}
              onSelect={(u) => drillable.has(u.kato) && drill(u.kato)}
              testId="threat-board-map"
            />
          )}
          <Legend />
        </Stack>
        <Stack gap={4}>
          {data && data.items.length > 0 && (
            <Table.ScrollContainer minWidth={420}>
              <Table fz="sm" verticalSpacing={4} data-testid="threat-board-list">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("threatTasks.territory")}</Table.Th>
                    <Table.Th>{t("threatTasks.confirmedCol")}</Table.Th>
                    <Table.Th>{t("threatTasks.missingCol")}</Table.Th>
                    <Table.Th>{t("threatTasks.escalatedCol")}</Table.Th>
                    <Table.Th>{t("threatTasks.doneCol")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((x) => {
                    const name = nameOf(x.territory.names);
                    return (
                      <Table.Tr
                        key={`${x.own}-${x.territory.code}`}
                        data-testid="threat-board-row"
                        data-kato={x.territory.code}
                        data-own={x.own ? "yes" : "no"}
                      >
                        <Table.Td>
                          <Group gap={6} wrap="nowrap">
                            <span
                              aria-hidden
                              style={{
                                display: "inline-block",
                                flex: "none",
                                width: 10,
                                height: 10,
                                borderRadius: 2,
                                background: shareColor(x.confirmed, x.total),
                              }}
                            />
                            {x.drillable ? (
                              <Button
                                size="compact-sm"
                                variant="subtle"
                                onClick={() => drill(x.territory.code)}
                                aria-label={t("threatTasks.open", { territory: name })}
                                data-testid="threat-board-drill"
                                styles={{ label: { whiteSpace: "normal", textAlign: "left" } }}
                              >
                                {name}
                              </Button>
                            ) : (
                              <Text size="sm">
                                {x.own ? t("threatTasks.own", { territory: name }) : name}
                              </Text>
                            )}
                          </Group>
                        </Table.Td>
                        <Table.Td data-testid="threat-board-xofy">
                          {t("threatTasks.xOfY", { confirmed: x.confirmed, total: x.total })}
                        </Table.Td>
                        <Table.Td>
                          {x.missing}
                          {x.overdue > 0 && (
                            <Text span size="xs" c="red.8">
                              {" "}
                              ({t("threatTasks.overdueCount", { count: x.overdue })})
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>{x.escalated}</Table.Td>
                        <Table.Td>{x.done}</Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {data?.listsMissing && <Missing items={data.missingBodies} count={data.totals.missing} />}
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}

type MissingBody = Answer<"/api/threat-levels/{id}/tasks/by-territory", "get">["missingBodies"][number];

function Missing({ items, count }: { items: MissingBody[]; count: number }) {
  const { t } = useTranslation();
  if (count === 0)
    return (
      <Text size="sm" c="green.9" data-testid="threat-board-none-missing">
        {t("threatTasks.noneMissing")}
      </Text>
    );
  return (
    <Stack gap={2}>
      <Title order={5}>{t("threatTasks.missingTitle", { count })}</Title>
      {items.length < count && (
        <Text size="xs" c="dimmed">
          {t("threatTasks.missingShown", { count: items.length })}
        </Text>
      )}
      <Table.ScrollContainer minWidth={420}>
        <Table fz="sm" verticalSpacing={4} data-testid="threat-board-missing">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("threatTasks.body")}</Table.Th>
              <Table.Th>{t("threatTasks.territory")}</Table.Th>
              <Table.Th>{t("threatTasks.due")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((m) => (
              <Table.Tr key={m.taskId} data-testid="threat-board-missing-body" data-status={m.status}>
                <Table.Td>
                  <Text size="sm">{nameOf(m.body.names)}</Text>
                  <Text size="xs" c="dimmed">
                    {t(`kind.${m.body.kind}`)}
                  </Text>
                </Table.Td>
                <Table.Td>{nameOf(m.territory.names)}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    <Text size="sm">{formatMinute(m.dueAt)}</Text>
                    <Badge
                      size="sm"
                      variant="light"
                      color={m.status === "overdue" ? "red" : "blue"}
                      styles={{ root: { textTransform: "none" } }}
                    >
                      {t(`threatTaskStatus.${m.status}`)}
                    </Badge>
                    {m.escalated && (
                      <Text size="xs" c="dimmed">
                        {t("threatTasks.escalated")}
                      </Text>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

/** The board for each decision in force that the reader may board, one at a time. */
export function ThreatTaskBoards({ decisions }: { decisions: ThreatDeclarationView[] }) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<string | null>(null);
  const id = decisions.some((d) => d.id === chosen) ? chosen! : decisions[0]?.id;
  if (!id) return null;
  return (
    <Stack gap="xs" data-testid="threat-board-section">
      <Title order={3}>{t("threatTasks.byTerritory")}</Title>
      <Group gap="md">
        <Text size="sm" c="dimmed" maw={720}>
          {t("threatTasks.byTerritoryHint")}
        </Text>
        <Basis ids={["R6", "R18"]} />
      </Group>
      {decisions.length > 1 && (
        <Select
          label={t("threatTasks.decision")}
          data={decisions.map((d) => ({
            value: d.id,
            label: `№ ${d.number} · ${d.level ? t(`threatLevel.${d.level}`) : ""} · ${d.territories.map((x) => nameOf(x.names)).join(", ")}`,
          }))}
          value={id}
          onChange={(v) => v && setChosen(v)}
          allowDeselect={false}
          maw={560}
          data-testid="threat-board-decision"
        />
      )}
      <ThreatTaskBoard key={id} declarationId={id} />
    </Stack>
  );
}
