/** The headline figures: expected, done, partial, not done and missing reports, and the rate. */
import { Card, SimpleGrid, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { DashboardView } from "../../api/types";
import { pct } from "./DashboardTables";
import { DrillCount, type OnDrill } from "./DrillDown";

export function DashboardTotals({ totals, onDrill }: { totals: DashboardView["totals"]; onDrill: OnDrill }) {
  const { t } = useTranslation();
  const missing = Math.max(0, totals.expected - totals.done - totals.partial - totals.notDone);
  return (
    <>
      <SimpleGrid cols={{ base: 2, md: 5 }}>
        {(
          [
            ["expected", totals.expected, undefined],
            ["done", totals.done, "done"],
            ["partial", totals.partial, "partial"],
            ["notDone", totals.notDone, "not_done"],
            ["missing", missing, "missing"],
          ] as const
        ).map(([k, v, outcome]) => (
          <Card withBorder key={k} data-testid={`total-${k}`}>
            <Text size="xs" c="dimmed">
              {t(`dashboard.${k}`)}
            </Text>
            <Text size="xl" fw={700}>
              <DrillCount n={v} drill={{ outcome, title: t(`dashboard.${k}`) }} onDrill={onDrill} />
            </Text>
          </Card>
        ))}
      </SimpleGrid>
      <Text data-testid="total-rate">
        {t("dashboard.rate")}: <b>{pct(totals.rate)}</b>
      </Text>
    </>
  );
}
