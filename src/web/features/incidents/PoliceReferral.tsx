/**
 * A report closed as a knowingly false report of an act of terrorism (Criminal Code art. 273) goes to
 * the territorial police: the referrals made (date, body, by whom, note) and, for the HQ that may make
 * one, the choice of police body (the report's own by default) and the action.
 */
import { Badge, Button, Card, Group, NativeSelect, Stack, Table, Text, Textarea, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ok } from "../../api/client";
import { Basis } from "../../components/Basis";
import { ErrorAlert } from "../../components/ErrorAlert";
import { PersonName } from "../../components/PersonName";
import { useFormError } from "../../components/useFormError";
import { formatDateTime, nameOf } from "../../format";

type Props = { incidentId: string; status: string; closeReason: string | null };

export function PoliceReferral({ incidentId, status, closeReason }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const key = ["incident", incidentId, "police-referrals", status, closeReason];
  const q = useQuery({
    queryKey: key,
    queryFn: () =>
      ok(api.GET("/api/incidents/{id}/police-referrals", { params: { path: { id: incidentId } } })),
    enabled: status === "closed",
  });
  const [chosen, setChosen] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const { setError, fieldError, formError } = useFormError();
  const [busy, setBusy] = useState(false);
  const data = q.data;
  if (!data || (!data.canRefer && data.referrals.length === 0)) return null;
  const bodyId = chosen ?? data.defaultBodyId ?? "";

  const refer = async () => {
    setBusy(true);
    setError(null);
    try {
      const next = await ok(
        api.POST("/api/incidents/{id}/police-referrals", {
          params: { path: { id: incidentId } },
          body: { policeBodyId: bodyId, note },
        }),
      );
      qc.setQueryData(key, next);
      void qc.invalidateQueries({ queryKey: ["incident", incidentId], exact: true });
      setNote("");
      setChosen(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder data-testid="police-referral">
      <Stack gap="sm">
        <Group gap="xs">
          <Title order={4}>{t("policeReferral.title")}</Title>
          <Badge variant="outline" color="gray">
            {t("policeReferral.basisCode")}
          </Badge>
        </Group>
        <Text size="sm">{t("policeReferral.intro")}</Text>
        <Basis ids={data.basis.filter((b) => /^R\d/.test(b))} />
        {data.referrals.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("policeReferral.none")}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={0}>
            <Table data-testid="police-referrals">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("policeReferral.at")}</Table.Th>
                  <Table.Th>{t("policeReferral.body")}</Table.Th>
                  <Table.Th>{t("policeReferral.by")}</Table.Th>
                  <Table.Th>{t("policeReferral.note")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.referrals.map((r) => (
                  <Table.Tr key={r.id} data-testid="police-referral-row">
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDateTime(r.at)}</Table.Td>
                    <Table.Td>{nameOf(r.policeBody.names)}</Table.Td>
                    <Table.Td>
                      <PersonName person={r.by} storedName={r.byName} />
                    </Table.Td>
                    <Table.Td>{r.note}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {data.canRefer && (
          <Stack gap="xs">
            <NativeSelect
              label={t("policeReferral.body")}
              value={bodyId}
              onChange={(e) => setChosen(e.currentTarget.value)}
              data={[
                ...(bodyId ? [] : [{ value: "", label: "—" }]),
                ...data.options.map((b) => ({ value: b.id, label: nameOf(b.names) })),
              ]}
              error={fieldError("policeBodyId")}
              data-testid="police-referral-body"
            />
            <Textarea
              label={t("policeReferral.note")}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              error={fieldError("note")}
              autosize
              minRows={2}
              maxLength={1000}
              data-testid="police-referral-note"
            />
            <ErrorAlert error={formError} />
            <Group>
              <Button onClick={refer} loading={busy} disabled={!bodyId} data-testid="police-referral-submit">
                {t("policeReferral.refer")}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
