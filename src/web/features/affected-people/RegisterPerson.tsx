/**
 * Register a person in a case (R20, R21.2): identity (IIN checked by its rule on the server, with a
 * message per rule), role and the first status with the body that reported it; hospitalised: where.
 */
import { Button, Group, NativeSelect, SimpleGrid, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { personRoles, personStatuses, severities } from "../../../domain/affected-people";
import { api, ok } from "../../api/client";
import { BodyPicker } from "../../components/BodyPicker";
import { DateField } from "../../components/DateField";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useFormError } from "../../components/useFormError";
import { almatyInputToIso } from "../../format";

const nowInput = () => new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 16);

export function RegisterPerson({
  incidentId,
  territory,
  onDone,
}: {
  incidentId: string;
  territory: string;
  onDone: (personId: string, linked: boolean) => void;
}) {
  const { t } = useTranslation();
  const [f, setF] = useState({
    role: "victim",
    iin: "",
    surname: "",
    givenName: "",
    patronymic: "",
    birthDate: "",
    phone: "",
    address: "",
    status: "hospitalised",
    severity: "",
    hospitalBodyId: "",
    bodyId: "",
    at: nowInput(),
    details: "",
  });
  const { setError, fieldError, formError } = useFormError();
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof f) => (e: { currentTarget: { value: string } }) =>
    setF({ ...f, [k]: e.currentTarget.value });
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await ok(
        api.POST("/api/affected-people/cases/{incidentId}/persons", {
          params: { path: { incidentId } },
          body: {
            role: f.role as (typeof personRoles)[number],
            iin: f.iin || undefined,
            surname: f.surname,
            givenName: f.givenName,
            patronymic: f.patronymic,
            birthDate: f.birthDate || undefined,
            phone: f.phone,
            address: f.address,
            status: {
              status: f.status as (typeof personStatuses)[number],
              severity: (f.severity || undefined) as (typeof severities)[number] | undefined,
              hospitalBodyId: f.status === "hospitalised" ? f.hospitalBodyId || undefined : undefined,
              // Left out when none is chosen, so the server answers "required" rather than "wrong format".
              bodyId: (f.bodyId || undefined) as string,
              at: almatyInputToIso(f.at) ?? "",
              details: f.details,
            },
          },
        }),
      );
      onDone(r.person.id, r.linked);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="xs" data-testid="register-person">
      <Text size="sm" c="dimmed">
        {t("affectedPeople.protectedNote")}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <NativeSelect
          label={t("affectedPeople.role")}
          value={f.role}
          onChange={set("role")}
          data={personRoles.map((r) => ({ value: r, label: t(`affectedPeople.roles.${r}`) }))}
          data-testid="person-role"
        />
        <TextInput
          label={t("affectedPeople.iin")}
          value={f.iin}
          onChange={set("iin")}
          error={fieldError("iin")}
          data-testid="person-iin"
        />
        <DateField
          label={t("affectedPeople.birthDate")}
          value={f.birthDate}
          onChange={(birthDate) => setF({ ...f, birthDate })}
          error={fieldError("birthDate")}
          data-testid="person-birth"
        />
        <TextInput
          label={t("affectedPeople.surname")}
          value={f.surname}
          onChange={set("surname")}
          error={fieldError("surname")}
          data-testid="person-surname"
        />
        <TextInput
          label={t("affectedPeople.givenName")}
          value={f.givenName}
          onChange={set("givenName")}
          error={fieldError("givenName")}
          data-testid="person-given"
        />
        <TextInput label={t("affectedPeople.patronymic")} value={f.patronymic} onChange={set("patronymic")} />
        <TextInput
          label={t("affectedPeople.phone")}
          value={f.phone}
          onChange={set("phone")}
          error={fieldError("phone")}
          data-testid="person-phone"
        />
        <TextInput label={t("affectedPeople.address")} value={f.address} onChange={set("address")} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <NativeSelect
          label={t("affectedPeople.statusLabel")}
          value={f.status}
          onChange={set("status")}
          data={personStatuses.map((s) => ({ value: s, label: t(`affectedPeople.status.${s}`) }))}
          data-testid="person-status"
        />
        <NativeSelect
          label={t("affectedPeople.severity")}
          value={f.severity}
          onChange={set("severity")}
          error={fieldError("status.severity") ?? fieldError("severity")}
          data={[
            { value: "", label: "—" },
            ...severities.map((s) => ({ value: s, label: t(`affectedPeople.severities.${s}`) })),
          ]}
          data-testid="person-severity"
        />
        <DateField
          withTime
          label={t("affectedPeople.at")}
          value={f.at}
          onChange={(at) => setF({ ...f, at })}
          error={fieldError("status.at")}
          data-testid="person-at"
        />
      </SimpleGrid>
      {f.status === "hospitalised" && (
        <BodyPicker
          label={t("affectedPeople.hospital")}
          value={f.hospitalBodyId}
          onChange={(id) => setF({ ...f, hospitalBodyId: id })}
          kinds={["organisation", "response_force"]}
          territory={territory}
          error={fieldError("status.hospitalBodyId") ?? fieldError("hospitalBodyId")}
          testId="person-hospital"
          searchTestId="person-hospital-search"
        />
      )}
      <BodyPicker
        label={t("affectedPeople.reportedBy")}
        value={f.bodyId}
        onChange={(id) => setF({ ...f, bodyId: id })}
        territory={territory}
        error={fieldError("status.bodyId") ?? fieldError("bodyId")}
        testId="person-body"
        searchTestId="person-body-search"
      />
      <Textarea
        label={t("affectedPeople.medicalDetails")}
        value={f.details}
        onChange={set("details")}
        autosize
        minRows={2}
      />
      <Group>
        <Button onClick={submit} loading={busy} data-testid="person-submit">
          {t("affectedPeople.register")}
        </Button>
      </Group>
      {formError ? <ErrorAlert error={formError} /> : null}
    </Stack>
  );
}
