/**
 * The catalogue of measures per level and kind of body (Decree No. 611; R6): read by everyone signed in,
 * changed as a whole by the ATC (a new version; declarations from then on task bodies by it).
 */
import {
  ActionIcon,
  Badge,
  Button,
  Collapse,
  Group,
  MultiSelect,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { bodyKinds } from "../../domain/bodies";
import { threatLevels } from "../../domain/threat-levels";
import { ApiError, api, ok } from "../api/client";
import type { Answer } from "../api/types";
import { useMeasureText } from "./ThreatTasks";

type Catalogue = Answer<"/api/threat-levels/measures", "get">;
type Item = Catalogue["items"][number];

function Editor({ catalogue, onDone }: { catalogue: Catalogue; onDone: () => void }) {
  const { t } = useTranslation();
  const text = useMeasureText();
  const qc = useQueryClient();
  const [items, setItems] = useState<Item[]>(catalogue.items);
  const set = (i: number, patch: Partial<Item>) =>
    setItems((xs) => xs.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const save = useMutation({
    mutationFn: () =>
      ok(api.PUT("/api/threat-levels/measures", { body: { version: catalogue.version, items } })),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ["threat-levels", "catalogue"] });
      onDone();
    },
  });
  const err = save.error instanceof ApiError ? save.error.body : null;
  return (
    <Stack gap="xs" data-testid="threat-catalogue-editor">
      {items.map((m, i) => (
        <Group key={m.key} gap="xs" align="flex-end" wrap="wrap">
          {m.names ? (
            <>
              <TextInput
                size="xs"
                label={t("threatCatalogue.textKk")}
                value={m.names.kk}
                onChange={(e) => set(i, { names: { ...m.names!, kk: e.currentTarget.value } })}
                w={220}
              />
              <TextInput
                size="xs"
                label={t("threatCatalogue.textRu")}
                value={m.names.ru}
                onChange={(e) => set(i, { names: { ...m.names!, ru: e.currentTarget.value } })}
                w={220}
              />
              <TextInput
                size="xs"
                label={t("threatCatalogue.textEn")}
                value={m.names.en}
                onChange={(e) => set(i, { names: { ...m.names!, en: e.currentTarget.value } })}
                w={180}
              />
            </>
          ) : (
            <Text size="sm" w={300}>
              {text(m)}
            </Text>
          )}
          <Select
            size="xs"
            label={t("threatCatalogue.from")}
            data={threatLevels.map((l) => ({ value: l, label: t(`threatLevel.${l}`) }))}
            value={m.from}
            onChange={(v) => v && set(i, { from: v as Item["from"] })}
            allowDeselect={false}
            w={170}
          />
          <MultiSelect
            size="xs"
            label={t("threatCatalogue.kinds")}
            data={bodyKinds.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
            value={m.kinds}
            onChange={(v) => set(i, { kinds: v as Item["kinds"] })}
            w={260}
          />
          <TextInput
            size="xs"
            label={t("threatCatalogue.basis")}
            value={m.basis.join(", ")}
            onChange={(e) =>
              set(i, {
                basis: e.currentTarget.value
                  .split(",")
                  .map((x) => x.trim())
                  .filter(Boolean),
              })
            }
            w={120}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={t("threatCatalogue.remove")}
            onClick={() => setItems((xs) => xs.filter((_, j) => j !== i))}
          >
            ×
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button
          size="xs"
          variant="light"
          data-testid="threat-catalogue-add"
          onClick={() =>
            setItems((xs) => [
              ...xs,
              {
                key: `measure_${Date.now().toString(36)}`,
                from: "moderate",
                kinds: ["commission"],
                basis: ["R6"],
                names: { kk: "", ru: "", en: "" },
              },
            ])
          }
        >
          {t("threatCatalogue.add")}
        </Button>
        <Button
          size="xs"
          onClick={() => save.mutate()}
          loading={save.isPending}
          data-testid="threat-catalogue-save"
        >
          {t("common.save")}
        </Button>
        <Button size="xs" variant="subtle" onClick={onDone}>
          {t("common.cancel")}
        </Button>
      </Group>
      {err && (
        <Text c="red" size="sm" role="alert">
          {err.message}
        </Text>
      )}
    </Stack>
  );
}

export function ThreatCatalogue() {
  const { t } = useTranslation();
  const text = useMeasureText();
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState(false);
  const q = useQuery({
    queryKey: ["threat-levels", "catalogue"],
    queryFn: () => ok(api.GET("/api/threat-levels/measures")),
  });
  if (!q.data) return null;
  const c = q.data;
  return (
    <Stack gap="xs" data-testid="threat-catalogue">
      <Group gap="xs">
        <Title order={3}>{t("threatCatalogue.title")}</Title>
        <Badge variant="light" styles={{ root: { textTransform: "none" } }}>
          {c.version === 0
            ? t("threatCatalogue.default")
            : t("threatCatalogue.version", { version: c.version })}
        </Badge>
        <Button size="compact-sm" variant="subtle" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
          {open ? t("threatCatalogue.hide") : t("threatCatalogue.show")}
        </Button>
        {c.canEdit && open && !editing && (
          <Button
            size="compact-sm"
            variant="light"
            onClick={() => setEditing(true)}
            data-testid="threat-catalogue-edit"
          >
            {t("common.edit")}
          </Button>
        )}
      </Group>
      <Collapse expanded={open}>
        {editing ? (
          <Editor catalogue={c} onDone={() => setEditing(false)} />
        ) : (
          <Table withTableBorder fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("threatCatalogue.measure")}</Table.Th>
                <Table.Th>{t("threatCatalogue.from")}</Table.Th>
                <Table.Th>{t("threatCatalogue.kinds")}</Table.Th>
                <Table.Th>{t("threatCatalogue.basis")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {c.items.map((m) => (
                <Table.Tr key={m.key} data-testid="threat-catalogue-row">
                  <Table.Td>{text(m)}</Table.Td>
                  <Table.Td>{t(`threatLevel.${m.from}`)}</Table.Td>
                  <Table.Td>{m.kinds.map((k) => t(`kind.${k}`)).join(", ")}</Table.Td>
                  <Table.Td>{m.basis.join(", ")}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Collapse>
    </Stack>
  );
}
