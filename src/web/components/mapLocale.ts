/**
 * maplibre's own control strings (the canvas's "Map" label, "Toggle attribution", zoom buttons) in the
 * page's language: pass as the Map's `locale` option, e.g. `new Map({ ..., locale: mapLocale(t) })`.
 */
import type { TFunction } from "i18next";

export function mapLocale(t: TFunction): Record<string, string> {
  return {
    "Map.Title": t("a11y.map"),
    "AttributionControl.ToggleAttribution": t("a11y.toggleAttribution"),
    "NavigationControl.ZoomIn": t("a11y.zoomIn"),
    "NavigationControl.ZoomOut": t("a11y.zoomOut"),
    "NavigationControl.ResetBearing": t("a11y.resetBearing"),
    "FullscreenControl.Enter": t("a11y.fullscreenEnter"),
    "FullscreenControl.Exit": t("a11y.fullscreenExit"),
    "Popup.Close": t("a11y.popupClose"),
    "Marker.Title": t("a11y.marker"),
    "ScaleControl.Kilometers": t("a11y.kilometers"),
    "ScaleControl.Meters": t("a11y.meters"),
  };
}
