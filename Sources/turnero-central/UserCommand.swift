import ArgumentParser
import CentralServer
import Foundation
import SyncProtocol

/// `turnero-central user …`: dashboard accounts (managers and call-back agents).
struct User: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage dashboard accounts: managers (dashboard, reports, call-backs) and agents (call-backs).",
        subcommands: [Add.self, List.self, LoginLink.self, Token.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account (or, with --replace, change its role and password).",
            discussion: """
                The password is read from standard input (one line) when --password-stdin is given; \
                otherwise a random one is generated and printed once. Passwords are stored as \
                PBKDF2-HMAC-SHA256 (600,000 rounds).
                """)
        @OptionGroup var database: DatabaseOption
        @Argument(help: "Account name (1–64 letters, digits, '-', '_' or '.').") var name: String
        @Option(help: "manager or agent.") var role: String
        @Flag(help: "Read the password from standard input.") var passwordStdin = false
        @Flag(help: "Replace an existing account's role and password (ends its sessions).") var replace = false
        @Option(help: .hidden) var pbkdf2Rounds = PasswordHash.defaultRounds

        func run() async throws {
            guard Identifier.isValid(name) else { throw ValidationError("account names are 1–64 letters, digits, '-', '_' or '.'") }
            guard let role = OperatorRole(rawValue: role) else { throw ValidationError("--role must be manager or agent") }
            let password: String
            var generated = false
            if passwordStdin {
                guard let line = readLine(strippingNewline: true), line.count >= 10, line.count <= 256 else {
                    throw ValidationError("the password must be 10–256 characters")
                }
                password = line
            } else {
                password = String(SecretTokens.make().prefix(20))
                generated = true
            }
            let hash = try PasswordHash.make(password, rounds: max(1_000, pbkdf2Rounds))
            let account = OperatorAccount(name: name, role: role, passwordHash: hash, createdAt: Date())
            let replace = replace
            let added = try await database.withStorage { storage in try await storage.addOperator(account, replace: replace) }
            guard added else { throw ValidationError("the account \(name) exists; use --replace to change it") }
            print("\(replace ? "updated" : "created") \(role.rawValue) \(name)")
            if generated { print("password: \(password)") }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts.")
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            let accounts = try await database.withStorage { storage in try await storage.operatorAccounts() }
            for account in accounts { print("\(account.name)\t\(account.role.rawValue)") }
        }
    }

    struct LoginLink: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "login-link",
            abstract: "Print a one-time sign-in link (for a wall screen or a first sign-in).")
        @OptionGroup var database: DatabaseOption
        @Argument(help: "Account name.") var name: String
        @Option(help: "The centre's address as a browser reaches it.") var baseURL = "http://127.0.0.1:8080"
        @Option(help: "Minutes the link stays valid.") var validMinutes: Double = 15
        @Option(help: "The dashboard page to land on, e.g. /dashboard/offices/med-centro.") var next: String?

        func validate() throws {
            // The server ignores anything else (no open redirect); say so here rather than there.
            if let next, !LoginLanding.isDashboardPath(next) || next.count > 300 {
                throw ValidationError("--next must be a dashboard path such as /dashboard/offices/OFFICE")
            }
        }

        func run() async throws {
            let name = name
            let token = SecretTokens.make()
            let expiry = Date().addingTimeInterval(max(1, min(validMinutes, 24 * 60)) * 60)
            try await database.withStorage { storage in
                guard try await storage.operatorAccount(name: name) != nil else { throw ValidationError("no account \(name)") }
                try await storage.addLoginLink(hash: SecretTokens.hash(token), operatorName: name, expiresAt: expiry)
            }
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~/")
            let landing = next.map { "?next=" + ($0.addingPercentEncoding(withAllowedCharacters: allowed) ?? "") } ?? ""
            print("\(baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL)/login/link/\(token)\(landing)")
        }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "API tokens for scripts calling /v1/reports (instead of a password).",
            subcommands: [Create.self, List.self, Revoke.self])

        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Create a token for an account; it is printed once (send it as Authorization: Bearer TOKEN).")
            @OptionGroup var database: DatabaseOption
            @Argument(help: "Account name.") var name: String
            @Option(help: "What the token is for (shown in lists).") var label = "script"
            @Option(help: "Days until it expires (0: never).") var expiresDays: Int = 365

            func run() async throws {
                guard (1...80).contains(label.count), !label.contains(where: \.isNewline) else {
                    throw ValidationError("--label must be 1–80 characters on one line")
                }
                guard (0...3650).contains(expiresDays) else { throw ValidationError("--expires-days must be 0–3650") }
                let (token, id) = APITokens.make()
                let now = Date()
                let record = APIToken(
                    id: id, operatorName: name, label: label, createdAt: now,
                    expiresAt: expiresDays == 0 ? nil : now.addingTimeInterval(Double(expiresDays) * 86_400))
                let name = name
                try await database.withStorage { storage in
                    guard try await storage.operatorAccount(name: name) != nil else { throw ValidationError("no account \(name)") }
                    try await storage.addAPIToken(record, hash: APITokens.hash(token))
                }
                print("created \(id) for \(name)")
                print("token: \(token)")
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List tokens (never the tokens themselves).")
            @OptionGroup var database: DatabaseOption
            @Argument(help: "Only this account's tokens.") var name: String?

            func run() async throws {
                let name = name
                let tokens = try await database.withStorage { storage in try await storage.apiTokens(operatorName: name) }
                let format = ISO8601DateFormatter()
                for token in tokens {
                    let state = token.revokedAt.map { "revoked \(format.string(from: $0))" }
                        ?? token.expiresAt.map { "expires \(format.string(from: $0))" } ?? "no expiry"
                    let used = token.lastUsedAt.map { "last used \(format.string(from: $0))" } ?? "never used"
                    print("\(token.id)\t\(token.operatorName)\t\(token.label)\t\(state)\t\(used)")
                }
            }
        }

        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Revoke a token by its id (tok_…).")
            @OptionGroup var database: DatabaseOption
            @Argument(help: "The token's id.") var id: String

            func run() async throws {
                let id = id
                let revoked = try await database.withStorage { storage in try await storage.revokeAPIToken(id: id, now: Date()) }
                guard revoked else { throw ValidationError("no live token \(id)") }
                print("revoked \(id)")
            }
        }
    }
}
