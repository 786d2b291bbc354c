/**
 * One person's record (personal data; every opening is written to the audit log): identity, the dated
 * entries with the body that gave each — status, help, rehabilitation, compensation (R20, R21.2,
 * R21.5) — the compensation of each harm, adding an entry, the data subject's export, closing.
 */
import {
  Anchor,
  Badge,
  Button,
  Group,
  NativeSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import {
  compensationStages,
  decisionOutcomes,
  entryKindBasis,
  entryKinds,
  harmKinds,
  helpTypes,
  personStatuses,
  rehabilitationStages,
  severities,
} from "../../../domain/affected-people";
import { api, ok } from "../../api/client";
import { Basis } from "../../components/Basis";
import { BodyPicker } from "../../components/BodyPicker";
import { DateField } from "../../components/DateField";
import { ErrorAlert } from "../../components/ErrorAlert";
import { PersonName } from "../../components/PersonName";
import { useFormError } from "../../components/useFormError";
import { almatyInputToIso, formatMinute, nameOf } from "../../format";
import type { PersonDetail } from "./types";

const tenge = (n: number | null) => (n === null ? "—" : `${n.toLocaleString("ru-RU")} ₸`);
const nowInput = () => new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 16);

function EntryForm({ p, territory }: { p: PersonDetail; territory: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [f, setF] = useState({
    kind: "help" as (typeof entryKinds)[number],
    status: "hospitalised",
    severity: "",
    hospitalBodyId: "",
    helpType: "emergency_medical",
    stage: "planned",
    harm: "material",
    compStage: "claim",
    outcome: "granted",
    amount: "" as string | number,
    reference: "",
    bodyId: "",
    at: nowInput(),
    details: "",
  });
  const { setError, fieldError, formError } = useFormError();
  const set = (k: keyof typeof f) => (e: { currentTarget: { value: string } }) =>
    setF({ ...f, [k]: e.currentTarget.value });
  const submit = async () => {
    setError(null);
    // A body not yet chosen is left out rather than sent as "", so the server answers "required".
    const base = {
      at: almatyInputToIso(f.at) ?? "",
      bodyId: (f.bodyId || undefined) as string,
      details: f.details,
    };
    const amount = f.amount === "" ? undefined : Number(f.amount);
    const body =
      f.kind === "status"
        ? {
            kind: "status" as const,
            status: f.status as (typeof personStatuses)[number],
            severity: (f.severity || undefined) as (typeof severities)[number] | undefined,
            hospitalBodyId: f.status === "hospitalised" ? f.hospitalBodyId || undefined : undefined,
            ...base,
          }
        : f.kind === "help"
          ? { kind: "help" as const, helpType: f.helpType as (typeof helpTypes)[number], ...base }
          : f.kind === "rehabilitation"
            ? {
                kind: "rehabilitation" as const,
                stage: f.stage as (typeof rehabilitationStages)[number],
                ...base,
              }
            : {
                kind: "compensation" as const,
                harm: f.harm as (typeof harmKinds)[number],
                stage: f.compStage as (typeof compensationStages)[number],
                outcome:
                  f.compStage === "decision" ? (f.outcome as (typeof decisionOutcomes)[number]) : undefined,
                amount,
                reference: f.reference,
                ...base,
              };
    try {
      const updated = await ok(
        api.POST("/api/affected-people/persons/{id}/entries", { params: { path: { id: p.id } }, body }),
      );
      qc.setQueryData(["affected", "person", p.id], updated);
      await qc.invalidateQueries({ queryKey: ["affected", "case"] });
      setF({ ...f, details: "", reference: "", amount: "" });
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Stack gap="xs" data-testid="entry-form">
      <Group align="end">
        <NativeSelect
          label={t("affectedPeople.entryKind")}
          value={f.kind}
          onChange={set("kind")}
          data={entryKinds.map((k) => ({ value: k, label: t(`affectedPeople.kinds.${k}`) }))}
          data-testid="entry-kind"
        />
        <Basis ids={entryKindBasis[f.kind]} />
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {f.kind === "status" && (
          <>
            <NativeSelect
              label={t("affectedPeople.statusLabel")}
              value={f.status}
              onChange={set("status")}
              data={personStatuses.map((s) => ({ value: s, label: t(`affectedPeople.status.${s}`) }))}
            />
            <NativeSelect
              label={t("affectedPeople.severity")}
              value={f.severity}
              onChange={set("severity")}
              error={fieldError("severity")}
              data={[
                { value: "", label: "—" },
                ...severities.map((s) => ({ value: s, label: t(`affectedPeople.severities.${s}`) })),
              ]}
            />
          </>
        )}
        {f.kind === "help" && (
          <NativeSelect
            label={t("affectedPeople.help")}
            value={f.helpType}
            onChange={set("helpType")}
            data={helpTypes.map((h) => ({ value: h, label: t(`affectedPeople.helpType.${h}`) }))}
          />
        )}
        {f.kind === "rehabilitation" && (
          <NativeSelect
            label={t("affectedPeople.stage")}
            value={f.stage}
            onChange={set("stage")}
            data={rehabilitationStages.map((s) => ({
              value: s,
              label: t(`affectedPeople.rehabStages.${s}`),
            }))}
          />
        )}
        {f.kind === "compensation" && (
          <>
            <NativeSelect
              label={t("affectedPeople.harm")}
              value={f.harm}
              onChange={set("harm")}
              data={harmKinds.map((h) => ({ value: h, label: t(`affectedPeople.harms.${h}`) }))}
              data-testid="comp-harm"
            />
            <NativeSelect
              label={t("affectedPeople.stage")}
              value={f.compStage}
              onChange={set("compStage")}
              error={fieldError("stage")}
              data={compensationStages.map((s) => ({ value: s, label: t(`affectedPeople.compStages.${s}`) }))}
              data-testid="comp-stage"
            />
            {f.compStage === "decision" && (
              <NativeSelect
                label={t("affectedPeople.outcome")}
                value={f.outcome}
                onChange={set("outcome")}
                data={decisionOutcomes.map((o) => ({ value: o, label: t(`affectedPeople.outcomes.${o}`) }))}
              />
            )}
            <NumberInput
              label={t("affectedPeople.amount")}
              value={f.amount}
              onChange={(v) => setF({ ...f, amount: v })}
              min={0}
              error={fieldError("amount")}
              data-testid="comp-amount"
            />
            <TextInput
              label={t("affectedPeople.reference")}
              value={f.reference}
              onChange={set("reference")}
              data-testid="comp-reference"
            />
          </>
        )}
        <DateField
          withTime
          label={t("affectedPeople.at")}
          value={f.at}
          onChange={(at) => setF({ ...f, at })}
          error={fieldError("at")}
          data-testid="entry-at"
        />
      </SimpleGrid>
      {f.kind === "status" && f.status === "hospitalised" && (
        <BodyPicker
          label={t("affectedPeople.hospital")}
          value={f.hospitalBodyId}
          onChange={(id) => setF({ ...f, hospitalBodyId: id })}
          kinds={["organisation", "response_force"]}
          territory={territory}
          error={fieldError("hospitalBodyId")}
        />
      )}
      <BodyPicker
        label={t("affectedPeople.givenBy")}
        value={f.bodyId}
        onChange={(id) => setF({ ...f, bodyId: id })}
        territory={territory}
        error={fieldError("bodyId")}
        testId="entry-body"
        searchTestId="entry-body-search"
      />
      <Textarea
        label={t("affectedPeople.details")}
        value={f.details}
        onChange={set("details")}
        autosize
        minRows={1}
      />
      <Group>
        <Button onClick={submit} data-testid="entry-submit">
          {t("affectedPeople.addEntry")}
        </Button>
      </Group>
      {formError ? <ErrorAlert error={formError} /> : null}
    </Stack>
  );
}

export function PersonCard({
  id,
  territory,
  onClose,
}: {
  id: string;
  territory: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ["affected", "person", id],
    queryFn: () => ok(api.GET("/api/affected-people/persons/{id}", { params: { path: { id } } })),
    staleTime: Number.POSITIVE_INFINITY,
  });
  if (q.error) return <ErrorAlert error={q.error} />;
  const p = q.data;
  if (!p) return null;
  const close = async () => {
    const updated = await ok(
      api.POST("/api/affected-people/persons/{id}/close", { params: { path: { id } }, body: {} }),
    );
    qc.setQueryData(["affected", "person", id], updated);
  };
  return (
    <Stack gap="sm" data-testid="person-card" data-status={p.status}>
      <Group justify="space-between">
        <Title order={4}>
          {p.surname} {p.givenName} {p.patronymic}
        </Title>
        <Group gap="xs">
          <Anchor href={`/api/affected-people/persons/${id}/export`} download data-testid="subject-export">
            {t("affectedPeople.export")}
          </Anchor>
          {(["kk", "ru", "en"] as const).map((l) => (
            // The same file as PDF, in the language the person asks for (Law No. 94-V).
            <Anchor
              key={l}
              href={`/api/affected-people/persons/${id}/export.pdf?lang=${l}`}
              download
              size="sm"
              data-testid={`subject-export-pdf-${l}`}
            >
              PDF {l}
            </Anchor>
          ))}
          {p.allowedActions.includes("close") && (
            <Button size="xs" variant="default" onClick={close}>
              {t("affectedPeople.closeRecord")}
            </Button>
          )}
          <Button size="xs" variant="subtle" onClick={onClose}>
            {t("common.back")}
          </Button>
        </Group>
      </Group>
      <Text size="xs" c="dimmed">
        {t("affectedPeople.readLogged")}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Text size="sm">
          {t("affectedPeople.iin")}: {p.iin ?? "—"}
        </Text>
        <Text size="sm">
          {t("affectedPeople.birthDate")}: {p.birthDate ? p.birthDate.split("-").reverse().join(".") : "—"}
        </Text>
        <Text size="sm">
          {t("affectedPeople.phone")}: {p.phone || "—"}
        </Text>
        <Text size="sm">
          {t("affectedPeople.role")}: {t(`affectedPeople.roles.${p.role}`)}
        </Text>
        <Text size="sm" data-testid="person-current-status">
          {t("affectedPeople.statusLabel")}: {t(`affectedPeople.status.${p.status}`)}
          {p.severity ? ` (${t(`affectedPeople.severities.${p.severity}`)})` : ""}
          {p.hospital ? ` · ${nameOf(p.hospital.names)}` : ""}
        </Text>
        {p.closed && <Badge color="gray">{t("affectedPeople.closed")}</Badge>}
      </SimpleGrid>
      <Table data-testid="compensation">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("affectedPeople.harm")}</Table.Th>
            <Table.Th>{t("affectedPeople.compStages.claim")}</Table.Th>
            <Table.Th>{t("affectedPeople.compStages.decision")}</Table.Th>
            <Table.Th>{t("affectedPeople.compStages.paid")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {p.compensation.map((c) => (
            <Table.Tr
              key={c.harm}
              data-testid="compensation-row"
              data-harm={c.harm}
              data-stage={c.stage ?? ""}
            >
              <Table.Td>{t(`affectedPeople.harms.${c.harm}`)}</Table.Td>
              <Table.Td>{c.stage ? tenge(c.claimed) : "—"}</Table.Td>
              <Table.Td>
                {c.outcome ? `${t(`affectedPeople.outcomes.${c.outcome}`)} ${tenge(c.awarded)}` : "—"}
              </Table.Td>
              <Table.Td data-testid="compensation-paid">{c.paid ? tenge(c.paid) : "—"}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Table data-testid="entries" verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("affectedPeople.entryCols.at")}</Table.Th>
            <Table.Th>{t("affectedPeople.entryCols.kind")}</Table.Th>
            <Table.Th>{t("affectedPeople.entryCols.content")}</Table.Th>
            <Table.Th>{t("affectedPeople.entryCols.body")}</Table.Th>
            <Table.Th>{t("affectedPeople.entryCols.recordedBy")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {p.entries.map((e) => (
            <Table.Tr key={e.id} data-testid="entry" data-kind={e.kind}>
              <Table.Td>{formatMinute(e.at)}</Table.Td>
              <Table.Td>{t(`affectedPeople.kinds.${e.kind}`)}</Table.Td>
              <Table.Td>
                {e.status && t(`affectedPeople.status.${e.status}`)}
                {e.severity && ` (${t(`affectedPeople.severities.${e.severity}`)})`}
                {e.hospital && ` · ${nameOf(e.hospital.names)}`}
                {e.helpType && t(`affectedPeople.helpType.${e.helpType}`)}
                {e.kind === "rehabilitation" && e.stage && t(`affectedPeople.rehabStages.${e.stage}`)}
                {e.kind === "compensation" &&
                  `${t(`affectedPeople.harms.${e.harm}`)}: ${t(`affectedPeople.compStages.${e.stage}`)}${e.outcome ? ` — ${t(`affectedPeople.outcomes.${e.outcome}`)}` : ""} ${e.amount !== null ? tenge(e.amount) : ""} ${e.reference}`}
                {e.details && (
                  <Text size="xs" c="dimmed">
                    {e.details}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{e.body ? nameOf(e.body.names) : "—"}</Table.Td>
              <Table.Td>
                <Text size="xs" c="dimmed">
                  <PersonName person={e.recordedBy} storedName={e.recordedByName} />
                  {e.mergedFrom ? ` · ${t("affectedPeople.fromLinked")}` : ""}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {p.allowedActions.includes("add_entry") && <EntryForm p={p} territory={territory} />}
    </Stack>
  );
}
