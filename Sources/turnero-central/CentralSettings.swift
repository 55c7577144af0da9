import ArgumentParser
import CentralServer
import DecodingDiagnostics
import Foundation
import TurneroCore

/// The centre's settings file (`serve --settings FILE`): the detractor procedure and the
/// monthly quality report's indicator targets (`quality.targets`).
struct CentralSettings: Decodable {
    var callbacks: CallbackPolicy
    var qualityTargets: IndicatorTargets

    private enum CodingKeys: String, CodingKey { case callbacks, quality }
    private struct Quality: Decodable { var targets: IndicatorTargets? }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        callbacks = try c.decodeIfPresent(CallbackPolicy.self, forKey: .callbacks) ?? CallbackPolicy()
        qualityTargets = try c.decodeIfPresent(Quality.self, forKey: .quality)?.targets ?? IndicatorTargets()
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
        return settings
    }
}
