/**
 * A record's place on a small map: the reported point (or, without one, the settlement's gazetteer
 * point, marked approximate) inside the outline of its territory, zoomed to that territory; the whole
 * country when nothing narrower is known.
 */
import { Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Bbox } from "../../../domain/geo";
import { BoundaryMap } from "../../components/BoundaryMap";
import { useRegions } from "../../components/useRegions";
import { useTerritoryPlace } from "./usePlace";

type Props = {
  territoryCode: string;
  lon: number | null;
  lat: number | null;
  id: string;
  height?: number;
  testId?: string;
};

export function RecordPlaceMap({ territoryCode, lon, lat, id, height = 260, testId = "record-map" }: Props) {
  const { t } = useTranslation();
  const regions = useRegions();
  const place = useTerritoryPlace(territoryCode);
  const own = lon !== null && lat !== null;
  const at = own
    ? { lon, lat }
    : place.data?.point
      ? { lon: place.data.point[0], lat: place.data.point[1] }
      : null;
  if (!regions.data) return null;
  return (
    <div>
      <BoundaryMap
        regions={regions.data}
        height={height}
        testId={testId}
        focus={(place.data?.bbox as Bbox | null | undefined) ?? null}
        outline={place.data?.boundary?.geometry ?? null}
        points={at ? [{ lon: at.lon as number, lat: at.lat as number, id }] : []}
      />
      <Text size="xs" c="dimmed" mt={2}>
        {at
          ? own
            ? t("map.reportedPoint", {
                lat: (at.lat as number).toFixed(4),
                lon: (at.lon as number).toFixed(4),
              })
            : t("map.approximatePoint")
          : t("map.noPoint")}
      </Text>
    </div>
  );
}
