/**
 * The report form's point on the map (R16): the map zooms to the chosen territory and outlines its
 * boundary; a click sets the point. A point outside the territory's shipped boundary (with the tolerance
 * of src/domain/geo.ts) is warned about and must be confirmed — the server refuses it otherwise
 * (field pointOutsideConfirmed). Offshore reports are not judged (the shelf has no boundary).
 */
import { Alert, Button, Checkbox, Group, Stack, Text } from "@mantine/core";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { type Bbox, type PolygonGeometry, pointNearGeometry } from "../../../domain/geo";
import { BoundaryMap } from "../../components/BoundaryMap";
import { useRegions } from "../../components/useRegions";
import { nameOf } from "../../format";
import { useTerritoryPlace } from "./usePlace";

export type PickedPoint = { lat: number; lon: number };

type Props = {
  territoryCode: string | null;
  offshore: boolean;
  point: PickedPoint | null;
  onPoint: (p: PickedPoint | null) => void;
  /** The reporter confirmed a point outside the territory. */
  confirmed: boolean;
  onConfirm: (v: boolean) => void;
  /** The server's message for the field pointOutsideConfirmed, if it refused. */
  error?: string;
  height?: number;
};

/** Is the point outside the territory's boundary? null when it cannot be judged (yet). */
export function pointOutside(
  point: PickedPoint | null,
  boundary: { geometry: unknown } | null | undefined,
  offshore: boolean,
): boolean | null {
  if (!point || !boundary || offshore) return null;
  return !pointNearGeometry(boundary.geometry as PolygonGeometry, point.lon, point.lat);
}

export function PlacePicker({
  territoryCode,
  offshore,
  point,
  onPoint,
  confirmed,
  onConfirm,
  error,
  height = 240,
}: Props) {
  const { t } = useTranslation();
  const regions = useRegions();
  const place = useTerritoryPlace(offshore ? null : territoryCode);
  const boundary = territoryCode && !offshore ? place.data?.boundary : null;
  const outside = pointOutside(point, boundary, offshore);
  // A new point or place: a confirmation given for another one does not carry over.
  const pointKey = point ? `${point.lon},${point.lat}` : "";
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the point or place changes
  useEffect(() => {
    onConfirm(false);
  }, [pointKey, territoryCode, offshore]);

  return (
    <Stack gap={4} data-testid="place-picker">
      <Group justify="space-between" gap="xs">
        <Text size="sm">
          {point
            ? t("response.pointSet", { lat: point.lat.toFixed(4), lon: point.lon.toFixed(4) })
            : t("response.point")}
        </Text>
        {point && (
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={() => onPoint(null)}
            data-testid="report-point-clear"
          >
            {t("map.clearPoint")}
          </Button>
        )}
      </Group>
      {regions.data && (
        <BoundaryMap
          regions={regions.data}
          height={height}
          testId="report-map"
          focus={territoryCode && !offshore ? ((place.data?.bbox as Bbox | null | undefined) ?? null) : null}
          outline={boundary?.geometry ?? null}
          points={point ? [{ ...point, id: "new" }] : []}
          onPick={(lon, lat) =>
            onPoint({ lon: Math.round(lon * 1e5) / 1e5, lat: Math.round(lat * 1e5) / 1e5 })
          }
        />
      )}
      {outside && boundary && (
        <Alert color="orange" data-testid="report-point-outside" p="xs">
          <Text size="sm">{t("map.pointOutside", { place: nameOf(boundary.names) })}</Text>
          <Checkbox
            mt={6}
            label={t("map.confirmPoint")}
            checked={confirmed}
            onChange={(e) => onConfirm(e.currentTarget.checked)}
            error={error}
            data-testid="report-point-confirm"
          />
        </Alert>
      )}
      {!outside && error && (
        <Text size="sm" c="red">
          {error}
        </Text>
      )}
    </Stack>
  );
}
