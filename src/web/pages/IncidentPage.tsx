/** One incident report: what, where, routing, full history, and the triage actions the server offers. */
import {
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  Checkbox,
  Group,
  Loader,
  Modal,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { closeReasons, type TriageAction } from "../../domain/incidents";
import { type OperationGoal, operationGoals } from "../../domain/operations";
import { ApiError, api, ok } from "../api/client";
import type { IncidentDetail } from "../api/types";
import { IncidentFiles } from "../components/Attachments";
import { Basis } from "../components/Basis";
import { BoundaryMap } from "../components/BoundaryMap";
import { ErrorAlert } from "../components/ErrorAlert";
import { Field } from "../components/Field";
import { PersonName } from "../components/PersonName";
import { useRegions } from "../components/useRegions";
import { OperationLink } from "../features/incidents/OperationLink";
import { PoliceReferral } from "../features/incidents/PoliceReferral";
import { RecordPlaceMap } from "../features/map/RecordPlaceMap";
import { NamedObject } from "../features/objects/ObjectLinks";
import { formatDateTime, nameOf } from "../format";
import { Link, navigate } from "../router";
import { useMe } from "../session";

/** The reasons a person may give (a duplicate is closed by merging). */
type CloseReason = (typeof closeReasons)[number];

function DeclareOperation({ incident, onDone }: { incident: IncidentDetail; onDone: (id: string) => void }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState(
    `${t(`incidentType.${incident.type}`)} — ${nameOf(incident.territoryNames)}`,
  );
  const [goals, setGoals] = useState<OperationGoal[]>(["suppress_act", "ensure_safety"]);
  const [area, setArea] = useState<[number, number][]>([]);
  const regions = useRegions();
  const [error, setError] = useState<unknown>(null);
  return (
    <Stack>
      <ErrorAlert error={error} />
      <TextInput
        label={t("operations.name")}
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
        data-testid="operation-name"
      />
      <Checkbox.Group
        label={t("operations.goals")}
        value={goals}
        onChange={(v) => setGoals(operationGoals.filter((g) => v.includes(g)))}
      >
        <Stack gap={4} mt={4}>
          {operationGoals.map((g) => (
            <Checkbox key={g} value={g} label={t(`goal.${g}`)} />
          ))}
        </Stack>
      </Checkbox.Group>
      <Text size="sm">
        {t("operations.zone")}: {nameOf(incident.territoryNames)}
      </Text>
      <Text size="sm">{t("operations.drawArea")}</Text>
      {regions.data && (
        <BoundaryMap
          regions={regions.data}
          height={260}
          testId="zone-map"
          area={area}
          points={area.map(([lon, lat], k) => ({ lon, lat, id: String(k) }))}
          onPick={(lon, lat) =>
            setArea((a) => [...a, [Math.round(lon * 1e5) / 1e5, Math.round(lat * 1e5) / 1e5]])
          }
        />
      )}
      <Group gap="xs">
        <Text size="xs" c="dimmed" data-testid="zone-corners">
          {t("operations.areaPoints", { count: area.length })}
        </Text>
        {area.length > 0 && (
          <Button size="compact-xs" variant="subtle" onClick={() => setArea([])}>
            {t("operations.clearArea")}
          </Button>
        )}
      </Group>
      <Group justify="flex-end">
        <Button
          color="red"
          data-testid="operation-declare-confirm"
          onClick={() =>
            ok(
              api.POST("/api/operations", {
                body: {
                  title,
                  goals,
                  zoneTerritories: [incident.territoryCode],
                  zoneArea: area.length >= 3 ? { type: "Polygon", coordinates: [[...area, area[0]]] } : null,
                  incidentIds: [incident.id],
                },
              }),
            ).then((o) => onDone(o.id), setError)
          }
        >
          {t("operations.declare")}
        </Button>
      </Group>
    </Stack>
  );
}

/** Link the report to an operation the user's HQ commands. */
function LinkToOperation({ incidentId, onDone }: { incidentId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const me = useMe().data!;
  const mine = new Set(me.grants.filter((g) => g.role === "hq_officer").map((g) => g.bodyId));
  const ops = useQuery({
    queryKey: ["operations", "active"],
    queryFn: () => ok(api.GET("/api/operations", { params: { query: { status: "active", limit: 100 } } })),
  });
  const [opId, setOpId] = useState("");
  const [error, setError] = useState<unknown>(null);
  const options = (ops.data?.items ?? []).filter((o) => mine.has(o.commandingHq.id));
  if (options.length === 0) return null;
  return (
    <Group align="flex-end">
      <NativeSelect
        label={t("operations.linkTo")}
        value={opId}
        onChange={(e) => setOpId(e.currentTarget.value)}
        data={[
          { value: "", label: "—" },
          ...options.map((o) => ({ value: o.id, label: `${o.number} · ${o.title}` })),
        ]}
        data-testid="incident-link-operation"
      />
      <Button
        variant="light"
        disabled={!opId}
        onClick={() =>
          ok(
            api.POST("/api/operations/{id}/incidents", {
              params: { path: { id: opId } },
              body: { incidentId },
            }),
          ).then(onDone, setError)
        }
      >
        {t("operations.link")}
      </Button>
      <ErrorAlert error={error} />
    </Group>
  );
}

export function IncidentPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ["incident", id],
    queryFn: () => ok(api.GET("/api/incidents/{id}", { params: { path: { id } } })),
    refetchInterval: 10_000,
  });
  const [comment, setComment] = useState("");
  const [reason, setReason] = useState<CloseReason>("no_signs_of_terrorism");
  const [handedOverTo, setHandedOverTo] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [declaring, setDeclaring] = useState(false);
  const me = useMe().data!;

  if (q.isPending) return <Loader />;
  if (q.error) return <ErrorAlert error={q.error} />;
  const i = q.data;

  const act = async (action: TriageAction) => {
    setError(null);
    try {
      const updated = await ok(
        api.POST("/api/incidents/{id}/actions", {
          params: { path: { id } },
          body: {
            action,
            version: i.version,
            comment,
            ...(action === "close" ? { reason } : {}),
            ...(action === "hand_over" ? { handedOverTo } : {}),
          },
        }),
      );
      qc.setQueryData(["incident", id], updated);
      void qc.invalidateQueries({ queryKey: ["incidents"] });
      setComment("");
    } catch (e) {
      setError(e);
      if (
        e instanceof ApiError &&
        (e.body.code === "version_conflict" || e.body.code === "invalid_transition")
      )
        void q.refetch();
    }
  };

  return (
    <Stack maw={1000}>
      <Anchor component={Link} to="/response" size="sm">
        ← {t("response.board")}
      </Anchor>
      <Group>
        <Title order={2} data-testid="incident-title">
          {t("response.number")} {i.regNumber}
        </Title>
        <Badge size="lg" data-testid="incident-status" data-status={i.status}>
          {t(`incidentStatus.${i.status}`)}
        </Badge>
      </Group>
      <Basis ids={i.basis} />
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
          <Field label={t("response.type")} value={t(`incidentType.${i.type}`)} />
          <Field label={t("response.occurredAt")} value={formatDateTime(i.occurredAt)} />
          <Field label={t("response.received")} value={formatDateTime(i.receivedAt)} />
          <Field
            label={t("response.place")}
            value={`${nameOf(i.territoryNames)}${i.offshore ? ` · ${t("response.offshoreBadge")}` : ""}`}
          />
          <Field label={t("response.address")} value={i.address} />
          <Field label={t("response.casualties")} value={i.casualties ?? ""} />
          <Field label={t("response.reporter")} value={nameOf(i.reporterBody.names)} />
          <Field label={t("response.hq")} value={nameOf(i.hq.names)} />
          {i.closeReason && <Field label={t("response.reason")} value={t(`closeReason.${i.closeReason}`)} />}
          {i.handedOverTo && <Field label={t("response.handedOverTo")} value={i.handedOverTo} />}
          <OperationLink operationId={i.operationId} />
        </SimpleGrid>
        <Box mt="md">
          <Field label={t("response.description")} value={i.description} />
        </Box>
        {/* The vulnerable object the report names — sent only to those who may see it (Law art. 10-1–10-3). */}
        <NamedObject object={i.object} />
        {(!i.offshore || i.lat !== null) && (
          <RecordPlaceMap
            territoryCode={i.territoryCode}
            lon={i.lon}
            lat={i.lat}
            id={i.id}
            testId="incident-map"
          />
        )}
      </Card>
      <IncidentFiles incidentId={i.id} />
      {me.grants.some((g) => g.role === "hq_officer") && i.status !== "closed" && !i.mergedIntoId && (
        // Consequences (R20–R21): the HQ activates the consequence plans for this report.
        <Button
          component={Link}
          to={`/consequences?tab=activations&incident=${i.id}`}
          variant="light"
          w="fit-content"
          data-testid="incident-activate-plans"
        >
          {t("consequences.activation.new")}
        </Button>
      )}
      {i.nextActions.length > 0 && (
        <Card withBorder>
          <Stack>
            <ErrorAlert error={error} testId="incident-error" />
            <TextInput
              label={t("response.comment")}
              value={comment}
              onChange={(e) => setComment(e.currentTarget.value)}
              data-testid="incident-comment"
            />
            {i.nextActions.includes("close") && (
              <NativeSelect
                label={t("response.reason")}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value as CloseReason)}
                data={closeReasons.map((r) => ({ value: r, label: t(`closeReason.${r}`) }))}
                data-testid="incident-reason"
              />
            )}
            {i.nextActions.includes("hand_over") && (
              <TextInput
                label={t("response.handedOverTo")}
                value={handedOverTo}
                onChange={(e) => setHandedOverTo(e.currentTarget.value)}
              />
            )}
            <Group>
              {me.grants.some((g) => g.role === "hq_officer") &&
                (i.status === "acknowledged" || i.status === "assessing") && (
                  <Button color="red" onClick={() => setDeclaring(true)} data-testid="operation-declare">
                    {t("operations.declare")}
                  </Button>
                )}
              {i.nextActions.map((a) => (
                <Button
                  key={a}
                  onClick={() => act(a)}
                  data-testid={`incident-action-${a}`}
                  variant={a === "acknowledge" ? "filled" : "light"}
                >
                  {t(`triageAction.${a}`)}
                </Button>
              ))}
            </Group>
          </Stack>
        </Card>
      )}
      {/* Closed as a knowingly false report (Criminal Code art. 273): referral to the police. */}
      <PoliceReferral incidentId={i.id} status={i.status} closeReason={i.closeReason} />
      {i.mergedIntoId && (
        <Text>
          {t("response.mergedInto")} <Link to={`/response/${i.mergedIntoId}`}>{t("common.details")}</Link>
        </Text>
      )}
      {i.possibleDuplicates.length > 0 && (
        <Card withBorder data-testid="duplicates">
          <Title order={4}>{t("response.duplicates")}</Title>
          <Table>
            <Table.Tbody>
              {i.possibleDuplicates.map((d) => (
                <Table.Tr key={d.id} data-testid="duplicate-row">
                  <Table.Td>
                    <Link to={`/response/${d.id}`}>{d.regNumber}</Link>
                  </Table.Td>
                  <Table.Td>{t(`incidentType.${d.type}`)}</Table.Td>
                  <Table.Td>{formatDateTime(d.receivedAt)}</Table.Td>
                  <Table.Td>{t("response.similarity", { percent: Math.round(d.similarity * 100) })}</Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-xs"
                      variant="light"
                      data-testid="duplicate-merge"
                      onClick={() =>
                        ok(
                          api.POST("/api/incidents/{id}/merge", {
                            params: { path: { id } },
                            body: { duplicateId: d.id, version: i.version, comment },
                          }),
                        ).then((u) => {
                          qc.setQueryData(["incident", id], u);
                          void qc.invalidateQueries({ queryKey: ["incidents"] });
                        }, setError)
                      }
                    >
                      {t("response.mergeHere")}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
      {i.merged.length > 0 && (
        <Card withBorder data-testid="merged">
          <Title order={4}>{t("response.merged")}</Title>
          {i.merged.map((m) => (
            <Text key={m.id} size="sm">
              <Link to={`/response/${m.id}`}>{m.regNumber}</Link> — {m.description}
            </Text>
          ))}
        </Card>
      )}
      {me.grants.some((g) => g.role === "hq_officer") &&
        (i.status === "acknowledged" || i.status === "assessing") && (
          <LinkToOperation
            incidentId={i.id}
            onDone={() => {
              void q.refetch();
              void qc.invalidateQueries({ queryKey: ["operations"] });
            }}
          />
        )}
      <Modal opened={declaring} onClose={() => setDeclaring(false)} title={t("operations.declare")} size="lg">
        {declaring && <DeclareOperation incident={i} onDone={(opId) => navigate(`/operations/${opId}`)} />}
      </Modal>
      <Title order={3}>{t("response.history")}</Title>
      <Table data-testid="incident-history">
        <Table.Tbody>
          {i.history.map((h) => (
            <Table.Tr key={h.id} data-testid="incident-event">
              <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDateTime(h.at)}</Table.Td>
              <Table.Td>
                <PersonName person={h.actor} storedName={h.actorName} />
              </Table.Td>
              <Table.Td>{t(`incidentAction.${h.action}`)}</Table.Td>
              <Table.Td>{h.comment}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
