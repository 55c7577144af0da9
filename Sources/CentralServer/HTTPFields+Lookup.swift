import HTTPTypes

extension HTTPFields {
    /// The first value of the field called `name` (any case), or nil: for the centre's own
    /// `X-Turnero-…` names, which have no predefined `HTTPField.Name`.
    func value(named name: String) -> String? {
        let canonical = name.lowercased()
        return first { $0.name.canonicalName == canonical }?.value
    }
}

extension HTTPField.Name {
    /// `X-Frame-Options` (not among swift-http-types' names).
    static let xFrameOptions = known("X-Frame-Options")
    /// `Referrer-Policy`.
    static let referrerPolicy = known("Referrer-Policy")

    /// A name spelled in this module's source: only a typo here could fail, and every test would.
    private static func known(_ name: StaticString) -> Self {
        guard let field = Self("\(name)") else { preconditionFailure("\(name) is not an HTTP field name") }
        return field
    }
}
