/**
 * Target programmes (R10.5): by year, budget, what is planned and spent on equipping objects. The
 * commission's secretariat creates a programme (optionally approved by its protocol decision, R5) and
 * its items — an object and the equipment it gets, planned against spent, done or not.
 */
import {
  Anchor,
  Button,
  Card,
  Checkbox,
  Group,
  NumberInput,
  Progress,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ok } from "../../api/client";
import type { Answer } from "../../api/types";
import { DecisionPicker } from "../../components/DecisionPicker";
import { ErrorAlert } from "../../components/ErrorAlert";
import { TerritoryPicker } from "../../components/TerritoryPicker";
import { useFormError } from "../../components/useFormError";
import { nameOf } from "../../format";
import { objectKeys, useObjectsChanged, useProgrammes } from "./api";
import { ObjectPicker, objectName } from "./ObjectPicker";

type Programme = Answer<"/api/object-programmes/{id}", "get">;
const money = (n: number) => new Intl.NumberFormat("ru-RU").format(n);
const EQUIPMENT = [
  "video_surveillance",
  "alarm",
  "access_control",
  "lighting",
  "barriers",
  "communications",
] as const;

export function Programmes() {
  const { t } = useTranslation();
  const q = useProgrammes();
  const [open, setOpen] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  return (
    <Stack>
      {q.data?.canCreate && (
        <Group>
          <Button variant="light" onClick={() => setCreating((x) => !x)} data-testid="programme-new">
            {t("objects.programme.new")}
          </Button>
        </Group>
      )}
      {creating && (
        <ProgrammeForm
          onDone={(id) => {
            setCreating(false);
            setOpen(id);
          }}
        />
      )}
      <ErrorAlert error={q.error} />
      {q.data?.items.length === 0 && <Text c="dimmed">{t("objects.programme.none")}</Text>}
      {!!q.data?.items.length && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped data-testid="programmes-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("objects.programme.year")}</Table.Th>
                <Table.Th>{t("objects.programme.title")}</Table.Th>
                <Table.Th>{t("objects.territory")}</Table.Th>
                <Table.Th>{t("objects.programme.budget")}</Table.Th>
                <Table.Th>{t("objects.programme.planned")}</Table.Th>
                <Table.Th>{t("objects.programme.spent")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data?.items.map((p) => (
                <Table.Tr key={p.id} data-testid="programme-row">
                  <Table.Td>{p.year}</Table.Td>
                  <Table.Td>
                    {/* A link-like button that wraps: a long title never widens the table past the page. */}
                    <Anchor
                      component="button"
                      type="button"
                      fw={600}
                      size="sm"
                      ta="left"
                      onClick={() => setOpen(open === p.id ? null : p.id)}
                      data-testid="programme-open"
                    >
                      {p.title}
                    </Anchor>
                    {p.decisionNumber && (
                      <Text size="xs" c="dimmed">
                        {t("objects.decision", { number: p.decisionNumber })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{nameOf(p.territory.names)}</Table.Td>
                  <Table.Td>{money(p.budget)}</Table.Td>
                  <Table.Td>{money(p.planned)}</Table.Td>
                  <Table.Td>
                    {money(p.spent)}
                    <Progress value={p.planned ? (100 * p.spent) / p.planned : 0} size="xs" mt={4} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {open && <ProgrammeDetail id={open} />}
    </Stack>
  );
}

function ProgrammeForm({ onDone }: { onDone: (id: string) => void }) {
  const { t } = useTranslation();
  const changed = useObjectsChanged();
  const { setError, fieldError, formError } = useFormError();
  const [territory, setTerritory] = useState<string | null>(null);
  const [year, setYear] = useState(new Date().getFullYear());
  const [title, setTitle] = useState("");
  const [budget, setBudget] = useState(0);
  const [decisionId, setDecisionId] = useState<string | null>(null);
  // The commission whose decisions approve the programme: the same as the territory's list's.
  const owner = useQuery({
    queryKey: ["objects", "lists", territory],
    queryFn: () => ok(api.GET("/api/object-lists", { params: { query: { territory: territory! } } })),
    enabled: !!territory,
  });
  const submit = async () => {
    setError(null);
    try {
      const p = await ok(
        api.POST("/api/object-programmes", {
          body: { territoryCode: territory ?? "", year, title, budget, decisionId },
        }),
      );
      changed();
      onDone(p.id);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Card withBorder data-testid="programme-form">
      <Stack>
        <Group grow align="start">
          <TerritoryPicker
            value={territory}
            onChange={setTerritory}
            error={fieldError("territoryCode")}
            testId="programme-territory"
            required
          />
          <NumberInput
            label={t("objects.programme.year")}
            value={year}
            onChange={(v) => setYear(Number(v) || 0)}
            min={2000}
            max={2100}
            error={fieldError("year")}
          />
          <NumberInput
            label={t("objects.programme.budget")}
            value={budget}
            onChange={(v) => setBudget(Number(v) || 0)}
            min={0}
            thousandSeparator=" "
            error={fieldError("budget")}
            data-testid="programme-budget"
          />
        </Group>
        <TextInput
          label={t("objects.programme.title")}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          error={fieldError("title")}
          required
          data-testid="programme-title"
        />
        {owner.data?.commission && (
          <DecisionPicker
            bodyId={owner.data.commission.id}
            value={decisionId}
            onChange={(id) => setDecisionId(id)}
            error={fieldError("decisionId")}
            testId="programme-decision"
          />
        )}
        <ErrorAlert error={formError} />
        <Group>
          <Button onClick={submit} data-testid="programme-save">
            {t("objects.save")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function ProgrammeDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: [...objectKeys.programmes, id],
    queryFn: () => ok(api.GET("/api/object-programmes/{id}", { params: { path: { id } } })),
  });
  const p = q.data;
  if (!p) return <ErrorAlert error={q.error} />;
  return (
    <Card withBorder data-testid="programme">
      <Stack>
        <Title order={4}>
          {p.year} · {p.title}
        </Title>
        <Text size="sm">
          {t("objects.programme.budget")}: {money(p.budget)} · {t("objects.programme.planned")}:{" "}
          {money(p.planned)} · {t("objects.programme.spent")}: {money(p.spent)}
        </Text>
        {p.items.length === 0 && <Text c="dimmed">{t("objects.programme.noItems")}</Text>}
        {p.items.length > 0 && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("objects.name")}</Table.Th>
                <Table.Th>{t("objects.programme.equipment")}</Table.Th>
                <Table.Th>{t("objects.programme.planned")}</Table.Th>
                <Table.Th>{t("objects.programme.spent")}</Table.Th>
                <Table.Th>{t("objects.programme.done")}</Table.Th>
                {p.canManage && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {p.items.map((i) => (
                <ItemRow key={`${i.id}:${i.spent}:${i.done}`} programme={p} item={i} />
              ))}
            </Table.Tbody>
          </Table>
        )}
        {p.canManage && <ItemForm programme={p} />}
      </Stack>
    </Card>
  );
}

function ItemRow({ programme, item }: { programme: Programme; item: Programme["items"][number] }) {
  const { t } = useTranslation();
  const changed = useObjectsChanged();
  const [spent, setSpent] = useState(item.spent);
  const [done, setDone] = useState(item.done);
  const [error, setError] = useState<unknown>(null);
  const save = async () => {
    setError(null);
    try {
      await ok(
        api.PATCH("/api/object-programmes/{id}/items/{itemId}", {
          params: { path: { id: programme.id, itemId: item.id } },
          body: { spent, done },
        }),
      );
      changed();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Table.Tr data-testid="programme-item">
      <Table.Td>{objectName(item.object)}</Table.Td>
      <Table.Td>{t(`objects.equipment.${item.equipment}`)}</Table.Td>
      <Table.Td>{money(item.planned)}</Table.Td>
      <Table.Td>
        {programme.canManage ? (
          <NumberInput
            value={spent}
            onChange={(v) => setSpent(Number(v) || 0)}
            min={0}
            thousandSeparator=" "
            w={160}
            aria-label={t("objects.programme.spent")}
            data-testid="programme-item-spent"
          />
        ) : (
          money(item.spent)
        )}
      </Table.Td>
      <Table.Td>
        <Checkbox
          checked={done}
          disabled={!programme.canManage}
          onChange={(e) => setDone(e.currentTarget.checked)}
          aria-label={t("objects.programme.done")}
          data-testid="programme-item-done"
        />
      </Table.Td>
      {programme.canManage && (
        <Table.Td>
          <Button size="compact-sm" variant="light" onClick={save} data-testid="programme-item-save">
            {t("objects.save")}
          </Button>
          <ErrorAlert error={error} />
        </Table.Td>
      )}
    </Table.Tr>
  );
}

function ItemForm({ programme }: { programme: Programme }) {
  const { t } = useTranslation();
  const changed = useObjectsChanged();
  const { setError, fieldError, formError } = useFormError();
  const [objectId, setObjectId] = useState<string | null>(null);
  const [equipment, setEquipment] = useState<(typeof EQUIPMENT)[number] | null>(null);
  const [planned, setPlanned] = useState(0);
  const [n, setN] = useState(0);
  const submit = async () => {
    setError(null);
    try {
      await ok(
        api.POST("/api/object-programmes/{id}/items", {
          params: { path: { id: programme.id } },
          body: { objectId: objectId ?? "", equipment: equipment ?? ("" as never), planned },
        }),
      );
      changed();
      setObjectId(null);
      setPlanned(0);
      setN(n + 1);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Stack gap="xs" data-testid="programme-item-form">
      <Group align="end" grow>
        <ObjectPicker
          key={n}
          label={t("objects.name")}
          territory={programme.territory.code}
          value={objectId}
          onChange={(id) => setObjectId(id)}
          error={fieldError("objectId")}
          testId="programme-item-object"
        />
        <Select
          label={t("objects.programme.equipment")}
          data={EQUIPMENT.map((k) => ({ value: k, label: t(`objects.equipment.${k}`) }))}
          value={equipment}
          onChange={(v) => setEquipment(v as never)}
          error={fieldError("equipment")}
          data-testid="programme-item-equipment"
        />
        <NumberInput
          label={t("objects.programme.planned")}
          value={planned}
          onChange={(v) => setPlanned(Number(v) || 0)}
          min={0}
          thousandSeparator=" "
          error={fieldError("planned")}
          data-testid="programme-item-planned"
        />
        <Button onClick={submit} data-testid="programme-item-add">
          {t("objects.programme.addItem")}
        </Button>
      </Group>
      <ErrorAlert error={formError} />
    </Stack>
  );
}
