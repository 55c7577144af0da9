import CentralServer
import Foundation
import Testing

/// The PostgreSQL half of every backend-parameterised suite runs only where a server is
/// configured. Where none is, this test is reported as skipped with the reason, so a run that
/// left PostgreSQL out says so instead of passing quietly; on CI (`CI` set) it is never
/// skipped, and fails when no server URL was exported.
@Suite("PostgreSQL backend")
struct PostgresAvailabilityTests {
    @Test(
        "a PostgreSQL server is configured and takes the centre's schema",
        .enabled(
            if: Environment.postgresEnabled,
            """
            PostgreSQL cases SKIPPED: TURNERO_TEST_POSTGRES_URL is not set, so every storage, \
            dashboard and load test ran on SQLite only. Start a server with \
            `eval "$(kiosk-scripts/postgres-test.sh start)"` (kiosk-scripts/test.sh does).
            """))
    func postgresIsConfigured() async throws {
        try await withTestStorage(.postgres) { storage in
            let events = try await storage.storage.storedEvents(kioskId: "nobody")
            #expect(events.isEmpty)
        }
    }
}
