/** The audit log for auditors: filter by person, record and time; before/after of each change. */
import {
  Alert,
  Button,
  Code,
  Group,
  Loader,
  Pagination,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ok } from "../api/client";
import type { Answer } from "../api/types";
import { DateField } from "../components/DateField";
import { ErrorAlert } from "../components/ErrorAlert";
import { PersonName, usePersonLabel } from "../components/PersonName";
import { almatyInputToIso, formatDateTime } from "../format";
import { Link, useLocation } from "../router";
import { useMe } from "../session";

const PAGE = 50;

export function AuditPage() {
  const { t } = useTranslation();
  const { search } = useLocation();
  const me = useMe();
  // The log is for the roles that may read it (the menu shows it to them only); others, by its address,
  // get the reason rather than an empty table under a refusal.
  const allowed = me.data?.permissions.audit === true;
  const [form, setForm] = useState({
    actor: "",
    entityType: "",
    entityId: search.get("entityId") ?? "",
    from: "",
    to: "",
  });
  const [filters, setFilters] = useState(form);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<number | null>(null);
  const params = {
    actor: filters.actor,
    entityType: filters.entityType,
    entityId: filters.entityId,
    from: almatyInputToIso(filters.from),
    to: almatyInputToIso(filters.to),
    limit: PAGE,
    offset: (page - 1) * PAGE,
  };
  const q = useQuery({
    queryKey: ["audit", params],
    queryFn: () => ok(api.GET("/api/audit", { params: { query: params } })),
    placeholderData: keepPreviousData,
    enabled: allowed,
  });
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setForm({ ...form, [k]: e.currentTarget.value });
  const actionLabel = (a: string) => t(`auditAction.${a}`, { defaultValue: a });

  if (me.data && !allowed)
    return (
      <Stack>
        <Title order={2}>{t("audit.title")}</Title>
        <Alert color="red" role="alert" data-testid="audit-forbidden">
          {t("audit.forbidden")}
        </Alert>
      </Stack>
    );

  return (
    <Stack>
      <Title order={2}>{t("audit.title")}</Title>
      <Text size="sm" c="dimmed">
        {t("audit.intro")}
      </Text>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(form);
          setPage(1);
        }}
      >
        <SimpleGrid cols={{ base: 1, sm: 3, lg: 6 }} style={{ alignItems: "end" }}>
          <TextInput
            label={t("audit.actor")}
            value={form.actor}
            onChange={set("actor")}
            data-testid="audit-actor"
          />
          <TextInput label={t("audit.entityType")} value={form.entityType} onChange={set("entityType")} />
          <TextInput
            label={t("audit.entityId")}
            value={form.entityId}
            onChange={set("entityId")}
            data-testid="audit-entity"
          />
          <DateField
            withTime
            label={t("audit.from")}
            value={form.from}
            onChange={(v) => setForm((f) => ({ ...f, from: v }))}
          />
          <DateField
            withTime
            label={t("audit.to")}
            value={form.to}
            onChange={(v) => setForm((f) => ({ ...f, to: v }))}
          />
          <Group>
            <Button type="submit" data-testid="audit-filter">
              {t("common.filter")}
            </Button>
            {q.isFetching && <Loader size="sm" />}
          </Group>
        </SimpleGrid>
      </form>
      <ErrorAlert error={q.error} />
      <Table striped data-testid="audit-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("audit.time")}</Table.Th>
            <Table.Th>{t("audit.actor")}</Table.Th>
            <Table.Th>{t("audit.action")}</Table.Th>
            <Table.Th>{t("audit.record")}</Table.Th>
            <Table.Th>{t("audit.outcome")}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {q.data?.items.map((e) => (
            <Fragment key={e.id}>
              <Table.Tr data-testid="audit-row" data-action={e.action} data-entity={e.entityId}>
                <Table.Td>{formatDateTime(e.at)}</Table.Td>
                <Table.Td>
                  {/* a scheduled job (deadline control, escalation, retention) writes under its own
                      name, which is also its request id: shown as the system, in the reader's language */}
                  <PersonName
                    person={e.actor}
                    storedName={!e.actor && e.requestId === e.actorName ? "system" : e.actorName}
                  />
                </Table.Td>
                <Table.Td>{actionLabel(e.action)}</Table.Td>
                <Table.Td>
                  <AuditRecord e={e} />
                </Table.Td>
                <Table.Td>{t(`outcome.${e.outcome}`, { defaultValue: e.outcome })}</Table.Td>
                <Table.Td>
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    onClick={() => setOpen(open === e.id ? null : e.id)}
                  >
                    {t("common.details")}
                  </Button>
                </Table.Td>
              </Table.Tr>
              {open === e.id && (
                <Table.Tr>
                  <Table.Td colSpan={6}>
                    <SimpleGrid cols={{ base: 1, sm: 2 }}>
                      <div>
                        <Text size="xs" c="dimmed">
                          {t("audit.before")}
                        </Text>
                        <Code block>{JSON.stringify(e.before, null, 2)}</Code>
                      </div>
                      <div>
                        <Text size="xs" c="dimmed">
                          {t("audit.after")}
                        </Text>
                        <Code block>{JSON.stringify(e.after, null, 2)}</Code>
                      </div>
                    </SimpleGrid>
                  </Table.Td>
                </Table.Tr>
              )}
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
      {q.data && q.data.total === 0 && <Text c="dimmed">{t("common.noResults")}</Text>}
      {q.data && q.data.total > PAGE && (
        <Pagination total={Math.ceil(q.data.total / PAGE)} value={page} onChange={setPage} size="sm" />
      )}
    </Stack>
  );
}

/**
 * The record an entry is about: its kind in the reader's language, the person for an account, and
 * a link to the record's page when it has one (src/domain/audit-links.ts).
 */
function AuditRecord({ e }: { e: Answer<"/api/audit", "get">["items"][number] }) {
  const { t } = useTranslation();
  const person = usePersonLabel();
  const kind = t(`audit.entity.${e.entityType}`, { defaultValue: e.entityType });
  const what = e.subject ? `${kind}: ${person(e.subject, "")}` : kind;
  return (
    <Stack gap={0}>
      {e.link ? (
        <Link to={e.link} data-testid="audit-record-link" title={t("audit.openRecord")}>
          {what}
        </Link>
      ) : (
        <Text size="sm">{what}</Text>
      )}
      {e.entityId && !e.subject && (
        <Text size="xs" c="dimmed" style={{ wordBreak: "break-all" }}>
          {e.entityId}
        </Text>
      )}
    </Stack>
  );
}
