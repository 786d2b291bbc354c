/**
 * Access to the persons of one case (Law No. 94-V: a permission of its own, never implied by another
 * role). The permission over a territory is the victim-support officer's role, given by the
 * administrator; here the case's HQ or commission (`canGrantCaseAccess`) gives it for the whole case or
 * for one activation of a consequence plan, to an account picked from a body, until a time — and revokes
 * it. Each grant and revocation is written to the audit log; granting gives the granter nothing.
 */
import { Badge, Button, Card, Group, Select, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ok } from "../../api/client";
import { Basis } from "../../components/Basis";
import { BodyPicker } from "../../components/BodyPicker";
import { DateField } from "../../components/DateField";
import { ErrorAlert } from "../../components/ErrorAlert";
import { PersonName } from "../../components/PersonName";
import { useFormError } from "../../components/useFormError";
import { almatyInputToIso, formatMinute } from "../../format";
import type { CaseSummary } from "./types";

/** A week from now, as the value of a datetime-local input in Almaty time. */
const weekAhead = () => new Date(Date.now() + 5 * 3_600_000 + 7 * 86_400_000).toISOString().slice(0, 16);

function GrantForm({ c, onDone }: { c: CaseSummary; onDone: () => void }) {
  const { t } = useTranslation();
  const [bodyId, setBodyId] = useState("");
  const [userId, setUserId] = useState<string | null>(null);
  const [scope, setScope] = useState<string>("case");
  const [until, setUntil] = useState(weekAhead());
  const { setError, fieldError, formError } = useFormError();
  const users = useQuery({
    queryKey: ["affected", "grantees", c.incidentId, bodyId],
    queryFn: () =>
      ok(
        api.GET("/api/affected-people/cases/{incidentId}/grantees", {
          params: { path: { incidentId: c.incidentId }, query: { body: bodyId } },
        }),
      ),
    enabled: !!bodyId,
  });
  const activations = useQuery({
    queryKey: ["consequences", "activations"],
    queryFn: () => ok(api.GET("/api/consequences/activations")),
  });
  const ofCase = (activations.data?.items ?? []).filter((a) => a.incident?.id === c.incidentId);
  const submit = async () => {
    setError(null);
    try {
      await ok(
        api.POST("/api/affected-people/cases/{incidentId}/access", {
          params: { path: { incidentId: c.incidentId } },
          body: {
            userId: userId ?? undefined,
            bodyId: bodyId || undefined,
            until: almatyInputToIso(until) ?? "",
            activationId: scope === "case" ? undefined : scope,
          },
        }),
      );
      setUserId(null);
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Card withBorder data-testid="access-grant-form">
      <Stack gap="xs">
        <Title order={5}>{t("affectedPeople.access.grant")}</Title>
        <BodyPicker
          label={t("affectedPeople.access.body")}
          value={bodyId}
          onChange={(id) => {
            setBodyId(id);
            setUserId(null);
          }}
          territory={c.territory.code}
          showKind
          error={fieldError("bodyId")}
          testId="access-body"
          searchTestId="access-body-search"
        />
        <Select
          label={t("affectedPeople.access.user")}
          placeholder={
            bodyId && users.data?.items.length === 0 ? t("affectedPeople.access.noUsers") : undefined
          }
          value={userId}
          onChange={setUserId}
          data={(users.data?.items ?? []).map((u) => ({ value: u.id, label: u.displayName }))}
          disabled={!bodyId}
          searchable
          error={fieldError("userId") ?? fieldError("username")}
          data-testid="access-user"
        />
        <Group grow align="start">
          <Select
            label={t("affectedPeople.access.scope")}
            value={scope}
            onChange={(v) => setScope(v ?? "case")}
            allowDeselect={false}
            data={[
              { value: "case", label: t("affectedPeople.access.wholeCase", { n: c.regNumber }) },
              ...ofCase.map((a) => ({
                value: a.id,
                label: t("affectedPeople.access.activation", { n: a.number }),
              })),
            ]}
            data-testid="access-scope"
          />
          <DateField
            withTime
            label={t("affectedPeople.access.until")}
            value={until}
            onChange={setUntil}
            error={fieldError("until")}
            data-testid="access-until"
          />
        </Group>
        <Group>
          <Button onClick={submit} disabled={!userId} data-testid="access-submit">
            {t("affectedPeople.access.grantButton")}
          </Button>
        </Group>
        {formError ? <ErrorAlert error={formError} /> : null}
      </Stack>
    </Card>
  );
}

export function CaseAccess({ c, onBack }: { c: CaseSummary; onBack: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const key = ["affected", "access", c.incidentId];
  const grants = useQuery({
    queryKey: key,
    queryFn: () =>
      ok(
        api.GET("/api/affected-people/cases/{incidentId}/access", {
          params: { path: { incidentId: c.incidentId } },
        }),
      ),
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: key });
  const revoke = async (id: string) => {
    setError(null);
    try {
      await ok(api.POST("/api/affected-people/access/{id}/revoke", { params: { path: { id } }, body: {} }));
      refresh();
    } catch (e) {
      setError(e);
    }
  };
  const now = Date.now();
  return (
    <Stack gap="sm" data-testid="case-access">
      <Group justify="space-between">
        <Title order={3}>
          {t("affectedPeople.access.title")} · {t("affectedPeople.case")} {c.regNumber}
        </Title>
        <Button variant="subtle" onClick={onBack}>
          {t("common.back")}
        </Button>
      </Group>
      <Text size="sm">{t("affectedPeople.access.intro")}</Text>
      <Basis ids={["R20", "R21.2", "R21.5"]} />
      <Text size="xs" c="dimmed">
        {t("affectedPeople.law")}
      </Text>
      <ErrorAlert error={grants.error ?? error} />
      <Table data-testid="access-grants">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("affectedPeople.access.user")}</Table.Th>
            <Table.Th>{t("affectedPeople.access.scope")}</Table.Th>
            <Table.Th>{t("affectedPeople.access.until")}</Table.Th>
            <Table.Th>{t("affectedPeople.access.grantedBy")}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {grants.data?.items.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={5}>{t("affectedPeople.access.none")}</Table.Td>
            </Table.Tr>
          )}
          {grants.data?.items.map((g) => {
            const state = g.revokedAt ? "revoked" : Date.parse(g.until) <= now ? "expired" : "active";
            return (
              <Table.Tr key={g.id} data-testid="access-grant" data-state={state} data-user={g.userName}>
                <Table.Td>{g.userName}</Table.Td>
                <Table.Td>
                  {g.activationId
                    ? t("affectedPeople.access.oneActivation")
                    : t("affectedPeople.access.caseWide")}
                </Table.Td>
                <Table.Td>{formatMinute(g.until)}</Table.Td>
                <Table.Td>
                  <Text size="sm">
                    <PersonName person={g.grantedBy} storedName={g.grantedByName} /> ·{" "}
                    {formatMinute(g.grantedAt)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {state === "active" ? (
                    <Button
                      size="compact-xs"
                      color="red"
                      variant="light"
                      onClick={() => revoke(g.id)}
                      data-testid="access-revoke"
                    >
                      {t("affectedPeople.access.revoke")}
                    </Button>
                  ) : (
                    <Badge color="gray" variant="light">
                      {t(`affectedPeople.access.state.${state}`)}
                      {g.revokedAt ? ` ${formatMinute(g.revokedAt)}` : ""}
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <GrantForm c={c} onDone={refresh} />
    </Stack>
  );
}
