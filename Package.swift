// swift-tools-version: 6.1
// Turnero: a self-service kiosk host for customer-service offices.
// Module map and dependency rules: see docs/architecture.md.

import PackageDescription

let strictSwift: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Turnero",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "turnero", targets: ["turnero"]),
        .library(name: "TurneroCore", targets: ["TurneroCore"]),
        .library(name: "TurneroStore", targets: ["TurneroStore"]),
        .library(name: "Symbology", targets: ["Symbology"]),
        .library(name: "ESCPOS", targets: ["ESCPOS"]),
        .library(name: "PrinterEmulator", targets: ["PrinterEmulator"]),
        .executable(name: "turnero-central", targets: ["turnero-central"]),
        .library(name: "SyncProtocol", targets: ["SyncProtocol"]),
        .library(name: "SyncClient", targets: ["SyncClient"]),
        .library(name: "CentralServer", targets: ["CentralServer"]),
        .library(name: "CentralSQLite", targets: ["CentralSQLite"]),
        .library(name: "CentralPostgres", targets: ["CentralPostgres"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
    ],
    targets: [
        // Pure domain core: no I/O, no C.
        .target(name: "TurneroCore", swiftSettings: strictSwift),
        // SQLite store: migrations, queue repository, outbox.
        .target(
            name: "TurneroStore",
            dependencies: [
                "TurneroCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSwift
        ),
        // The commands behind the `turnero` executable.
        .target(
            name: "TurneroCLI",
            dependencies: [
                "TurneroCore", "TurneroStore", "ESCPOS", "PrinterEmulator", "KioskApp", "Printing", "PrinterTransport",
                "TerminalFront", "SyncClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        .executableTarget(name: "turnero", dependencies: ["TurneroCLI"], swiftSettings: strictSwift),
        // Customer screens: input decoding, pure screen state machine, layout. No I/O.
        .target(name: "TerminalFront", dependencies: ["TurneroCore"], swiftSettings: strictSwift),
        // Byte pipes to printers: TCP 9100, device files, libusb, memory. Blocking I/O off the pool.
        .target(name: "PrinterTransport", dependencies: ["CLibUSB"], swiftSettings: strictSwift),
        // libusb-1.0, imported only by PrinterTransport.
        .systemLibrary(
            name: "CLibUSB", path: "Sources/CLibUSB", pkgConfig: "libusb-1.0",
            providers: [.apt(["libusb-1.0-0-dev"])]),
        // Reliable printing: print jobs, status checks, retries, the virtual printer transport.
        .target(
            name: "Printing",
            dependencies: [
                "TurneroCore", "TurneroStore", "ESCPOS", "PrinterEmulator", "PrinterTransport", "TerminalFront", "Symbology",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        // Wires the kiosk: terminal device, event loop, backend over the store and the printer.
        .target(
            name: "KioskApp",
            dependencies: [
                "TurneroCore", "TurneroStore", "TerminalFront", "Printing",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "kiosk-bench",
            dependencies: [
                "KioskApp", "Printing", "PrinterTransport", "TerminalFront", "TurneroCore", "TurneroStore", "ESCPOS",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "turnero-bench",
            dependencies: [
                "TurneroCore", "TurneroStore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "TurneroCoreTests",
            dependencies: [
                "TurneroCore",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(name: "TerminalFrontTests", dependencies: ["TerminalFront", "TurneroCore"], swiftSettings: strictSwift),
        .testTarget(
            name: "TurneroStoreTests",
            dependencies: ["TurneroCore", "TurneroStore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "TurneroCLITests",
            dependencies: [
                "TurneroCore", "TurneroStore", "turnero", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSwift
        ),
        // Test helpers shared by the suites that drive real processes: the `turnero` binary,
        // pseudo-terminals and a screen model.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strictSwift),
        .testTarget(
            name: "PrintingTests",
            dependencies: [
                "Printing", "KioskApp", "PrinterTransport", "PrinterEmulator", "ESCPOS", "TurneroCore", "TurneroStore",
                "TestSupport", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        // The libusb path under umockdev (device descriptions and URB scripts in Fixtures/), and
        // usb-probe, the test-only program the suite runs under `umockdev-run`.
        .executableTarget(
            name: "usb-probe", dependencies: ["PrinterTransport", "ESCPOS"], path: "Tests/USBProbe",
            swiftSettings: strictSwift),
        .testTarget(
            name: "USBTests",
            dependencies: [
                "PrinterTransport", "Printing", "ESCPOS", "TurneroCore", "TestSupport", "turnero", "usb-probe",
            ],
            exclude: ["Fixtures"],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "KioskAppTests",
            dependencies: [
                "KioskApp", "TerminalFront", "TurneroCore", "TurneroStore", "turnero", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSwift
        ),
        // ESC/POS printing: C libraries at the leaves, each wrapped once in Swift.
        .systemLibrary(name: "CZint", path: "Sources/CZint", providers: [.apt(["libzint-dev"])]),
        .systemLibrary(
            name: "CQREncode", path: "Sources/CQREncode", pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]),
        .systemLibrary(
            name: "CFreeType", path: "Sources/CFreeType", pkgConfig: "freetype2",
            providers: [.apt(["libfreetype-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Barcode and QR module grids (libzint, libqrencode).
        .target(name: "Symbology", dependencies: ["CZint", "CQREncode"], swiftSettings: strictSwift),
        // Document model → ESC/POS bytes for a printer profile; profiles, status, code pages. Pure.
        .target(name: "ESCPOS", dependencies: ["Symbology"], swiftSettings: strictSwift),
        // Virtual printer: parses ESC/POS, renders PNG + transcript, answers status, TCP 9100.
        .target(
            name: "PrinterEmulator", dependencies: ["ESCPOS", "Symbology", "CFreeType", "CZlib"],
            swiftSettings: strictSwift),
        .executableTarget(name: "escpos-bench", dependencies: ["ESCPOS", "PrinterEmulator"], swiftSettings: strictSwift),
        .testTarget(
            name: "ESCPOSTests", dependencies: ["ESCPOS", "Symbology", "PrinterEmulator"], exclude: ["Golden"],
            swiftSettings: strictSwift),
        .testTarget(
            name: "PrinterEmulatorTests", dependencies: ["PrinterEmulator", "ESCPOS", "Symbology", "TestSupport"],
            swiftSettings: strictSwift),
        // Sync: wire types shared by kiosk and central, the kiosk's uploader/downloader, the
        // central server (Hummingbird) and its thin executable. See docs/sync.md.
        .target(
            name: "SyncProtocol",
            dependencies: ["CZlib", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSwift
        ),
        .target(
            name: "SyncClient",
            dependencies: [
                "SyncProtocol", "TurneroCore", "TurneroStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift
        ),
        .target(
            name: "CentralServer",
            dependencies: [
                "SyncProtocol", "TurneroCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift
        ),
        // The centre's SQLite backend (GRDB): rows in, rows out; the rules are CentralServer's.
        // Its own target keeps GRDB (and its `SQL` string literals) out of the HTTP layer.
        .target(
            name: "CentralSQLite",
            dependencies: [
                "CentralServer", "SyncProtocol", "TurneroCore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSwift
        ),
        // The centre's PostgreSQL backend, in its own target so kiosks never link postgres-nio.
        .target(
            name: "CentralPostgres",
            dependencies: [
                "CentralServer", "SyncProtocol",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift
        ),
        // Load test: 1,000 simulated kiosks against a real turnero-central (docs/performance.md).
        .executableTarget(
            name: "central-load",
            dependencies: [
                "CentralServer", "CentralSQLite", "CentralPostgres", "SyncClient", "SyncProtocol", "TurneroCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        // The centre at scale: the storage suite on SQLite and PostgreSQL, dashboard (headless
        // Chromium), call-backs, reports, heartbeats, metrics, the load test's smoke run.
        .testTarget(
            name: "CentralTests",
            dependencies: [
                "CentralServer", "CentralSQLite", "CentralPostgres", "SyncProtocol", "SyncClient", "TurneroCore", "TurneroStore",
                "TestSupport", "turnero-central", "central-load", "turnero",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "turnero-central",
            dependencies: [
                "CentralServer", "CentralSQLite", "CentralPostgres", "SyncProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "sync-bench",
            dependencies: [
                "CentralServer", "CentralSQLite", "SyncClient", "SyncProtocol", "TurneroCore", "TurneroStore",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "SyncTests",
            dependencies: [
                "SyncProtocol", "SyncClient", "CentralServer", "CentralSQLite", "TurneroCore", "TurneroStore", "TestSupport",
                "turnero", "turnero-central",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSwift
        ),
    ],
    swiftLanguageModes: [.v6]
)
