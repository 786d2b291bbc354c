/** Create / edit form for a body; shows the API's localised field errors next to each field. */
import {
  Button,
  Group,
  NativeSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from "@mantine/core";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { type BodyKind, readinessLevels, SYSTEM_KINDS, subtypesByKind } from "../../domain/bodies";
import { ApiError } from "../api/client";
import type { BodyDetail } from "../api/types";
import { ErrorAlert } from "./ErrorAlert";
import { TerritoryPicker } from "./TerritoryPicker";

export type BodyFormValues = {
  kind: BodyKind;
  subtype: string | null;
  nameKk: string;
  nameRu: string;
  nameEn: string;
  territoryCode: string | null;
  bin: string;
  competence: string;
  address: string;
  phone: string;
  email: string;
  capacity: number | null;
  readiness: Readiness | null;
};

type Readiness = (typeof readinessLevels)[number];

export function valuesOf(b: BodyDetail): BodyFormValues {
  return {
    kind: b.kind,
    subtype: b.subtype,
    nameKk: b.names.kk,
    nameRu: b.names.ru,
    nameEn: b.names.en === b.names.ru ? "" : b.names.en,
    territoryCode: b.territoryCode,
    bin: b.bin ?? "",
    competence: b.competence,
    address: b.address,
    phone: b.phone,
    email: b.email,
    capacity: b.capacity,
    readiness: b.readiness,
  };
}

export const emptyValues = (kind: BodyKind, territoryCode: string | null): BodyFormValues => ({
  kind,
  subtype: subtypesByKind[kind]?.[0] ?? null,
  nameKk: "",
  nameRu: "",
  nameEn: "",
  territoryCode,
  bin: "",
  competence: "",
  address: "",
  phone: "",
  email: "",
  capacity: null,
  readiness: kind === "response_force" ? "ready" : null,
});

type Props = {
  initial: BodyFormValues;
  creatableKinds?: string[];
  onSubmit: (v: BodyFormValues) => Promise<void>;
  onCancel: () => void;
  editing: boolean;
};

export function BodyForm({ initial, creatableKinds, onSubmit, onCancel, editing }: Props) {
  const { t } = useTranslation();
  const [v, setV] = useState(initial);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof BodyFormValues>(k: K, val: BodyFormValues[K]) =>
    setV((old) => ({ ...old, [k]: val }));
  const fe = (path: string) => (error instanceof ApiError ? error.fieldMessage(path) : undefined);
  const subtypes = subtypesByKind[v.kind];
  const system = SYSTEM_KINDS.includes(v.kind);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(v);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const text = (k: "nameKk" | "nameRu" | "nameEn" | "address" | "phone" | "email", required = false) => (
    <TextInput
      label={t(`field.${k}`)}
      value={v[k]}
      onChange={(e) => set(k, e.currentTarget.value)}
      error={fe(k)}
      required={required}
      data-testid={`field-${k}`}
    />
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ErrorAlert error={error} testId="form-error" />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {!editing && creatableKinds && (
            <NativeSelect
              label={t("field.kind")}
              value={v.kind}
              onChange={(e) => {
                const kind = e.currentTarget.value as BodyKind;
                setV((old) => ({ ...old, kind, subtype: subtypesByKind[kind]?.[0] ?? null }));
              }}
              data={creatableKinds.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
              data-testid="field-kind"
            />
          )}
          {subtypes && !system && (
            <NativeSelect
              label={t("field.subtype")}
              value={v.subtype ?? ""}
              onChange={(e) => set("subtype", e.currentTarget.value)}
              data={subtypes.map((s) => ({ value: s, label: t(`subtype.${s}`) }))}
              error={fe("subtype")}
              data-testid="field-subtype"
            />
          )}
        </SimpleGrid>
        {text("nameKk", true)}
        {text("nameRu", true)}
        {text("nameEn")}
        {!system && (
          <TerritoryPicker
            value={v.territoryCode}
            onChange={(c) => set("territoryCode", c)}
            label={t("field.territoryCode")}
            error={fe("territoryCode")}
            maxLevel={4}
            required
            testId="field-territoryCode"
          />
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {!system && (
            <TextInput
              label={t("field.bin")}
              value={v.bin}
              onChange={(e) => set("bin", e.currentTarget.value.replace(/\s/g, ""))}
              error={fe("bin")}
              inputMode="numeric"
              maxLength={12}
              data-testid="field-bin"
            />
          )}
          {text("phone")}
          {text("email")}
          {text("address")}
        </SimpleGrid>
        <Textarea
          label={t("field.competence")}
          value={v.competence}
          onChange={(e) => set("competence", e.currentTarget.value)}
          error={fe("competence")}
          autosize
          minRows={2}
          data-testid="field-competence"
        />
        {v.kind === "response_force" && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NumberInput
              label={t("field.capacity")}
              value={v.capacity ?? ""}
              onChange={(n) => set("capacity", typeof n === "number" ? n : null)}
              min={0}
              error={fe("capacity")}
              data-testid="field-capacity"
            />
            <NativeSelect
              label={t("field.readiness")}
              value={v.readiness ?? ""}
              onChange={(e) => set("readiness", (e.currentTarget.value || null) as Readiness | null)}
              data={readinessLevels.map((r) => ({ value: r, label: t(`readiness.${r}`) }))}
              data-testid="field-readiness"
            />
          </SimpleGrid>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={busy} data-testid="body-save">
            {editing ? t("common.save") : t("common.create")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The PATCH/POST payload: only what the contract accepts, empty optional strings kept as "". */
/** The fields a system body (ATC, commission, HQ: made from the territory tree) may change. */
export function commonPayloadOf(v: BodyFormValues) {
  return {
    nameKk: v.nameKk,
    nameRu: v.nameRu,
    nameEn: v.nameEn,
    phone: v.phone,
    email: v.email,
    address: v.address,
    competence: v.competence,
  };
}

/** Every field the form edits, for a new body or one not of the system. */
export function payloadOf(v: BodyFormValues) {
  return {
    ...commonPayloadOf(v),
    subtype: v.subtype,
    territoryCode: v.territoryCode ?? "",
    bin: v.bin === "" ? null : v.bin,
    ...(v.kind === "response_force" ? { capacity: v.capacity, readiness: v.readiness } : {}),
  };
}
