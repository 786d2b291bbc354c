/**
 * Register or edit one vulnerable object (R10.5; Law art. 10-1): names, the owner (picked from the
 * registry, or a new organisation by its BIN), territory down to the settlement, address, point,
 * category of the catalogue (Decree 234), sector, counts and the responsible person's contacts.
 * The server checks who may register for whom; its field errors stand under the inputs.
 */
import {
  Button,
  Card,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
  Title,
} from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ok } from "../../api/client";
import type { Answer } from "../../api/types";
import { BodyPicker } from "../../components/BodyPicker";
import { ErrorAlert } from "../../components/ErrorAlert";
import { TerritoryPicker } from "../../components/TerritoryPicker";
import { useFormError } from "../../components/useFormError";
import { nameOf } from "../../format";
import { useMe } from "../../session";
import { useCatalogue, useObjectsChanged } from "./api";

type Detail = Answer<"/api/objects/{id}", "get">;
const OWNER_KINDS = ["organisation", "state_body", "akimat", "self_government"] as const;

type Values = {
  nameKk: string;
  nameRu: string;
  territoryCode: string | null;
  address: string;
  lat: number | null;
  lon: number | null;
  category: string | null;
  sector: string;
  attendance: number;
  staff: number;
  responsibleName: string;
  responsiblePhone: string;
  responsibleEmail: string;
};

const fromDetail = (o: Detail): Values => ({
  nameKk: o.nameKk,
  nameRu: o.nameRu,
  territoryCode: o.territory.code,
  address: o.address,
  lat: o.lat,
  lon: o.lon,
  category: o.category,
  sector: o.sector,
  attendance: o.attendance,
  staff: o.staff,
  responsibleName: o.responsibleName,
  responsiblePhone: o.responsiblePhone,
  responsibleEmail: o.responsibleEmail,
});
const blank: Values = {
  nameKk: "",
  nameRu: "",
  territoryCode: null,
  address: "",
  lat: null,
  lon: null,
  category: null,
  sector: "",
  attendance: 0,
  staff: 0,
  responsibleName: "",
  responsiblePhone: "",
  responsibleEmail: "",
};
const num = (v: string | number) => (v === "" ? null : Number(v));

