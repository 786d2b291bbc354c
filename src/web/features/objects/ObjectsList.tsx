/** The registry of vulnerable objects: search, filters, the passport state and gaps, import and export. */
import { Badge, Button, Group, Select, Stack, Table, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { qs } from "../../api/client";
import { ErrorAlert } from "../../components/ErrorAlert";
import { nameOf } from "../../format";
import i18n from "../../i18n";
import { Link, navigate } from "../../router";
import { useCatalogue, useObjects } from "./api";
import { ImportObjects } from "./ImportObjects";
import { ObjectForm } from "./ObjectForm";
import { PassportBadge } from "./PassportBadge";

const STATES = ["none", "draft", "submitted", "returned", "valid", "due", "expired"];

export function ObjectsList() {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const [category, setCategory] = useState<string | null>(null);
  const [passport, setPassport] = useState<string | null>(null);
  const [offset, setOffset] = useState(0);
  const [importing, setImporting] = useState(false);
  const [creating, setCreating] = useState(false);
  const cat = useCatalogue();
  const list = useObjects({ q, category: category ?? undefined, passport: passport ?? undefined, offset });
  const catName = (key: string) => nameOf(cat.data?.categories.find((c) => c.key === key)?.names) || key;
  const exportHref = `/api/objects/export.xlsx${qs({ q, category, passport, lang: i18n.language })}`;
  return (
    <Stack>
      <Group align="end">
        <TextInput
          label={t("objects.search")}
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            setOffset(0);
          }}
          w={320}
          data-testid="objects-search"
        />
        <Select
          label={t("objects.category")}
          placeholder={t("objects.anyCategory")}
          data={(cat.data?.categories ?? []).map((c) => ({ value: c.key, label: nameOf(c.names) }))}
          value={category}
          onChange={setCategory}
          clearable
          w={280}
        />
        <Select
          label={t("objects.passport")}
          placeholder={t("objects.anyPassport")}
          data={STATES.map((s) => ({ value: s, label: t(`objects.passportState.${s}`) }))}
          value={passport}
          onChange={setPassport}
          clearable
          w={240}
        />
        <Button component="a" href={exportHref} variant="default">
          {t("objects.export")}
        </Button>
        {list.data?.canCreate && (
          <Button variant="light" onClick={() => setImporting((v) => !v)} data-testid="objects-import-open">
            {t("objects.import")}
          </Button>
        )}
        {list.data?.canCreate && (
          <Button onClick={() => setCreating((v) => !v)} data-testid="object-new">
            {t("objects.form.new")}
          </Button>
        )}
      </Group>
      {importing && <ImportObjects />}
      {creating && <ObjectForm onDone={(o) => navigate(`/objects/${o.id}`)} />}
      <ErrorAlert error={list.error} />
      <Text size="sm" c="dimmed">
        {t("objects.total", { count: list.data?.total ?? 0 })}
      </Text>
      {list.data?.items.length === 0 && <Text c="dimmed">{t("objects.none")}</Text>}
      <Table striped data-testid="objects-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("objects.name")}</Table.Th>
            <Table.Th>{t("objects.category")}</Table.Th>
            <Table.Th>{t("objects.owner")}</Table.Th>
            <Table.Th>{t("objects.territory")}</Table.Th>
            <Table.Th>{t("objects.passport")}</Table.Th>
            <Table.Th>{t("objects.gaps")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data?.items.map((o) => (
            <Table.Tr key={o.id} data-testid="object-row">
              <Table.Td>
                <Link to={`/objects/${o.id}`}>{i18n.language === "kk" ? o.nameKk : o.nameRu}</Link>
                {!o.listed && (
                  <Badge ml="xs" size="xs" variant="outline" color="gray">
                    {t("objects.notListed")}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{catName(o.category)}</Table.Td>
              <Table.Td>{nameOf(o.owner.names)}</Table.Td>
              <Table.Td>{nameOf(o.territory.names)}</Table.Td>
              <Table.Td>
                <PassportBadge state={o.passportState} />
              </Table.Td>
              <Table.Td>
                {o.gaps.length ? o.gaps.map((g) => t(`objects.equipment.${g}`)).join(", ") : "—"}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group>
        <Button variant="default" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - 50))}>
          ←
        </Button>
        <Button
          variant="default"
          disabled={offset + 50 >= (list.data?.total ?? 0)}
          onClick={() => setOffset(offset + 50)}
        >
          →
        </Button>
      </Group>
    </Stack>
  );
}
