import ArgumentParser
import CentralServer
import DecodingDiagnostics
import Foundation
import TurneroCore

/// The centre's settings file (`serve --settings FILE`): the detractor procedure, the
/// monthly quality report's indicator targets (`quality.targets`) and the audits' sample size
/// and checklist (`quality.audits`, form F189's items by default).
struct CentralSettings: Decodable {
    var callbacks: CallbackPolicy
    var qualityTargets: IndicatorTargets
    var auditChecklist: AuditChecklist

    private enum CodingKeys: String, CodingKey { case callbacks, quality }
    private struct Quality: Decodable {
        var targets: IndicatorTargets?
        var audits: AuditChecklist?
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        callbacks = try c.decodeIfPresent(CallbackPolicy.self, forKey: .callbacks) ?? CallbackPolicy()
        let quality = try c.decodeIfPresent(Quality.self, forKey: .quality)
        qualityTargets = quality?.targets ?? IndicatorTargets()
        auditChecklist = quality?.audits ?? AuditChecklist()
    }

    /// Reads and checks the file; a clear message names what is wrong.
    static func load(path: String) throws -> CentralSettings {
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read the settings file \(path)") }
        let settings: CentralSettings
        do {
            settings = try JSONDecoder().decode(CentralSettings.self, from: data)
        } catch let error as DecodingError {
            throw ValidationError("\(path) is not valid settings: \(DecodingDiagnosis(error))")
        } catch {
            throw ValidationError("\(path) is not valid JSON")
        }
        if let problem = settings.callbacks.problem { throw ValidationError("\(path): \(problem)") }
        if let problem = settings.qualityTargets.problem { throw ValidationError("\(path): quality.targets: \(problem)") }
        if let problem = settings.auditChecklist.problem { throw ValidationError("\(path): quality.\(problem)") }
        return settings
    }
}
