/** One counter-terrorist operation (R17–R19): command, forces, log, end and referral. */
import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  Modal,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type Bbox, bboxAround, bboxOf } from "../../../domain/geo";
import { ApiError, api, ok } from "../../api/client";
import type { OperationDetail } from "../../api/types";
import { Basis } from "../../components/Basis";
import { BoundaryMap } from "../../components/BoundaryMap";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Field } from "../../components/Field";
import { useFormError } from "../../components/useFormError";
import { useRegions } from "../../components/useRegions";
import { formatDateTime, nameOf } from "../../format";
import { Link } from "../../router";
import { useOperation, useOperationChanged } from "./api";
import { EndOperation } from "./EndOperation";
import { ForceForm } from "./ForceForm";
import { ForcesTable } from "./ForcesTable";
import { OperationLog } from "./OperationLog";
import { OperationReferral } from "./OperationReferral";
import { OperationSummary } from "./OperationSummary";

/**
 * The drawn zone with a margin of its surroundings (at least 2 km each way): a city block's square is
 * invisible on the whole country.
 */
function zoneFocus(area: NonNullable<OperationDetail["zoneArea"]>): Bbox {
  const [w, s, e, n] = bboxOf(area);
  const [aw, as, ae, an] = bboxAround((w + e) / 2, (s + n) / 2, 2);
  return [Math.min(w, aw), Math.min(s, as), Math.max(e, ae), Math.max(n, an)];
}

export function OperationPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const q = useOperation(id);
  const changed = useOperationChanged(id);
  const { setError, fieldError, formError } = useFormError();
  const [adding, setAdding] = useState(false);
  const [ending, setEnding] = useState(false);
  const regions = useRegions();

  if (q.isPending) return <Loader />;
  if (q.error) return <ErrorAlert error={q.error} />;
  const op = q.data;
  const can = (a: OperationDetail["allowedActions"][number]) => op.allowedActions.includes(a);
  const set = (o: OperationDetail) => {
    changed(o);
    setError(null);
  };
  /** A step's answer in place; a refusal shown, and the operation re-read when someone else changed it. */
  const run = (p: Promise<OperationDetail>) =>
    p.then(set, (e) => {
      setError(e);
      if (e instanceof ApiError && e.body.code === "version_conflict") void q.refetch();
    });

  return (
    <Stack maw={1100}>
      <Anchor component={Link} to="/response" size="sm">
        ← {t("response.board")}
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2} data-testid="operation-title">
            {op.number} · {op.title}
          </Title>
          <Group gap="xs">
            <Badge color={op.status === "active" ? "red" : "gray"} data-testid="operation-status">
              {op.status === "active" ? t("operations.statusActive") : t("operations.statusEnded")}
            </Badge>
            {op.goals.map((g) => (
              <Badge key={g} variant="light">
                {t(`goal.${g}`)}
              </Badge>
            ))}
          </Group>
        </div>
        <Group>
          {can("take_over") && (
            <Button
              color="orange"
              onClick={() =>
                run(
                  ok(
                    api.POST("/api/operations/{id}/take-over", {
                      params: { path: { id } },
                      body: { version: op.version },
                    }),
                  ),
                )
              }
              data-testid="operation-take-over"
            >
              {t("operations.takeOver")}
            </Button>
          )}
          {can("command") && op.status === "active" && (
            // Consequences (R20–R21): the commanding HQ activates the consequence plans for this operation.
            <Button
              component={Link}
              to={`/consequences?tab=activations&operation=${op.id}`}
              variant="light"
              data-testid="operation-activate-plans"
            >
              {t("consequences.activation.new")}
            </Button>
          )}
          {can("end") && (
            <Button color="gray" onClick={() => setEnding(true)} data-testid="operation-end">
              {t("operations.end")}
            </Button>
          )}
        </Group>
      </Group>
      <Basis ids={op.basis} />
      <ErrorAlert error={formError} testId="operation-error" />
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
          <Field
            label={t("operations.commandingHq")}
            value={<span data-testid="operation-hq">{nameOf(op.commandingHq.names)}</span>}
          />
          <Field label={t("operations.regimeStartedAt")} value={formatDateTime(op.regimeStartedAt)} />
          <Field label={t("operations.endedAt")} value={op.endedAt ? formatDateTime(op.endedAt) : ""} />
          <Field label={t("operations.zone")} value={op.zone.map((z) => nameOf(z.names)).join(", ")} />
          <Field
            label={t("operations.chain")}
            value={op.commandChain
              .map((c) => `${formatDateTime(c.since)} — ${nameOf(c.hq.names)}`)
              .join("\n")}
          />
          <Field
            label={t("operations.incidents")}
            value={
              <Group gap={4}>
                {op.incidents.map((i) => (
                  <Link key={i.id} to={`/response/${i.id}`}>
                    {i.regNumber}
                  </Link>
                ))}
              </Group>
            }
          />
        </SimpleGrid>
      </Card>

      {op.zoneArea && regions.data && (
        <BoundaryMap
          regions={regions.data}
          height={280}
          testId="operation-zone-map"
          area={op.zoneArea.coordinates[0].slice(0, -1).map((p): [number, number] => [p[0], p[1]])}
          focus={zoneFocus(op.zoneArea)}
        />
      )}
      <Group justify="space-between">
        <Title order={3}>{t("operations.forces")}</Title>
        {can("command") && (
          <Button size="xs" onClick={() => setAdding(true)} data-testid="force-add">
            {t("operations.addForce")}
          </Button>
        )}
      </Group>
      {op.forces.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="forces-none">
          {t("operations.forcesNone")}
        </Text>
      ) : (
        <ForcesTable forces={op.forces} run={run} />
      )}

      <OperationLog op={op} canWrite={can("write_log")} run={run} />

      {op.status === "ended" && <OperationSummary op={op} />}
      {(op.referral || can("refer")) && <OperationReferral op={op} run={run} fieldError={fieldError} />}

      <Modal opened={adding} onClose={() => setAdding(false)} title={t("operations.addForce")} size="lg">
        {adding && (
          <ForceForm
            op={op}
            onDone={(o) => {
              set(o);
              setAdding(false);
            }}
          />
        )}
      </Modal>
      <EndOperation
        opened={ending}
        onClose={() => setEnding(false)}
        onEnd={(outcome, lessons) => {
          setEnding(false);
          void run(
            ok(
              api.POST("/api/operations/{id}/end", {
                params: { path: { id } },
                body: { version: op.version, outcome, lessons },
              }),
            ),
          );
        }}
      />
    </Stack>
  );
}
