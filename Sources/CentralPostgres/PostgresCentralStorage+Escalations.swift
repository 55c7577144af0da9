public import CentralServer
public import Foundation
import Logging
import PostgresNIO
public import TurneroCore

// Escalations on PostgreSQL (as SQLiteCentralStorage+Escalations.swift).
extension PostgresCentralStorage {
    static let escalationSchema = [
        """
        CREATE TABLE escalations (
            escalation_id TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL, office_id TEXT NOT NULL, turn_id TEXT NOT NULL,
            label TEXT NOT NULL, service TEXT NOT NULL, area TEXT NOT NULL, types TEXT NOT NULL, agent TEXT,
            opened_at BIGINT NOT NULL, opened_day TEXT NOT NULL, due TEXT NOT NULL, contact_given BOOLEAN NOT NULL,
            closed_at BIGINT, answer TEXT, closed_by TEXT)
        """,
        "CREATE INDEX escalations_open ON escalations (office_id, due) WHERE closed_at IS NULL",
    ]

    func apply(escalation fact: DerivedFact, _ connection: PostgresConnection, _ kioskId: String) async throws {
        switch fact {
        case .escalationOpened(let o):
            try await connection.query("""
                INSERT INTO escalations (escalation_id, kiosk_id, office_id, turn_id, label, service, area, types, agent, opened_at,
                    opened_day, due, contact_given)
                VALUES (\(o.id), \(kioskId), COALESCE((SELECT office_id FROM kiosks WHERE kiosk_id = \(kioskId)), ''), \(o.turnId),
                    \(Self.storable(o.label)), \(Self.storable(o.service)), \(Self.storable(o.area)),
                    \(Self.storable(o.types.joined(separator: ","))), \(o.agent), \(o.openedAt.milliseconds), \(o.openedDay), \(o.due),
                    \(o.contactGiven))
                ON CONFLICT DO NOTHING
                """, logger: logger)
        case .escalationClosed(let id, let answer, let at):
            try await connection.query("""
                UPDATE escalations SET closed_at = \(at.milliseconds), answer = \(Self.storable(answer)), closed_by = 'kiosk'
                WHERE escalation_id = \(id) AND kiosk_id = \(kioskId) AND closed_at IS NULL
                """, logger: logger)
        default:
            break
        }
    }

    public func escalations(officeId: String?, openOnly: Bool, limit: Int) async throws -> [EscalationRecord] {
        let query: PostgresQuery = """
            SELECT escalation_id, kiosk_id, office_id, turn_id, label, service, area, types, agent, opened_at, opened_day, due,
                contact_given, closed_at, answer, closed_by, contact_phone, contact_email, worked_by
            FROM escalations
            WHERE (\(officeId)::text IS NULL OR office_id = \(officeId)) AND (NOT \(openOnly) OR closed_at IS NULL)
            ORDER BY (closed_at IS NOT NULL), CASE WHEN closed_at IS NULL THEN due END, closed_at DESC
            LIMIT \(Int64(max(1, min(limit, 10_000))))
            """
        return try await rows(query).map { row in
            let cells = row.makeRandomAccess()
            func text(_ index: Int) throws -> String { try cells[index].decode(String.self) }
            let opening = EscalationOpening(
                id: try text(0), turnId: try text(3), label: try text(4), service: try text(5), area: try text(6),
                types: try text(7).split(separator: ",").map(String.init), agent: try cells[8].decode(String?.self),
                openedAt: Date(milliseconds: try cells[9].decode(Int64.self)), openedDay: try text(10), due: try text(11),
                contactGiven: try cells[12].decode(Bool.self))
            return EscalationRecord(
                opening: opening, kioskId: try text(1), officeId: try text(2),
                closedAt: try cells[13].decode(Int64?.self).map(Date.init(milliseconds:)), answer: try cells[14].decode(String?.self),
                closedBy: try cells[15].decode(String?.self),
                contact: CustomerContact(phone: try cells[16].decode(String?.self), email: try cells[17].decode(String?.self)),
                workedBy: try cells[18].decode(String?.self))
        }
    }

    public func closeEscalation(id: String, answer: String, operatorName: String, now: Date) async throws -> Bool {
        let closed = try await rows("""
            UPDATE escalations SET closed_at = \(now.milliseconds), answer = \(Self.storable(answer)), closed_by = \(operatorName)
            WHERE escalation_id = \(id) AND closed_at IS NULL RETURNING escalation_id
            """)
        return !closed.isEmpty
    }
}

// Quality audits on PostgreSQL (as SQLiteCentralStorage's).
extension PostgresCentralStorage {
    static let auditSchema = [
        """
        CREATE TABLE audits (
            audit_id TEXT PRIMARY KEY, office_id TEXT NOT NULL, month TEXT NOT NULL, agent TEXT NOT NULL, turn_id TEXT NOT NULL,
            label TEXT NOT NULL, service TEXT NOT NULL, answers TEXT NOT NULL, auditor TEXT NOT NULL, recorded_at BIGINT NOT NULL,
            UNIQUE (month, turn_id))
        """,
        "CREATE INDEX audits_by_office ON audits (office_id, month)",
    ]

    public func recordAudit(_ audit: AuditRecord, officeId: String) async throws {
        let answers = String(decoding: try JSONEncoder.sortedAudit.encode(audit.answers), as: UTF8.self)
        _ = try await rows("""
            INSERT INTO audits (audit_id, office_id, month, agent, turn_id, label, service, answers, auditor, recorded_at)
            VALUES (\(audit.id.uuidString), \(officeId), \(audit.month.rawValue), \(audit.agent.rawValue), \(audit.turn.id.uuidString),
                \(Self.storable(audit.turn.label)), \(Self.storable(audit.turn.service.rawValue)), \(answers),
                \(Self.storable(audit.auditor)), \(audit.recordedAt.milliseconds))
            ON CONFLICT (month, turn_id) DO UPDATE SET audit_id = excluded.audit_id, answers = excluded.answers,
                auditor = excluded.auditor, recorded_at = excluded.recorded_at
            """)
    }

    public func audits(officeId: String?, month: String) async throws -> [AuditRecord] {
        try await rows("""
            SELECT audit_id, month, agent, turn_id, label, service, answers, auditor, recorded_at FROM audits
            WHERE month = \(month) AND (\(officeId)::text IS NULL OR office_id = \(officeId)) ORDER BY recorded_at
            """).compactMap { row in
            let cells = row.makeRandomAccess()
            func text(_ index: Int) throws -> String { try cells[index].decode(String.self) }
            return AuditRecord.stored(
                id: try text(0), month: try text(1), agent: try text(2), turn: try text(3), label: try text(4), service: try text(5),
                answers: try text(6), auditor: try text(7), recordedAt: Date(milliseconds: try cells[8].decode(Int64.self)))
        }
    }
}
