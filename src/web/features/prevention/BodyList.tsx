/**
 * Several bodies of the registry for a measure (co-executors; R13 partners): the chosen ones as a list,
 * each with a button that removes it, and a BodyPicker that adds the body picked.
 */
import { Badge, CloseButton, Group, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { BodyKind } from "../../../domain/bodies";
import type { PlanDetail } from "../../api/types";
import { BodyPicker } from "../../components/BodyPicker";
import { nameOf } from "../../format";

export type BodyRef = PlanDetail["measures"][number]["partners"][number];

export function BodyList({
  label,
  value,
  onChange,
  kinds,
  exclude = [],
  error,
  testId,
}: {
  label: string;
  value: BodyRef[];
  onChange: (next: BodyRef[]) => void;
  kinds?: readonly BodyKind[];
  exclude?: readonly string[];
  error?: string;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap={4} data-testid={testId}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <Group gap={4}>
        {value.length === 0 && (
          <Text size="sm" c="dimmed">
            {t("common.none")}
          </Text>
        )}
        {value.map((b) => (
          <Badge
            key={b.id}
            variant="light"
            tt="none"
            data-testid={`${testId}-chosen`}
            rightSection={
              <CloseButton
                size="xs"
                aria-label={`${t("common.remove")}: ${nameOf(b.names)}`}
                onClick={() => onChange(value.filter((x) => x.id !== b.id))}
              />
            }
          >
            {nameOf(b.names)}
          </Badge>
        ))}
      </Group>
      <BodyPicker
        label={`${t("common.add")}: ${label}`}
        value=""
        kinds={kinds}
        exclude={[...exclude, ...value.map((b) => b.id)]}
        error={error}
        limit={20}
        searchTestId={`${testId}-search`}
        testId={`${testId}-pick`}
        onChange={() => {}}
        onPick={(b) => b && onChange([...value, { id: b.id, names: b.names }])}
      />
    </Stack>
  );
}
