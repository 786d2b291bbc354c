/**
 * Affected people (R20, R21.2, R21.5; Law No. 94-V): the cases with their counts (no names) for all who
 * coordinate the consequences; for those with the personal-data permission, the persons of a case —
 * register, status, help, rehabilitation, compensation, reconciliation of the missing, the subject's
 * export. Every opening of a record is written to the audit log.
 */
import { Alert, Button, Group, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ok } from "../api/client";
import { Basis } from "../components/Basis";
import { ErrorAlert } from "../components/ErrorAlert";
import { CaseAccess } from "../features/affected-people/CaseAccess";
import { CaseList } from "../features/affected-people/CaseList";
import { Matches } from "../features/affected-people/Matches";
import { PersonCard } from "../features/affected-people/PersonCard";
import { RegisterPerson } from "../features/affected-people/RegisterPerson";
import type { CaseSummary } from "../features/affected-people/types";
import { nameOf } from "../format";

function CaseView({ c, onBack }: { c: CaseSummary; onBack: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [personId, setPersonId] = useState<string | null>(null);
  const [registering, setRegistering] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [iin, setIin] = useState("");
  const [lookupError, setLookupError] = useState<unknown>(null);
  const persons = useQuery({
    queryKey: ["affected", "case", c.incidentId],
    queryFn: () =>
      ok(
        api.GET("/api/affected-people/cases/{incidentId}/persons", {
          params: { path: { incidentId: c.incidentId } },
        }),
      ),
  });
  const lookup = async () => {
    setLookupError(null);
    try {
      const r = await ok(api.POST("/api/affected-people/lookup", { body: { iin } }));
      const here = r.items.find((p) => p.case.incidentId === c.incidentId);
      if (here) setPersonId(here.id);
      else setNotice(t("affectedPeople.notFound"));
    } catch (e) {
      setLookupError(e);
    }
  };
  if (personId)
    return <PersonCard id={personId} territory={c.territory.code} onClose={() => setPersonId(null)} />;
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={3}>
          {t("affectedPeople.case")} {c.regNumber}
        </Title>
        <Button variant="subtle" onClick={onBack}>
          {t("common.back")}
        </Button>
      </Group>
      {notice && (
        <Alert data-testid="notice" withCloseButton onClose={() => setNotice(null)}>
          {notice}
        </Alert>
      )}
      <Group align="end">
        <TextInput
          label={t("affectedPeople.lookupByIin")}
          value={iin}
          onChange={(e) => setIin(e.currentTarget.value)}
          error={
            lookupError
              ? (lookupError as { fieldMessage?: (p: string) => string | undefined }).fieldMessage?.("iin")
              : undefined
          }
          data-testid="lookup-iin"
        />
        <Button variant="default" onClick={lookup}>
          {t("common.search")}
        </Button>
        <Button onClick={() => setRegistering((v) => !v)} data-testid="register-open">
          {t("affectedPeople.registerPerson")}
        </Button>
      </Group>
      {registering && (
        <RegisterPerson
          incidentId={c.incidentId}
          territory={c.territory.code}
          onDone={async (id, linked) => {
            setRegistering(false);
            setNotice(linked ? t("affectedPeople.linkedNotice") : null);
            await qc.invalidateQueries({ queryKey: ["affected"] });
            setPersonId(id);
          }}
        />
      )}
      <Matches incidentId={c.incidentId} />
      {persons.error ? <ErrorAlert error={persons.error} /> : null}
      {persons.data?.items.length === 0 && (
        <Text c="dimmed" data-testid="persons-none">
          {t("affectedPeople.noPersons")}
        </Text>
      )}
      {!!persons.data?.items.length && (
        <Table.ScrollContainer minWidth={600}>
          <Table data-testid="persons" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("affectedPeople.fullName")}</Table.Th>
                <Table.Th>{t("affectedPeople.birthDate")}</Table.Th>
                <Table.Th>{t("affectedPeople.role")}</Table.Th>
                <Table.Th>{t("affectedPeople.statusLabel")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(persons.data?.items ?? []).map((p) => (
                <Table.Tr
                  key={p.id}
                  data-testid="person-row"
                  onClick={() => setPersonId(p.id)}
                  style={{ cursor: "pointer" }}
                >
                  <Table.Td>
                    {p.surname} {p.givenName} {p.patronymic}
                  </Table.Td>
                  <Table.Td>{p.birthDate ? p.birthDate.split("-").reverse().join(".") : "—"}</Table.Td>
                  <Table.Td>{t(`affectedPeople.roles.${p.role}`)}</Table.Td>
                  <Table.Td>
                    {t(`affectedPeople.status.${p.status}`)}
                    {p.severity ? ` (${t(`affectedPeople.severities.${p.severity}`)})` : ""}
                    {p.hospital ? ` · ${nameOf(p.hospital.names)}` : ""}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

export function AffectedPeoplePage() {
  const { t } = useTranslation();
  const [open, setOpen] = useState<CaseSummary | null>(null);
  const [access, setAccess] = useState<CaseSummary | null>(null);
  const cases = useQuery({
    queryKey: ["affected", "cases"],
    queryFn: () => ok(api.GET("/api/affected-people/cases")),
  });
  return (
    <Stack gap="md">
      <Title order={2}>{t("affectedPeople.title")}</Title>
      <Text size="sm">{t("affectedPeople.intro")}</Text>
      <Basis ids={["R20", "R21.2", "R21.5"]} />
      <Text size="xs" c="dimmed">
        {t("affectedPeople.law")}
      </Text>
      {cases.error ? <ErrorAlert error={cases.error} /> : null}
      {access ? (
        <CaseAccess key={access.incidentId} c={access} onBack={() => setAccess(null)} />
      ) : open ? (
        <CaseView key={open.incidentId} c={open} onBack={() => setOpen(null)} />
      ) : (
        <CaseList items={cases.data?.items ?? []} onOpen={setOpen} onAccess={setAccess} />
      )}
    </Stack>
  );
}

export default AffectedPeoplePage;
