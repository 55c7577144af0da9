public import CentralServer
public import Foundation
import GRDB
public import TurneroCore

// Escalations (issue 16): kept beside their events at ingest, closed at the office or here.
extension SQLiteCentralStorage {
    static func migrateEscalations(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE escalations (
                escalation_id TEXT PRIMARY KEY NOT NULL,
                kiosk_id TEXT NOT NULL,
                office_id TEXT NOT NULL,
                turn_id TEXT NOT NULL,
                label TEXT NOT NULL,
                service TEXT NOT NULL,
                area TEXT NOT NULL,
                types TEXT NOT NULL,
                agent TEXT,
                opened_at INTEGER NOT NULL,
                opened_day TEXT NOT NULL,
                due TEXT NOT NULL,
                contact_given INTEGER NOT NULL,
                closed_at INTEGER,
                answer TEXT,
                closed_by TEXT
            );
            CREATE INDEX escalations_open ON escalations (office_id, due) WHERE closed_at IS NULL;
            """)
    }

    static func apply(escalation fact: DerivedFact, _ db: Database, _ kioskId: String) throws {
        switch fact {
        case .escalationOpened(let opening):
            try db.cachedStatement(sql: """
                INSERT INTO escalations (escalation_id, kiosk_id, office_id, turn_id, label, service, area, types, agent, opened_at,
                    opened_day, due, contact_given)
                VALUES (?, ?, COALESCE((SELECT office_id FROM kiosks WHERE kiosk_id = ?), ''), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """).execute(arguments: [
                    opening.id, kioskId, kioskId, opening.turnId, opening.label, opening.service, opening.area,
                    opening.types.joined(separator: ","), opening.agent, opening.openedAt.milliseconds, opening.openedDay, opening.due,
                    opening.contactGiven,
                ])
        case .escalationClosed(let id, let answer, let at):
            try db.cachedStatement(sql: """
                UPDATE escalations SET closed_at = ?, answer = ?, closed_by = 'kiosk' WHERE escalation_id = ? AND kiosk_id = ? AND closed_at IS NULL
                """).execute(arguments: [at.milliseconds, answer, id, kioskId])
        default:
            break
        }
    }

    public func escalations(officeId: String?, openOnly: Bool, limit: Int) async throws -> [EscalationRecord] {
        try await pool.read { db in
            var conditions: [String] = []
            var arguments: [any DatabaseValueConvertible] = []
            if let officeId {
                conditions.append("office_id = ?")
                arguments.append(officeId)
            }
            if openOnly { conditions.append("closed_at IS NULL") }
            arguments.append(max(1, min(limit, 10_000)))
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            return try Row.fetchAll(db, sql: """
                SELECT escalation_id, kiosk_id, office_id, turn_id, label, service, area, types, agent, opened_at, opened_day, due,
                    contact_given, closed_at, answer, closed_by, contact_phone, contact_email, worked_by
                FROM escalations \(filter)
                ORDER BY closed_at IS NOT NULL, CASE WHEN closed_at IS NULL THEN due END, closed_at DESC LIMIT ?
                """, arguments: StatementArguments(arguments)).map { row in
                let types: String = row[7]
                let opening = EscalationOpening(
                    id: row[0], turnId: row[3], label: row[4], service: row[5], area: row[6],
                    types: types.split(separator: ",").map(String.init), agent: row[8], openedAt: Date(milliseconds: row[9]),
                    openedDay: row[10], due: row[11], contactGiven: row[12])
                return EscalationRecord(
                    opening: opening, kioskId: row[1], officeId: row[2], closedAt: (row[13] as Int64?).map(Date.init(milliseconds:)),
                    answer: row[14], closedBy: row[15], contact: CustomerContact(phone: row[16], email: row[17]), workedBy: row[18])
            }
        }
    }

    public func closeEscalation(id: String, answer: String, operatorName: String, now: Date) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE escalations SET closed_at = ?, answer = ?, closed_by = ? WHERE escalation_id = ? AND closed_at IS NULL",
                arguments: [now.milliseconds, answer, operatorName, id])
            return db.changesCount > 0
        }
    }
}

// Quality audits (issue 16): an auditor's checklist per sampled attention.
extension SQLiteCentralStorage {
    static func migrateAudits(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE audits (
                audit_id TEXT PRIMARY KEY NOT NULL,
                office_id TEXT NOT NULL,
                month TEXT NOT NULL,
                agent TEXT NOT NULL,
                turn_id TEXT NOT NULL,
                label TEXT NOT NULL,
                service TEXT NOT NULL,
                answers TEXT NOT NULL,
                auditor TEXT NOT NULL,
                recorded_at INTEGER NOT NULL,
                UNIQUE (month, turn_id)
            );
            CREATE INDEX audits_by_office ON audits (office_id, month);
            """)
    }

    public func recordAudit(_ audit: AuditRecord, officeId: String) async throws {
        let answers = String(decoding: try JSONEncoder.sortedAudit.encode(audit.answers), as: UTF8.self)
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO audits (audit_id, office_id, month, agent, turn_id, label, service, answers, auditor, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (month, turn_id) DO UPDATE SET audit_id = excluded.audit_id, answers = excluded.answers,
                    auditor = excluded.auditor, recorded_at = excluded.recorded_at
                """, arguments: [
                    audit.id.uuidString, officeId, audit.month.rawValue, audit.agent.rawValue, audit.turn.id.uuidString, audit.turn.label,
                    audit.turn.service.rawValue, answers, audit.auditor, audit.recordedAt.milliseconds,
                ])
        }
    }

    public func audits(officeId: String?, month: String) async throws -> [AuditRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT audit_id, month, agent, turn_id, label, service, answers, auditor, recorded_at FROM audits
                WHERE month = ? AND (? IS NULL OR office_id = ?) ORDER BY recorded_at
                """, arguments: [month, officeId, officeId]).compactMap { row in
                AuditRecord.stored(
                    id: row[0], month: row[1], agent: row[2], turn: row[3], label: row[4], service: row[5], answers: row[6],
                    auditor: row[7], recordedAt: Date(milliseconds: row[8]))
            }
        }
    }
}
