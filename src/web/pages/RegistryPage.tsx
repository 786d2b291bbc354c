/** The coordination registry: search (kk/ru, typo-tolerant), filter by kind and territory, create. */
import {
  Badge,
  Button,
  Checkbox,
  Group,
  Loader,
  Modal,
  NativeSelect,
  Pagination,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { bodyKinds } from "../../domain/bodies";
import { api, ok } from "../api/client";
import { Basis } from "../components/Basis";
import { BodyForm, emptyValues, payloadOf } from "../components/BodyForm";
import { ErrorAlert } from "../components/ErrorAlert";
import { TerritoryPicker } from "../components/TerritoryPicker";
import { nameOf } from "../format";
import { Link, navigate, useLocation } from "../router";
import { useMe } from "../session";

const PAGE = 25;

export function RegistryPage() {
  const { t } = useTranslation();
  const { search } = useLocation();
  const me = useMe().data!;
  const qc = useQueryClient();
  const [q, setQ] = useState(search.get("q") ?? "");
  const [kind, setKind] = useState(search.get("kind") ?? "");
  const [territory, setTerritory] = useState<string | null>(search.get("territory"));
  const [inactive, setInactive] = useState(false);
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [debouncedQ] = useDebouncedValue(q, 300);

  const params = {
    q: debouncedQ.trim(),
    kind: bodyKinds.find((k) => k === kind),
    territory: territory ?? undefined,
    includeInactive: inactive ? ("true" as const) : undefined,
    limit: PAGE,
    offset: (page - 1) * PAGE,
  };
  const list = useQuery({
    queryKey: ["bodies", params],
    queryFn: () => ok(api.GET("/api/bodies", { params: { query: params } })),
    placeholderData: keepPreviousData,
  });
  const total = list.data?.total ?? 0;
  const creatable = me.permissions.creatableKinds;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t("registry.title")}</Title>
        {creatable.length > 0 && (
          <Button onClick={() => setCreating(true)} data-testid="body-new">
            {t("registry.newBody")}
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed" maw={900}>
        {t("registry.intro")}
      </Text>
      <Group align="flex-end" wrap="wrap">
        <TextInput
          label={t("common.search")}
          placeholder={t("registry.searchPlaceholder")}
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            setPage(1);
          }}
          w={360}
          data-testid="registry-search"
        />
        <NativeSelect
          label={t("registry.kind")}
          value={kind}
          onChange={(e) => {
            setKind(e.currentTarget.value);
            setPage(1);
          }}
          data={[
            { value: "", label: t("common.all") },
            ...bodyKinds.map((k) => ({ value: k, label: t(`kind.${k}`) })),
          ]}
          data-testid="registry-kind"
        />
        <div style={{ width: 320 }}>
          <TerritoryPicker
            value={territory}
            onChange={(c) => {
              setTerritory(c);
              setPage(1);
            }}
            testId="registry-territory"
          />
        </div>
        <Checkbox
          label={t("registry.includeInactive")}
          checked={inactive}
          onChange={(e) => setInactive(e.currentTarget.checked)}
          mb={8}
        />
        {list.isFetching && <Loader size="sm" mb={8} />}
      </Group>
      <ErrorAlert error={list.error} />
      <Table.ScrollContainer minWidth={640}>
        <Table striped highlightOnHover data-testid="registry-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("registry.name")}</Table.Th>
              <Table.Th>{t("registry.kind")}</Table.Th>
              <Table.Th>{t("registry.territory")}</Table.Th>
              <Table.Th>{t("registry.bin")}</Table.Th>
              <Table.Th>{t("registry.basis")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data?.items.map((b) => (
              <Table.Tr key={b.id} data-testid="body-row">
                <Table.Td>
                  <Link to={`/registry/${b.id}`} data-testid="body-link">
                    {nameOf(b.names)}
                  </Link>{" "}
                  {!b.active && (
                    <Badge color="gray" size="xs">
                      {t("registry.inactive")}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  {t(`kind.${b.kind}`)}
                  {b.subtype && (
                    <Text size="xs" c="dimmed">
                      {t(`subtype.${b.subtype}`)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{nameOf(b.territoryNames)}</Table.Td>
                <Table.Td>{b.bin ?? ""}</Table.Td>
                <Table.Td>
                  <Basis ids={b.basis} label={false} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.data && total === 0 && <Text c="dimmed">{t("common.noResults")}</Text>}
      {total > 0 && (
        <Group justify="space-between">
          <Text size="sm" c="dimmed" data-testid="registry-total">
            {t("common.shown", {
              from: (page - 1) * PAGE + 1,
              to: Math.min(page * PAGE, total),
              count: total,
            })}
          </Text>
          <Pagination
            total={Math.ceil(total / PAGE)}
            value={page}
            onChange={setPage}
            size="sm"
            aria-label={t("common.pages")}
            getItemProps={(p) => ({ "aria-label": t("common.page", { page: p }) })}
            getControlProps={(control) => ({
              "aria-label": t(control === "previous" || control === "first" ? "common.prev" : "common.next"),
            })}
          />
        </Group>
      )}
      <Modal opened={creating} onClose={() => setCreating(false)} title={t("body.createTitle")} size="lg">
        {creating && (
          <BodyForm
            initial={emptyValues(creatable[0], me.grants[0]?.territoryCode ?? null)}
            creatableKinds={creatable}
            editing={false}
            onCancel={() => setCreating(false)}
            onSubmit={async (v) => {
              const created = await ok(api.POST("/api/bodies", { body: { kind: v.kind, ...payloadOf(v) } }));
              await qc.invalidateQueries({ queryKey: ["bodies"] });
              setCreating(false);
              navigate(`/registry/${created.id}`);
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}
