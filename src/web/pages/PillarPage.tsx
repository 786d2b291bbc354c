/** Honest placeholders for the areas still to come: what will be here and on which legal basis. */
import { Alert, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Basis } from "../components/Basis";

export function PillarPage({ pillar, basis }: { pillar: string; basis: string[] }) {
  const { t } = useTranslation();
  return (
    <Stack maw={800}>
      <Title order={2}>{t(`pillar.${pillar}.title`)}</Title>
      <Basis ids={basis} />
      <Alert variant="light" title={t("pillar.comingSoon")} data-testid="pillar-placeholder">
        <Text size="sm">{t(`pillar.${pillar}.body`)}</Text>
      </Alert>
    </Stack>
  );
}
