public import Foundation

/// The independent decoder: zxing-cpp (PyPI `zxing-cpp`) through Tests/Support/decode_barcodes.py,
/// reading a printed picture the way a bank's scanner would. Installed by
/// kiosk-scripts/setup.sh --test.
public enum BarcodeDecoder {
    public struct Symbol: Sendable, Hashable, Decodable, CustomStringConvertible {
        /// ISO symbology identifier: `]C1` is GS1-128, `]C0` plain Code 128, `]Q1` QR.
        public var symbologyIdentifier: String
        /// Text with GS1 application identifiers in parentheses.
        public var text: String
        public var description: String { "\(symbologyIdentifier) \(text)" }
    }

    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    static let script = TurneroProcess.repositoryRoot.appendingPathComponent("Tests/Support/decode_barcodes.py")

    /// Every symbol zxing-cpp finds in the picture.
    public static func decode(_ png: URL) throws -> [Symbol] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, png.path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let symbols = try? JSONDecoder().decode([Symbol].self, from: data) else {
            throw Unavailable(
                description: "zxing-cpp could not decode \(png.lastPathComponent) (kiosk-scripts/setup.sh --test installs it): "
                    + String(decoding: data, as: UTF8.self))
        }
        return symbols
    }
}
