public import Prometheus

/// The centre's metrics, in its own Prometheus registry (no global bootstrap, so tests and
/// several centres in one process never mix figures), served at `GET /metrics`. Every family
/// carries `# HELP` text; labels never carry personal data or kiosk-supplied text (routes are
/// the router's path templates, never raw paths).
///
/// Each instance of the centre counts what it served: scrape every instance and sum.
public final class CentralMetrics: Sendable {
    /// The registry `GET /metrics` renders.
    public let registry: PrometheusCollectorRegistry

    static let durationBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        func gauge(_ name: String, _ help: String) -> Gauge { registry.makeGauge(descriptor: Self.named(name, help)) }
        func counter(_ name: String, _ help: String) -> Counter { registry.makeCounter(descriptor: Self.named(name, help)) }
        kiosksOnline = gauge("kiosks_online", "Enrolled kiosks heard from (upload or heartbeat) within the online window.")
        kiosksEnrolled = gauge("kiosks_enrolled", "Kiosks enrolled at the centre, revoked ones included.")
        printersNeedingAttention = gauge(
            "printers_attention", "Kiosks whose last heartbeat reported a printer needing a person (paper, cover, offline, error).")
        callbacksOpen = gauge("callbacks_open", "Detractor call-backs open (opened in the last 30 days).")
        callbacksOverdue = gauge("callbacks_overdue", "Open detractor call-backs past their deadline.")
        ingestsInFlight = gauge("ingests_in_flight", "Event batches being stored by this instance now.")
        loginFailures = counter("login_failures_total", "Failed dashboard sign-ins and refused API tokens on this instance.")
        heartbeats = counter("heartbeats_total", "Kiosk heartbeats received by this instance.")
        declaredLost = counter(
            "events_declared_lost_total", "Events kiosks declared lost after the centre was restored from an older backup.")
    }

    let kiosksOnline: Gauge
    let kiosksEnrolled: Gauge
    let printersNeedingAttention: Gauge
    let callbacksOpen: Gauge
    let callbacksOverdue: Gauge
    let ingestsInFlight: Gauge
    let loginFailures: Counter
    let heartbeats: Counter
    let declaredLost: Counter

    /// One answered request: `route` is the router's path template (`NotFound` for none).
    func request(route: String, method: String, status: Int, duration: Duration) {
        registry.makeCounter(
            descriptor: Self.named("http_requests_total", "HTTP requests answered by this instance, by route template, method and status."),
            labels: [("route", route), ("method", method), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: Self.named("http_request_duration_seconds", "Time from a request's head to its answer, by route template."),
            labels: [("route", route)], buckets: Self.durationBuckets
        ).record(duration)
    }

    /// Events of one stored batch by result.
    func events(accepted: Int, duplicates: Int, rejected: Int) {
        for (result, count) in [("accepted", accepted), ("duplicate", duplicates), ("rejected", rejected)] where count > 0 {
            registry.makeCounter(
                descriptor: Self.named(
                    "events_total", "Uploaded events by result: accepted, duplicate (a retry) or rejected (a dead letter)."),
                labels: [("result", result)]
            ).increment(by: Int64(count))
        }
    }

    /// One batch's storage transaction (`stored`, `gap` or `seq_conflict`).
    func ingest(duration: Duration, outcome: String) {
        registry.makeDurationHistogram(
            descriptor: Self.named("ingest_duration_seconds", "Time to store one batch in one transaction, by outcome."),
            labels: [("outcome", outcome)], buckets: Self.durationBuckets
        ).record(duration)
    }

    /// Events recorded as lost by a kiosk's gap declaration.
    func gapDeclared(events: Int64) { declaredLost.increment(by: events) }

    /// Connections refused (503) or evicted because the connection cap was reached.
    func connectionShed(_ how: String) {
        registry.makeCounter(
            descriptor: Self.named(
                "connections_shed_total", "Connections refused (503) or evicted (the longest waiting for a request) at the connection cap."),
            labels: [("how", how)]
        ).increment()
    }

    /// `turnero_central_<metric>` with its `# HELP` text.
    private static func named(_ metric: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "turnero", subsystem: "central", metricName: metric, unitName: "", helpText: help)
    }

    /// The Prometheus text exposition.
    func render() -> [UInt8] { registry.emitToBuffer() }
}
