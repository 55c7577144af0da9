public import Foundation
public import SyncProtocol
import TurneroCore

/// Turns a publisher's JSON file into dataset rows.
public enum DatasetFile {
    /// `office-config`: the file must be a valid office configuration; one row keyed `office`.
    /// Other datasets: a JSON array of objects, each keyed by the string or number at `keyField`.
    ///
    /// - Parameter officeId: the office the version is published for (nil: every office). An
    ///   office configuration naming another office is refused, so a kiosk never receives the
    ///   services, counters and coupon settings of somebody else's office.
    public static func rows(name: String, json data: Data, keyField: String = "key", officeId: String? = nil) throws -> [DatasetRow] {
        if name == DatasetName.officeConfig {
            let configuration: OfficeConfiguration
            do {
                configuration = try OfficeConfiguration.load(json: data)
            } catch {
                throw CentralError(.invalidArgument, "not a valid office configuration: \(error.field): \(error.reason)")
            }
            if let officeId, configuration.officeId != officeId {
                throw CentralError(
                    .invalidArgument,
                    "this is the configuration of office '\(configuration.officeId)', not of '\(officeId)': "
                        + "publish it with --office \(configuration.officeId), or set its officeId to \(officeId)")
            }
            return [DatasetRow(key: "office", value: String(decoding: data, as: UTF8.self))]
        }
        if name == "bills" {
            // The bill cache is checked row by row here, so a bad export never reaches a kiosk.
            if case .failure(let rejection) = BillFile.parse(data) {
                throw CentralError(
                    .invalidArgument, "bills rejected: \(rejection.problems.prefix(5).map(\.description).joined(separator: "; "))")
            }
        }
        if name == DatasetName.staff { return try staffRows(data) }
        let keyField = name == "bills" ? "account" : keyField
        guard let array = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw CentralError(.invalidArgument, "expected a JSON array of objects")
        }
        var seen = Set<String>()
        return try array.enumerated().map { index, object in
            let key: String
            switch object[keyField] {
            case let text as String: key = text
            case let number as NSNumber: key = number.stringValue
            default: throw CentralError(.invalidArgument, "row \(index) has no '\(keyField)'")
            }
            guard seen.insert(key).inserted else { throw CentralError(.invalidArgument, "duplicate key '\(key.prefix(40))'") }
            let value = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            return DatasetRow(key: key, value: String(decoding: value, as: UTF8.self))
        }
    }

    /// The staff dataset: every agent valid, each PIN already hashed (a clear PIN never
    /// reaches a kiosk), ids unique.
    static func staffRows(_ data: Data) throws -> [DatasetRow] {
        let agents: [Agent]
        do {
            agents = try JSONDecoder().decode([Agent].self, from: data)
        } catch {
            throw CentralError(.invalidArgument, "expected a JSON array of agents {id, name, pinHash, active}")
        }
        var seen = Set<AgentID>()
        return try agents.enumerated().map { index, agent in
            if let problem = agent.problem { throw CentralError(.invalidArgument, "agent \(index): \(problem)") }
            guard agent.pinHash.hasPrefix("pbkdf2-sha256$"), agent.pinHash.split(separator: "$").count == 4 else {
                throw CentralError(
                    .invalidArgument, "agent \(agent.id.rawValue): pinHash must be a PBKDF2 hash (turnero-central staff hash-pin), never a PIN")
            }
            guard seen.insert(agent.id).inserted else { throw CentralError(.invalidArgument, "agent \(agent.id.rawValue) is listed twice") }
            let value = try JSONEncoder.sorted.encode(agent)
            return DatasetRow(key: agent.id.rawValue, value: String(decoding: value, as: UTF8.self))
        }
    }
}

extension JSONEncoder {
    /// Sorted keys, no escaped slashes: the same bytes for the same value.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
