import DecodingDiagnostics
public import Foundation

/// A configuration that cannot be used, naming the field and the reason.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Dotted path of the offending field (`services[2].prefix`), or `(file)`.
    public var field: String
    /// What is wrong, for a technician.
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field): \(reason)" }
}

extension OfficeConfiguration {
    /// Decodes and validates a configuration from JSON.
    ///
    /// - Throws: `ConfigurationError` naming the field at fault.
    public static func load(json data: Data) throws(ConfigurationError) -> OfficeConfiguration {
        let configuration: OfficeConfiguration
        do {
            configuration = try JSONDecoder().decode(OfficeConfiguration.self, from: data)
        } catch let error as DecodingError {
            throw ConfigurationError(decoding: error)
        } catch {
            throw ConfigurationError(field: "(file)", reason: "\(error)")
        }
        try configuration.validate()
        return configuration
    }

    /// Checks the rules JSON cannot express: unique codes, known services, positive limits.
    public func validate() throws(ConfigurationError) {
        if officeId.isEmpty || officeId.count > 64 {
            throw ConfigurationError(field: "officeId", reason: "must have 1 to 64 characters")
        }
        if ZoneInfo.timeZone(timeZone) == nil {
            throw ConfigurationError(field: "timeZone", reason: "unknown time zone '\(timeZone)'")
        }
        if services.isEmpty {
            throw ConfigurationError(field: "services", reason: "at least one service is required")
        }
        var codes = Set<ServiceCode>()
        var prefixes = Set<String>()
        for (index, service) in services.enumerated() {
            let path = "services[\(index)]"
            let code = service.code.rawValue
            if code.isEmpty || code.count > 32
                || !code.unicodeScalars.allSatisfy({ $0.isASCIIIdentifierCharacter })
            {
                throw ConfigurationError(
                    field: "\(path).code",
                    reason: "use 1 to 32 lowercase letters, digits, '-' or '_' (got '\(code)')")
            }
            if !codes.insert(service.code).inserted {
                throw ConfigurationError(field: "\(path).code", reason: "duplicate service '\(code)'")
            }
            if service.prefix.isEmpty || service.prefix.count > 3
                || !service.prefix.unicodeScalars.allSatisfy({ $0.isASCIIUppercaseLetterOrDigit })
            {
                throw ConfigurationError(
                    field: "\(path).prefix",
                    reason: "use 1 to 3 uppercase letters or digits (got '\(service.prefix)')")
            }
            if !prefixes.insert(service.prefix).inserted {
                throw ConfigurationError(
                    field: "\(path).prefix", reason: "prefix '\(service.prefix)' is already used")
            }
            if service.name.es.isEmpty {
                throw ConfigurationError(field: "\(path).name.es", reason: "must not be empty")
            }
            if let target = service.targetWaitMinutes, !(1...600).contains(target) {
                throw ConfigurationError(
                    field: "\(path).targetWaitMinutes", reason: "must be between 1 and 600")
            }
            try RequestRules.validate(service.requestTypes, field: "\(path).requestTypes")
        }
        var numbers = Set<Int>()
        for (index, counter) in counters.enumerated() {
            let path = "counters[\(index)]"
            if !(1...999).contains(counter.number) {
                throw ConfigurationError(field: "\(path).number", reason: "must be between 1 and 999")
            }
            if !numbers.insert(counter.number).inserted {
                throw ConfigurationError(
                    field: "\(path).number", reason: "duplicate counter \(counter.number)")
            }
            if counter.services.isEmpty {
                throw ConfigurationError(field: "\(path).services", reason: "serves no service")
            }
            for (serviceIndex, code) in counter.services.enumerated() where !codes.contains(code) {
                throw ConfigurationError(
                    field: "\(path).services[\(serviceIndex)]", reason: "unknown service '\(code)'")
            }
        }
        try ordering.validate()
        if !(1...20).contains(calling.maxCalls) {
            throw ConfigurationError(field: "calling.maxCalls", reason: "must be between 1 and 20")
        }
        if !(0...1440).contains(calling.reactivationMinutes) {
            throw ConfigurationError(
                field: "calling.reactivationMinutes", reason: "must be between 0 and 1440")
        }
        if !(1...9).contains(rating.detractorMaxScore) {
            throw ConfigurationError(field: "rating.detractorMaxScore", reason: "must be between 1 and 9")
        }
        if !(1...365).contains(rating.contactRetentionDays) {
            throw ConfigurationError(field: "rating.contactRetentionDays", reason: "must be between 1 and 365")
        }
        if let controller = rating.contactController, controller.isEmpty || controller.count > 60 {
            throw ConfigurationError(field: "rating.contactController", reason: "must be 1–60 characters")
        }
        if !(1...720).contains(rating.callbackHours) {
            throw ConfigurationError(field: "rating.callbackHours", reason: "must be between 1 and 720")
        }
        try staff.validate()
        try requests.validate()
        _ = try printer.parsedConnection()
        try coupons.validate()
        try mobileTicket.validate()
        try announcements.validate()
        if printer.profile.isEmpty {
            throw ConfigurationError(field: "printer.profile", reason: "must name a profile from devices/")
        }
        if !(1...600).contains(serviceLevelMinutes) {
            throw ConfigurationError(field: "serviceLevelMinutes", reason: "must be between 1 and 600")
        }
    }
}

extension ConfigurationError {
    /// Turns a `DecodingError` into the field path and a plain reason.
    init(decoding error: DecodingError) {
        let diagnosis = DecodingDiagnosis(error)
        self.init(field: diagnosis.field, reason: diagnosis.reason)
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIIIdentifierCharacter: Bool {
        ("a"..."z").contains(self) || ("0"..."9").contains(self) || self == "-" || self == "_"
    }

    fileprivate var isASCIIUppercaseLetterOrDigit: Bool {
        ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }
}
