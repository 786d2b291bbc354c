/** The plan indicators (R5–R13): figures entered per kind, and shown as "kind: figure" lines. */
import { NumberInput, SimpleGrid, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { indicatorKinds } from "../../domain/prevention";

export type Figures = Record<string, number>;

/** Only the figures given (above zero), as the server stores them. */
export const givenFigures = (figures: Figures): Figures =>
  Object.fromEntries(Object.entries(figures).filter(([, v]) => v > 0));

export function IndicatorInputs({
  value,
  onChange,
}: {
  value: Figures;
  onChange: (update: (old: Figures) => Figures) => void;
}) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={4}>
      {indicatorKinds.map((k) => (
        <NumberInput
          key={k}
          label={t(`indicator.${k}`)}
          min={0}
          value={value[k] ?? ""}
          onChange={(v) => onChange((old) => ({ ...old, [k]: typeof v === "number" ? v : 0 }))}
        />
      ))}
    </SimpleGrid>
  );
}

export function IndicatorValues({ figures }: { figures: Figures }) {
  const { t } = useTranslation();
  return (
    <>
      {Object.entries(figures).map(([k, v]) => (
        <Text key={k} size="xs">
          {t(`indicator.${k}`)}: {v}
        </Text>
      ))}
    </>
  );
}
