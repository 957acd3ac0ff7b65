import { lazy, Suspense } from "react";

import type { StudentTrend } from "../api/types";
import { t } from "../i18n";
import { Loading } from "./feedback";

// The chart library is the biggest part of the bundle: only pages that draw a chart load it.
const TrendChart = lazy(() => import("./TrendChart").then((module) => ({ default: module.TrendChart })));

export function LazyTrendChart(props: { trend: StudentTrend; title: string }) {
  return (
    <Suspense fallback={<Loading label={t("chart.loading")} />}>
      <TrendChart {...props} />
    </Suspense>
  );
}
