/** The metrics collector runs on the publish queue (the worker dispatches by job name) as a job scheduler. */
export const COLLECT_METRICS_JOB_NAME = "collect-metrics";
export const METRICS_SCHEDULER_ID = "cadence-metrics-collector";
