/** The readiness board of a territory (R22, R23): list and map; a force confirms its own readiness. */
import { Anchor, Badge, Button, Group, SegmentedControl, Stack, Table, Text } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ok } from "../../api/client";
import { BoundaryMap } from "../../components/BoundaryMap";
import { ErrorAlert } from "../../components/ErrorAlert";
import { TerritoryPicker } from "../../components/TerritoryPicker";
import { useRegions } from "../../components/useRegions";
import { formatMinute, nameOf } from "../../format";
import { type Force, keys } from "./api";
import { ForceDialog } from "./ForceDetails";

const COLOR: Record<Force["readinessState"], string> = {
  ready: "green",
  limited: "yellow",
  unavailable: "red",
  stale: "gray",
  unknown: "gray",
};

export function ReadinessBadge({ state }: { state: Force["readinessState"] }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLOR[state]} variant="light" data-testid="readiness-state" data-state={state}>
      {t(`consequences.readinessState.${state}`)}
    </Badge>
  );
}

export function ForcesBoard({ initialTerritory }: { initialTerritory: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [territory, setTerritory] = useState(initialTerritory);
  const [view, setView] = useState("list");
  const [error, setError] = useState<unknown>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const regions = useRegions();
  const board = useQuery({
    queryKey: keys.forces(territory),
    queryFn: () => ok(api.GET("/api/consequences/forces", { params: { query: { territory } } })),
    enabled: !!territory,
  });
  const confirm = (f: Force) =>
    ok(
      api.POST("/api/consequences/forces/{id}/readiness", {
        params: { path: { id: f.id } },
        body: { readiness: f.readiness ?? "ready", note: "" },
      }),
    ).then(() => qc.invalidateQueries({ queryKey: keys.forces(territory) }), setError);
  const b = board.data;
  return (
    <Stack>
      <ForceDialog
        force={b?.items.find((f) => f.id === openId) ?? null}
        territory={territory}
        onClose={() => setOpenId(null)}
      />
      <Group align="flex-end">
        <TerritoryPicker
          label={t("consequences.forces.territory")}
          value={territory}
          onChange={(c) => setTerritory(c ?? "")}
        />
        <SegmentedControl
          value={view}
          onChange={setView}
          data={[
            { value: "list", label: t("consequences.forces.list") },
            { value: "map", label: t("consequences.forces.map") },
          ]}
        />
      </Group>
      <ErrorAlert error={error ?? board.error} />
      {b && (
        <>
          <Group gap="xs" data-testid="readiness-counts">
            {(["ready", "limited", "unavailable", "stale", "unknown"] as const).map((s) => (
              <Badge key={s} color={COLOR[s]} variant="outline">
                {t(`consequences.readinessState.${s}`)}: {b.counts[s] ?? 0}
              </Badge>
            ))}
            <Text size="sm">
              {t("consequences.forces.freeBeds")}:{" "}
              {(["trauma", "burns", "toxicology", "intensive_care"] as const)
                .map((p) => `${t(`consequences.bedProfile.${p}`)} ${b.freeBeds[p] ?? 0}`)
                .join(" · ")}
            </Text>
          </Group>
          <Text size="xs" c="dimmed">
            {t("consequences.forces.staleHint", { hours: String(b.staleHours) })}
          </Text>
          {view === "map" && regions.data && (
            <BoundaryMap
              regions={regions.data}
              points={b.items.flatMap((f) =>
                f.lat !== null && f.lon !== null ? [{ id: f.id, lat: f.lat, lon: f.lon }] : [],
              )}
              testId="forces-map"
            />
          )}
          {view === "list" && (
            <Table.ScrollContainer minWidth={800}>
              <Table data-testid="forces-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("consequences.forces.name")}</Table.Th>
                    <Table.Th>{t("consequences.forces.readiness")}</Table.Th>
                    <Table.Th>{t("consequences.forces.personnel")}</Table.Th>
                    <Table.Th>{t("consequences.forces.means")}</Table.Th>
                    <Table.Th>{t("consequences.forces.dutyContacts")}</Table.Th>
                    <Table.Th>{t("consequences.forces.beds")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {b.items.length === 0 && (
                    <Table.Tr>
                      <Table.Td colSpan={6}>{t("consequences.forces.none")}</Table.Td>
                    </Table.Tr>
                  )}
                  {b.items.map((f) => (
                    <Table.Tr key={f.id} data-testid="force-row" data-id={f.id}>
                      <Table.Td>
                        {/* A link-like button whose name wraps: a Button keeps its label on one line, and
                            the longest names pushed the beds column off a 1280 px page. */}
                        <Anchor
                          component="button"
                          type="button"
                          fw={600}
                          size="sm"
                          ta="left"
                          onClick={() => setOpenId(f.id)}
                          data-testid="force-open"
                        >
                          {nameOf(f.names)}
                        </Anchor>
                        <Text size="xs" c="dimmed">
                          {f.subtype ? t(`subtype.${f.subtype}`) : ""} ({f.basis})
                          {f.answersTo
                            ? ` · ${t("consequences.forces.answersTo")}: ${nameOf(f.answersTo.names)}`
                            : ""}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <ReadinessBadge state={f.readinessState} />
                        {f.readinessConfirmedAt && (
                          <Text size="xs" c="dimmed">
                            {t("consequences.forces.confirmedAt")}: {formatMinute(f.readinessConfirmedAt)}
                          </Text>
                        )}
                        {f.allowedActions.includes("confirm_readiness") && (
                          <Button
                            size="compact-xs"
                            variant="light"
                            mt={4}
                            onClick={() => confirm(f)}
                            data-testid="confirm-readiness"
                          >
                            {t("consequences.forces.confirm")}
                          </Button>
                        )}
                      </Table.Td>
                      <Table.Td>{f.personnel ?? f.capacity ?? "—"}</Table.Td>
                      <Table.Td>
                        <Text size="xs">
                          {f.means.map((m) => `${t(`consequences.means.${m.kind}`)} × ${m.count}`).join(", ")}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs">
                          {f.dutyContacts.map((c) => `${c.name} ${c.phone}`).join("; ") || f.phone}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs">
                          {f.beds
                            .map((x) => `${t(`consequences.bedProfile.${x.profile}`)}: ${x.free}/${x.total}`)
                            .join(", ")}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </>
      )}
    </Stack>
  );
}
