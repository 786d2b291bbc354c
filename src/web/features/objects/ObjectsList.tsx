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
  // Keyset pages: the `after` of each page opened so far (the first has none), so ← goes back.
  const [pages, setPages] = useState<string[]>([""]);
  const after = pages[pages.length - 1];
  const firstPage = () => setPages([""]);
  const [importing, setImporting] = useState(false);
  const [creating, setCreating] = useState(false);
  const cat = useCatalogue();
  const list = useObjects({ q, category: category ?? undefined, passport: passport ?? undefined, after });
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
            firstPage();
          }}
          w={320}
          data-testid="objects-search"
        />
        <Select
          label={t("objects.category")}
          placeholder={t("objects.anyCategory")}
          data={(cat.data?.categories ?? []).map((c) => ({ value: c.key, label: nameOf(c.names) }))}
          value={category}
          onChange={(v) => {
            setCategory(v);
            firstPage();
          }}
          clearable
          w={280}
        />
        <Select
          label={t("objects.passport")}
          placeholder={t("objects.anyPassport")}
          data={STATES.map((s) => ({ value: s, label: t(`objects.passportState.${s}`) }))}
          value={passport}
          onChange={(v) => {
            setPassport(v);
            firstPage();
          }}
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
        {list.data && !list.data.totalExact
          ? t("objects.totalAtLeast", { count: list.data.total })
          : t("objects.total", { count: list.data?.total ?? 0 })}
      </Text>
      {list.data?.items.length === 0 && <Text c="dimmed">{t("objects.none")}</Text>}
      <Table.ScrollContainer minWidth={860}>
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
      </Table.ScrollContainer>
      {/* Paging only when there is more than one page. */}
      {(pages.length > 1 || !!list.data?.next) && (
        <Group>
          <Button
            variant="default"
            disabled={pages.length === 1}
            onClick={() => setPages(pages.slice(0, -1))}
          >
            ←
          </Button>
          <Button
            variant="default"
            disabled={!list.data?.next}
            onClick={() => list.data?.next && setPages([...pages, list.data.next])}
          >
            →
          </Button>
        </Group>
      )}
    </Stack>
  );
}
