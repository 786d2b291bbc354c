/** Approving a draft plan with the commission's decision (R5): the plan is then reported on. */
import { Button, Card, Group, TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ok } from "../../api/client";
import type { PlanDetail } from "../../api/types";
import { ErrorAlert } from "../../components/ErrorAlert";

export function PlanApproval({ plan, onDone }: { plan: PlanDetail; onDone: (p: PlanDetail) => void }) {
  const { t } = useTranslation();
  const [decisionRef, setDecisionRef] = useState("");
  const [error, setError] = useState<unknown>(null);
  return (
    <Card withBorder>
      <Group align="flex-end">
        <TextInput
          label={t("plans.decisionRef")}
          value={decisionRef}
          onChange={(e) => setDecisionRef(e.currentTarget.value)}
          w={360}
          data-testid="plan-decision"
        />
        <Button
          color="green"
          onClick={() =>
            ok(
              api.POST("/api/plans/{id}/approve", {
                params: { path: { id: plan.id } },
                body: { version: plan.version, decisionRef },
              }),
            ).then(onDone, setError)
          }
          data-testid="plan-approve"
        >
          {t("plans.approve")}
        </Button>
      </Group>
      <ErrorAlert error={error} />
    </Card>
  );
}
