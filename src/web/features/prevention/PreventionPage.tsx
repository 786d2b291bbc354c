/** Prevention (ch. 2): the commissions' plans of measures (R5–R13) for a year, and starting a new one. */
import { Alert, Badge, Button, Checkbox, Group, NumberInput, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ok } from "../../api/client";
import { Basis } from "../../components/Basis";
import { ErrorAlert } from "../../components/ErrorAlert";
import { nameOf } from "../../format";
import { Link, navigate } from "../../router";
import { useManagedCommissions, usePlans } from "./api";
import { CommissionSelect } from "./CommissionSelect";
import { PreventionTabs } from "./PreventionTabs";

export function PreventionPage() {
  const { t } = useTranslation();
  const [year, setYear] = useState(new Date().getFullYear());
  const [copy, setCopy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const plans = usePlans(year);
  const ownBodies = useManagedCommissions();
  const [bodyId, setBodyId] = useState(ownBodies[0]?.bodyId ?? "");
  return (
    <Stack maw={1100}>
      <PreventionTabs active="plans" />
      <Title order={2}>{t("plans.title")}</Title>
      <Basis ids={["R5", "R6", "R7", "R8", "R9", "R10", "R11", "R12", "R13"]} />
      <Text size="sm" c="dimmed">
        {t("plans.intro")}
      </Text>
      <Group align="flex-end">
        <NumberInput
          label={t("plans.year")}
          value={year}
          onChange={(v) => typeof v === "number" && setYear(v)}
          min={2000}
          max={2100}
          w={120}
          data-testid="plans-year"
        />
        {ownBodies.length > 0 && (
          <>
            <CommissionSelect
              label={t("meetings.commission")}
              grants={ownBodies}
              value={bodyId}
              onChange={setBodyId}
            />
            <Checkbox
              label={t("plans.copyFrom")}
              checked={copy}
              onChange={(e) => setCopy(e.currentTarget.checked)}
            />
            <Button
              data-testid="plan-new"
              onClick={() =>
                ok(
                  api.POST("/api/plans", {
                    body: { bodyId, year, ...(copy ? { copyFromYear: year - 1 } : {}) },
                  }),
                ).then((p) => navigate(`/prevention/plans/${p.id}`), setError)
              }
            >
              {t("plans.new")}
            </Button>
          </>
        )}
      </Group>
      <ErrorAlert error={error} />
      {plans.data?.items.length === 0 && <Alert variant="light">{t("plans.none")}</Alert>}
      <Table data-testid="plans-table">
        <Table.Tbody>
          {plans.data?.items.map((p) => (
            <Table.Tr key={p.id} data-testid="plan-row">
              <Table.Td>
                <Link to={`/prevention/plans/${p.id}`}>{nameOf(p.body.names)}</Link>
              </Table.Td>
              <Table.Td>{p.year}</Table.Td>
              <Table.Td>
                <Badge color={p.status === "approved" ? "green" : "gray"}>{t(`plans.${p.status}`)}</Badge>
              </Table.Td>
              <Table.Td>{t("plans.measures", { count: p.measureCount })}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
