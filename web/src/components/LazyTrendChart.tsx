import { lazy, Suspense } from "react";

import type { Rubric, StudentTrend } from "../api/types";
import { t } from "../i18n";
import { useCurrentRubric } from "../queries/feedback";
import { Loading } from "./feedback";

// The chart library is the biggest part of the bundle: only pages that draw a chart load it.
const TrendChart = lazy(() => import("./TrendChart").then((module) => ({ default: module.TrendChart })));

/**
 * The trend chart, its y axis over the rubric's scale: the rubric given, else the current one
 * (fetched here; if it cannot be loaded the chart is drawn over the scores instead).
 */
export function LazyTrendChart(props: { trend: StudentTrend; title: string; rubric?: Rubric }) {
  const current = useCurrentRubric();
  const rubric = props.rubric ?? current.data;
  if (!rubric && current.isPending) return <Loading label={t("chart.loading")} />;
  return (
    <Suspense fallback={<Loading label={t("chart.loading")} />}>
      <TrendChart trend={props.trend} title={props.title} rubric={rubric} />
    </Suspense>
  );
}
