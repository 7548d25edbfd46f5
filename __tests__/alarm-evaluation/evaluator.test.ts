import { evaluateAlarm, statistic } from "../../alarm-evaluation/alarm-evaluator";
import type { AlarmDefinition } from "../../alarm-evaluation/alarm-definition";
import { datapointsFromEmf, InvalidEmfError } from "../../alarm-evaluation/emf";
import { evaluateMetricMath, parseMetricMath, UnsupportedMetricMathError } from "../../alarm-evaluation/metric-math";
import { MetricStore } from "../../alarm-evaluation/metric-store";

const values: Record<string, number | undefined> = { requests: 20, failures: undefined, zero: 0 };
const evaluate = (expression: string) => evaluateMetricMath(parseMetricMath(expression), (id) => values[id]);

describe("metric math", () => {
  it("treats a missing operand as missing, FILL as its default, and IF by its condition", () => {
    expect(evaluate("100 * failures / requests")).toBeUndefined();
    expect(evaluate("100 * FILL(failures, 0) / requests")).toBe(0);
    expect(evaluate("IF(requests >= 10, 1, 2)")).toBe(1);
    expect(evaluate("IF(requests >= 30, 1, 2)")).toBe(2);
    expect(evaluate("requests / zero")).toBeUndefined();
    expect(evaluate("-(2 + 3) * 2 > 9 OR 1")).toBe(1);
  });

  it("refuses, by name, what it does not model instead of misjudging it", () => {
    expect(() => evaluate("ANOMALY_DETECTION_BAND(requests)")).toThrow(new UnsupportedMetricMathError("metric math function ANOMALY_DETECTION_BAND is not modelled by this evaluator"));
    expect(() => parseMetricMath("requests +")).toThrow(UnsupportedMetricMathError);
  });
});

describe("statistics", () => {
  it("takes percentiles by nearest rank and leaves an empty period missing", () => {
    expect(statistic("p95", Array.from({ length: 100 }, (_, index) => index + 1))).toBe(95);
    expect(statistic("Sum", [])).toBeUndefined();
  });
});

describe("EMF", () => {
  it("gives one datapoint per metric and dimension set, at the given time and resolution", () => {
    const line = JSON.stringify({
      _aws: { Timestamp: 1, CloudWatchMetrics: [{ Namespace: "N", Dimensions: [["service"], ["service", "version"]], Metrics: [{ Name: "Requests", StorageResolution: 1 }] }] },
      service: "s",
      version: "7",
      Requests: 1,
    });

    expect(datapointsFromEmf(line, 5000)).toEqual([
      { namespace: "N", metricName: "Requests", dimensions: { service: "s" }, timestampMs: 5000, value: 1, highResolution: true },
      { namespace: "N", metricName: "Requests", dimensions: { service: "s", version: "7" }, timestampMs: 5000, value: 1, highResolution: true },
    ]);
    expect(datapointsFromEmf('{"level":"INFO","message":"request served"}')).toEqual([]);
  });

  it("refuses a document whose dimension has no value, naming it", () => {
    const line = JSON.stringify({ _aws: { Timestamp: 1, CloudWatchMetrics: [{ Namespace: "N", Dimensions: [["version"]], Metrics: [{ Name: "Requests" }] }] }, Requests: 1 });

    expect(() => datapointsFromEmf(line)).toThrow(InvalidEmfError);
    expect(() => datapointsFromEmf(line)).toThrow(/dimension "version"/);
  });
});

describe("evaluateAlarm", () => {
  const alarm: AlarmDefinition = {
    address: "test",
    alarmName: "errors",
    comparisonOperator: "GreaterThanThreshold",
    threshold: 0,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    treatMissingData: "notBreaching",
    queries: [{ id: "metric", returnData: true, metric: { namespace: "N", metricName: "Errors", dimensions: {}, stat: "Sum", periodSeconds: 10 } }],
  };
  const add = (store: MetricStore, second: number) => store.add({ namespace: "N", metricName: "Errors", dimensions: {}, timestampMs: second * 1000, value: 1, highResolution: true });

  it("fires when 2 of the last 3 periods breach, at the end of the second, and recovers on quiet periods", () => {
    const store = new MetricStore();
    add(store, 12);
    add(store, 25);

    const timeline = evaluateAlarm(alarm, store, 0, 70_000);

    expect(timeline.firstAlarmAtMs).toBe(30_000);
    expect(timeline.evaluations.map((evaluation) => evaluation.state)).toEqual(["OK", "OK", "OK", "ALARM", "ALARM", "OK", "OK", "OK"]);
  });

  it("does not fire on one breaching period of three", () => {
    const store = new MetricStore();
    add(store, 12);

    expect(evaluateAlarm(alarm, store, 0, 70_000).firstAlarmAtMs).toBeUndefined();
  });

  it("files a standard-resolution datapoint in its minute, as CloudWatch stores it", () => {
    const store = new MetricStore();
    store.add({ namespace: "N", metricName: "Errors", dimensions: {}, timestampMs: 42_000, value: 1, highResolution: false });

    expect(store.values({ namespace: "N", metricName: "Errors", dimensions: {} }, 0, 10_000)).toEqual([1]);
    expect(store.values({ namespace: "N", metricName: "Errors", dimensions: {} }, 40_000, 50_000)).toEqual([]);
  });
});
