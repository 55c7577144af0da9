import Foundation
import TestSupport

/// Certificates a test makes with the openssl command: two CAs, and server certificates for
/// 127.0.0.1 (valid, expired, for another host, from the other CA). PEM files in `directory`.
struct TestCertificates: Sendable {
    let directory: String

    /// The openssl command (Debian's `openssl`, installed by `kiosk-scripts/setup.sh --test`).
    static var openssl: String? {
        ["/usr/bin/openssl", "/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }
    /// On CI a missing openssl fails the TLS tests instead of skipping them.
    static var enabled: Bool { openssl != nil || Environment.isCI }

    init(in directory: String) throws {
        self.directory = directory
        guard Self.openssl != nil else { throw TestFailure("openssl is not installed (kiosk-scripts/setup.sh --test installs it)") }
        for ca in ["ca", "other-ca"] {
            try run(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", path("\(ca).key"),
                "-out", path("\(ca).pem"), "-days", "30", "-subj", "/CN=Turnero test \(ca)",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        }
        try issue("server", ca: "ca", names: "IP:127.0.0.1,DNS:localhost", days: "30")
        try issue("expired", ca: "ca", names: "IP:127.0.0.1,DNS:localhost", days: "-1")
        try issue("wrong-host", ca: "ca", names: "DNS:centre.example", days: "30")
        try issue("foreign", ca: "other-ca", names: "IP:127.0.0.1,DNS:localhost", days: "30")
    }

    func path(_ name: String) -> String { directory + "/" + name }

    /// The certificate file a server presents (its chain: the certificate, then its CA).
    func chain(_ name: String) -> String { path("\(name)-chain.pem") }
    func key(_ name: String) -> String { path("\(name).key") }

    /// Base64 SHA-256 of a certificate's public key (the `--pin-sha256` format), as the
    /// documentation tells an operator to compute it.
    func pin(_ certificate: String) throws -> String {
        let base = path(certificate + ".spki")
        try run(["x509", "-in", path(certificate), "-pubkey", "-noout", "-out", base + ".pem"])
        try run(["pkey", "-pubin", "-in", base + ".pem", "-outform", "der", "-out", base + ".der"])
        try run(["dgst", "-sha256", "-binary", "-out", base + ".sha256", base + ".der"])
        return try ChildProcess.output(URL(fileURLWithPath: Self.openssl!), ["base64", "-A", "-in", base + ".sha256"])
    }

    private func issue(_ name: String, ca: String, names: String, days: String) throws {
        try run(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key(name), "-out", path("\(name).csr"),
            "-subj", "/CN=\(name)"])
        let extensions = path("\(name).ext")
        try "subjectAltName=\(names)\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n".write(toFile: extensions, atomically: true, encoding: .utf8)
        try run(["x509", "-req", "-in", path("\(name).csr"), "-CA", path("\(ca).pem"), "-CAkey", path("\(ca).key"), "-set_serial",
            String(UInt32.random(in: 1...UInt32.max)), "-out", path("\(name).pem"), "-days", days, "-extfile", extensions])
        let chain = try String(contentsOfFile: path("\(name).pem"), encoding: .utf8) + String(contentsOfFile: path("\(ca).pem"), encoding: .utf8)
        try chain.write(toFile: self.chain(name), atomically: true, encoding: .utf8)
    }

    private func run(_ arguments: [String]) throws {
        let outcome = try ChildProcess.run(URL(fileURLWithPath: Self.openssl!), arguments, timeout: 30)
        guard outcome.status == 0 else { throw TestFailure("openssl \(arguments.first ?? ""): \(outcome.stderr.suffix(500))") }
    }
}
