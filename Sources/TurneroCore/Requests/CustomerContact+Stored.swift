extension CustomerContact {
    /// Rebuilds a stored contact (`phone` digits or `email`); nil when neither reads.
    public init?(phone: String?, email: String?) {
        if let phone, let parsed = ColombianPhone(parsing: phone) {
            self = .phone(parsed)
        } else if let email, let parsed = EmailAddress(parsing: email) {
            self = .email(parsed)
        } else {
            return nil
        }
    }

    /// The phone's ten digits, if it is a phone.
    public var phoneDigits: String? { if case .phone(let phone) = self { phone.digits } else { nil } }
    /// The address, if it is an e-mail.
    public var emailAddress: String? { if case .email(let email) = self { email.address } else { nil } }

    /// In full, for the operator who answers the customer.
    public var formatted: String {
        switch self {
        case .phone(let phone): phone.formatted
        case .email(let email): email.address
        }
    }
}
