import Foundation
import Metrics
public import Prometheus

/// The centre's metrics, recorded through swift-metrics into its own Prometheus registry
/// (no global bootstrap, so tests and several centres in one process never mix figures) and
/// served at `GET /metrics`. Labels never carry personal data or kiosk-supplied text.
public final class CentralMetrics: Sendable {
    /// The registry `GET /metrics` renders.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
        ]
        self.factory = factory
        kiosksOnline = Metrics.Gauge(label: "turnero_central_kiosks_online", factory: factory)
        kiosksEnrolled = Metrics.Gauge(label: "turnero_central_kiosks_enrolled", factory: factory)
        printersNeedingAttention = Metrics.Gauge(label: "turnero_central_printers_attention", factory: factory)
        callbacksOpen = Metrics.Gauge(label: "turnero_central_callbacks_open", factory: factory)
        callbacksOverdue = Metrics.Gauge(label: "turnero_central_callbacks_overdue", factory: factory)
        ingestsInFlight = Metrics.Meter(label: "turnero_central_ingests_in_flight", factory: factory)
        loginFailures = Metrics.Counter(label: "turnero_central_login_failures_total", factory: factory)
    }

    /// Gauges refreshed when the board is read or `/metrics` is scraped.
    let kiosksOnline: Metrics.Gauge
    let kiosksEnrolled: Metrics.Gauge
    let printersNeedingAttention: Metrics.Gauge
    let callbacksOpen: Metrics.Gauge
    let callbacksOverdue: Metrics.Gauge
    let ingestsInFlight: Metrics.Meter
    let loginFailures: Metrics.Counter

    /// One answered request: `route` is a fixed route name, never the raw path.
    func request(route: String, status: Int, seconds: Double) {
        Metrics.Counter(
            label: "turnero_central_http_requests_total", dimensions: [("route", route), ("status", String(status))],
            factory: factory
        ).increment()
        Metrics.Timer(label: "turnero_central_http_request_duration_seconds", dimensions: [("route", route)], factory: factory)
            .recordNanoseconds(Int64(max(0, seconds) * 1e9))
    }

    /// Events of one stored batch by result.
    func events(accepted: Int, duplicates: Int, rejected: Int) {
        for (result, count) in [("accepted", accepted), ("duplicate", duplicates), ("rejected", rejected)] where count > 0 {
            Metrics.Counter(label: "turnero_central_events_total", dimensions: [("result", result)], factory: factory)
                .increment(by: count)
        }
    }

    /// One batch's storage transaction.
    func ingest(seconds: Double, outcome: String) {
        Metrics.Timer(label: "turnero_central_ingest_duration_seconds", dimensions: [("outcome", outcome)], factory: factory)
            .recordNanoseconds(Int64(max(0, seconds) * 1e9))
    }

    /// Heartbeats received.
    func heartbeat() {
        Metrics.Counter(label: "turnero_central_heartbeats_total", factory: factory).increment()
    }

    /// Events recorded as lost by a kiosk's gap declaration (a restore from an older backup).
    func gapDeclared(events: Int64) {
        Metrics.Counter(label: "turnero_central_events_declared_lost_total", factory: factory).increment(by: Int(events))
    }

    /// Connections refused (503) or evicted because the connection cap was reached.
    func connectionShed(_ how: String) {
        Metrics.Counter(label: "turnero_central_connections_shed_total", dimensions: [("how", how)], factory: factory).increment()
    }

    /// The Prometheus text exposition.
    func render() -> [UInt8] { registry.emitToBuffer() }
}