export function ObjectForm({
  object,
  onDone,
}: {
  /** The object to edit; a new one is registered without it. */
  object?: Detail;
  onDone: (o: Detail) => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const cat = useCatalogue();
  const changed = useObjectsChanged();
  const { setError, fieldError, formError } = useFormError();
  const [v, setV] = useState<Values>(object ? fromDetail(object) : blank);
  // An owner's account registers for its own organisation by default.
  const ownGrant = me.data?.grants.find((g) => g.role === "organisation_reporter");
  const [ownerMode, setOwnerMode] = useState<"pick" | "bin">("pick");
  const [ownerId, setOwnerId] = useState(ownGrant?.bodyId ?? "");
  const [owner, setOwner] = useState({ bin: "", nameKk: "", nameRu: "" });
  const [busy, setBusy] = useState(false);
  const set = (next: Partial<Values>) => setV({ ...v, ...next });

  const submit = async () => {
    setError(null);
    setBusy(true);
    try {
      const common = {
        nameKk: v.nameKk,
        nameRu: v.nameRu,
        address: v.address,
        lat: v.lat,
        lon: v.lon,
        category: v.category ?? "",
        sector: v.sector,
        attendance: v.attendance,
        staff: v.staff,
        responsibleName: v.responsibleName,
        responsiblePhone: v.responsiblePhone,
        responsibleEmail: v.responsibleEmail,
      };
      const saved = object
        ? await ok(
            api.PATCH("/api/objects/{id}", {
              params: { path: { id: object.id } },
              body: { ...common, territoryCode: v.territoryCode ?? undefined, version: object.version },
            }),
          )
        : await ok(
            api.POST("/api/objects", {
              body: {
                ...common,
                territoryCode: v.territoryCode ?? "",
                owner: ownerMode === "pick" ? { bodyId: ownerId } : owner,
              },
            }),
          );
      changed();
      onDone(saved);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder data-testid="object-form">
      <Stack>
        <Title order={4}>{object ? t("objects.form.editTitle") : t("objects.form.newTitle")}</Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t("objects.col.nameKk")}
            value={v.nameKk}
            onChange={(e) => set({ nameKk: e.currentTarget.value })}
            error={fieldError("nameKk")}
            required
            data-testid="object-name-kk"
          />
          <TextInput
            label={t("objects.col.nameRu")}
            value={v.nameRu}
            onChange={(e) => set({ nameRu: e.currentTarget.value })}
            error={fieldError("nameRu")}
            required
            data-testid="object-name-ru"
          />
        </SimpleGrid>
        {!object && (
          <Stack gap="xs">
            <SegmentedControl
              value={ownerMode}
              onChange={(m) => setOwnerMode(m as "pick" | "bin")}
              data={[
                { value: "pick", label: t("objects.form.ownerPick") },
                { value: "bin", label: t("objects.form.ownerBin") },
              ]}
              data-testid="object-owner-mode"
            />
            {ownerMode === "pick" ? (
              <BodyPicker
                value={ownerId}
                onChange={setOwnerId}
                label={t("objects.owner")}
                kinds={OWNER_KINDS}
                current={ownGrant ? { id: ownGrant.bodyId, names: ownGrant.bodyName } : null}
                error={fieldError("owner.bodyId") ?? fieldError("owner")}
                testId="object-owner"
                searchTestId="object-owner-search"
              />
            ) : (
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <TextInput
                  label={t("objects.col.ownerBin")}
                  value={owner.bin}
                  onChange={(e) => setOwner({ ...owner, bin: e.currentTarget.value })}
                  error={fieldError("owner.bin")}
                  data-testid="object-owner-bin"
                />
                <TextInput
                  label={t("objects.col.ownerNameKk")}
                  value={owner.nameKk}
                  onChange={(e) => setOwner({ ...owner, nameKk: e.currentTarget.value })}
                  error={fieldError("owner.nameKk")}
                  data-testid="object-owner-name-kk"
                />
                <TextInput
                  label={t("objects.col.ownerNameRu")}
                  value={owner.nameRu}
                  onChange={(e) => setOwner({ ...owner, nameRu: e.currentTarget.value })}
                  error={fieldError("owner.nameRu")}
                  data-testid="object-owner-name-ru"
                />
              </SimpleGrid>
            )}
          </Stack>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TerritoryPicker
            value={v.territoryCode}
            onChange={(code) => set({ territoryCode: code })}
            label={t("objects.form.territory")}
            maxLevel={4}
            error={fieldError("territoryCode")}
            testId="object-territory"
            required
          />
          <Select
            label={t("objects.category")}
            data={(cat.data?.categories ?? []).map((c) => ({ value: c.key, label: nameOf(c.names) }))}
            value={v.category}
            onChange={(c) => set({ category: c })}
            error={fieldError("category")}
            required
            data-testid="object-category"
          />
        </SimpleGrid>
        <TextInput
          label={t("objects.address")}
          value={v.address}
          onChange={(e) => set({ address: e.currentTarget.value })}
          error={fieldError("address")}
          data-testid="object-address"
        />
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <NumberInput
            label={t("objects.col.lat")}
            value={v.lat ?? ""}
            onChange={(x) => set({ lat: num(x) })}
            min={-90}
            max={90}
            decimalScale={6}
            error={fieldError("lat")}
            data-testid="object-lat"
          />
          <NumberInput
            label={t("objects.col.lon")}
            value={v.lon ?? ""}
            onChange={(x) => set({ lon: num(x) })}
            min={-180}
            max={180}
            decimalScale={6}
            error={fieldError("lon")}
            data-testid="object-lon"
          />
          <NumberInput
            label={t("objects.attendance")}
            value={v.attendance}
            onChange={(x) => set({ attendance: Number(x) || 0 })}
            min={0}
            error={fieldError("attendance")}
          />
          <NumberInput
            label={t("objects.staff")}
            value={v.staff}
            onChange={(x) => set({ staff: Number(x) || 0 })}
            min={0}
            error={fieldError("staff")}
          />
        </SimpleGrid>
        <TextInput
          label={t("objects.sector")}
          value={v.sector}
          onChange={(e) => set({ sector: e.currentTarget.value })}
          error={fieldError("sector")}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t("objects.col.responsibleName")}
            value={v.responsibleName}
            onChange={(e) => set({ responsibleName: e.currentTarget.value })}
            error={fieldError("responsibleName")}
          />
          <TextInput
            label={t("objects.col.responsiblePhone")}
            value={v.responsiblePhone}
            onChange={(e) => set({ responsiblePhone: e.currentTarget.value })}
            error={fieldError("responsiblePhone")}
            data-testid="object-phone"
          />
          <TextInput
            label={t("objects.col.responsibleEmail")}
            value={v.responsibleEmail}
            onChange={(e) => set({ responsibleEmail: e.currentTarget.value })}
            error={fieldError("responsibleEmail")}
          />
        </SimpleGrid>
        <ErrorAlert error={formError} />
        <Group>
          <Button onClick={submit} loading={busy} data-testid="object-save">
            {t("objects.save")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
