/**
 * Roll-up dashboard: execution of the approved plans by category, by quarter and by
 * territory (a region map at the national level), which commissions reported late or not at all,
 * overdue assignments by body; every figure drills down to its records; every table exports to XLSX.
 * Charts: recharts (loaded with this page only).
 */
import { Button, Group, Loader, NativeSelect, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { qs } from "../../api/client";
import { Basis } from "../../components/Basis";
import { BoundaryMap } from "../../components/BoundaryMap";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useRegions } from "../../components/useRegions";
import { nameOf } from "../../format";
import { navigate, useLocation } from "../../router";
import { PreventionTabs } from "../prevention/PreventionTabs";
import { type DashboardQuery, type Drill, useDashboard } from "./api";
import { OverdueChart, RateCharts } from "./DashboardCharts";
import { CommissionsTable, OverdueTable, SubtypeTable, TerritoryTable } from "./DashboardTables";
import { DashboardTotals } from "./DashboardTotals";
import { RecordsModal } from "./DrillDown";

export default function DashboardPage() {
  const { t } = useTranslation();
  const { search } = useLocation();
  const now = new Date();
  const [year, setYear] = useState(Number(search.get("year")) || now.getFullYear());
  const [quarter, setQuarter] = useState(search.get("quarter") ?? "");
  const territory = search.get("territory") ?? "";
  const [drill, setDrill] = useState<Drill | null>(null);
  const params: DashboardQuery = {
    year,
    quarter: quarter ? Number(quarter) : undefined,
    territory: territory || undefined,
  };
  const q = useDashboard(params);
  const regions = useRegions();
  const go = (code: string) => navigate(`/prevention/dashboard${qs({ year, quarter, territory: code })}`);
  const d = q.data;
  const base: DashboardQuery | null = d
    ? { year: d.year, quarter: d.quarter, territory: d.territory.code }
    : null;
  return (
    <Stack maw={1200}>
      <PreventionTabs active="dashboard" />
      <Title order={2}>{t("dashboard.title")}</Title>
      <Basis ids={d?.basis ?? ["R5"]} />
      <Text size="sm" c="dimmed">
        {t("dashboard.intro")}
      </Text>
      <Group align="flex-end">
        <NativeSelect
          label={t("dashboard.year")}
          value={String(year)}
          onChange={(e) => setYear(Number(e.currentTarget.value))}
          data={[-2, -1, 0, 1].map((x) => String(now.getFullYear() + x))}
          data-testid="dashboard-year"
        />
        <NativeSelect
          label={t("dashboard.quarter")}
          value={quarter || String(d?.quarter ?? "")}
          onChange={(e) => setQuarter(e.currentTarget.value)}
          data={["1", "2", "3", "4"].map((x) => ({ value: x, label: t("plans.quarterN", { n: x }) }))}
          data-testid="dashboard-quarter"
        />
        {d?.parent && (
          <Button variant="subtle" onClick={() => go(d.parent!.code)} data-testid="dashboard-up">
            {t("dashboard.up", { name: nameOf(d.parent.names) })}
          </Button>
        )}
        {d && (
          <Button
            component="a"
            variant="light"
            href={`/api/prevention/dashboard.xlsx${qs(base ?? {})}`}
            data-testid="dashboard-xlsx"
          >
            {t("dashboard.exportXlsx")}
          </Button>
        )}
      </Group>
      {q.isPending && <Loader />}
      <ErrorAlert error={q.error} />
      {d && (
        <>
          <Title order={3} data-testid="dashboard-territory">
            {nameOf(d.territory.names)} · {d.year} · {t("plans.quarterN", { n: d.quarter })}
          </Title>
          <DashboardTotals totals={d.totals} onDrill={setDrill} />
          <RateCharts d={d} />
          <SubtypeTable rows={d.bySubtype} onDrill={setDrill} />

          {d.byTerritory.length > 0 && (
            // Side by side only on wide screens: beside the map the table's region names wrapped onto
            // three lines and its last column ran off a 1280 px page.
            <SimpleGrid cols={{ base: 1, xl: d.territory.code === "KZ" ? 2 : 1 }}>
              {d.territory.code === "KZ" && regions.data && (
                <Stack gap={4}>
                  <Text fw={600}>{t("dashboard.map")}</Text>
                  <BoundaryMap
                    regions={regions.data}
                    values={Object.fromEntries(
                      d.byTerritory.map((x) => [x.code, x.rate === null ? 0 : Math.round(x.rate * 100)]),
                    )}
                    onSelect={(p) => go(p.kato)}
                    height={340}
                    testId="dashboard-map"
                  />
                </Stack>
              )}
              <TerritoryTable rows={d.byTerritory} onSelect={go} onDrill={setDrill} />
            </SimpleGrid>
          )}

          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Stack gap={4}>
              <Text fw={600}>{t("dashboard.commissions")}</Text>
              <CommissionsTable rows={d.commissions} />
            </Stack>
            <Stack gap={4}>
              <Text fw={600}>{t("dashboard.overdueByBody")}</Text>
              {d.overdueByBody.length > 0 && <OverdueChart overdue={d.overdueByBody} />}
              <OverdueTable rows={d.overdueByBody} />
            </Stack>
          </SimpleGrid>
          {drill && base && <RecordsModal base={base} drill={drill} onClose={() => setDrill(null)} />}
        </>
      )}
    </Stack>
  );
}
