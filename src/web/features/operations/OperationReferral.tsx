/** Referral of the materials to an investigating body (R19): shown once made, else the form to make it. */
import { Button, Card, Group, SimpleGrid, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ok } from "../../api/client";
import type { OperationDetail } from "../../api/types";
import { DateField } from "../../components/DateField";
import { Field } from "../../components/Field";

export function OperationReferral({
  op,
  run,
  fieldError,
}: {
  op: OperationDetail;
  run: (p: Promise<OperationDetail>) => void;
  fieldError: (path: string) => string | undefined;
}) {
  const { t } = useTranslation();
  const [referral, setReferral] = useState({ investigatingBody: "", caseNumber: "", date: "" });
  return (
    <Card withBorder>
      <Title order={4}>{t("operations.referral")}</Title>
      {op.referral ? (
        <SimpleGrid cols={3}>
          <Field label={t("operations.investigatingBody")} value={op.referral.investigatingBody} />
          <Field label={t("operations.caseNumber")} value={op.referral.caseNumber} />
          <Field label={t("operations.referralDate")} value={op.referral.date} />
        </SimpleGrid>
      ) : (
        <Group align="flex-end">
          <TextInput
            label={t("operations.investigatingBody")}
            value={referral.investigatingBody}
            onChange={(e) => setReferral({ ...referral, investigatingBody: e.currentTarget.value })}
            error={fieldError("investigatingBody")}
          />
          <TextInput
            label={t("operations.caseNumber")}
            value={referral.caseNumber}
            onChange={(e) => setReferral({ ...referral, caseNumber: e.currentTarget.value })}
            error={fieldError("caseNumber")}
          />
          <DateField
            label={t("operations.referralDate")}
            value={referral.date}
            onChange={(v) => setReferral({ ...referral, date: v })}
            error={fieldError("date")}
          />
          <Button
            onClick={() =>
              run(
                ok(
                  api.PUT("/api/operations/{id}/referral", {
                    params: { path: { id: op.id } },
                    body: { version: op.version, ...referral },
                  }),
                ),
              )
            }
          >
            {t("common.save")}
          </Button>
        </Group>
      )}
    </Card>
  );
}
