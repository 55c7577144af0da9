// swift-tools-version: 6.1
// Turnero: a self-service kiosk host for customer-service offices.
//
// Targets are listed by layer, lowest first; a target depends only on its own layer or lower
// ones. docs/architecture.md draws this graph (generated from this file by
// kiosk-scripts/architecture.sh, checked by kiosk-scripts/test.sh) and states the rules.
//
// Linux only: the kiosk talks to printers, terminals and files through Glibc (libusb, termios,
// inotify, poll), so there is no Apple platform to declare; `PrinterTransport` refuses to
// build anywhere else.

import PackageDescription

let strictSwift: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Turnero",
    products: [
        // Programs.
        .executable(name: "turnero", targets: ["turnero"]),
        .executable(name: "turnero-central", targets: ["turnero-central"]),
        // Libraries, kiosk side, by layer.
        .library(name: "TurneroCore", targets: ["TurneroCore"]),
        .library(name: "Symbology", targets: ["Symbology"]),
        .library(name: "ESCPOS", targets: ["ESCPOS"]),
        .library(name: "SyncProtocol", targets: ["SyncProtocol"]),
        .library(name: "TurneroStore", targets: ["TurneroStore"]),
        .library(name: "PrinterEmulator", targets: ["PrinterEmulator"]),
        .library(name: "SyncClient", targets: ["SyncClient"]),
        // Libraries, centre side.
        .library(name: "CentralServer", targets: ["CentralServer"]),
        .library(name: "CentralSQLite", targets: ["CentralSQLite"]),
        .library(name: "CentralPostgres", targets: ["CentralPostgres"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // MARK: Layer 1 — C libraries at the leaves, each wrapped once in Swift

        // libusb-1.0, imported only by PrinterTransport.
        .systemLibrary(
            name: "CLibUSB", path: "Sources/CLibUSB", pkgConfig: "libusb-1.0",
            providers: [.apt(["libusb-1.0-0-dev"])]),
        .systemLibrary(name: "CZint", path: "Sources/CZint", providers: [.apt(["libzint-dev"])]),
        .systemLibrary(
            name: "CQREncode", path: "Sources/CQREncode", pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]),
        .systemLibrary(
            name: "CFreeType", path: "Sources/CFreeType", pkgConfig: "freetype2",
            providers: [.apt(["libfreetype-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // MARK: Layer 2 — Foundations: no domain, used across the layers above

        // DecodingError → the field path and a plain reason, for every JSON file Turnero reads.
        .target(name: "DecodingDiagnostics", swiftSettings: strictSwift),
        // The one way to run blocking work (a serial executor off the cooperative pool) and to
        // wait on files (inotify).
        .target(name: "SystemIO", swiftSettings: strictSwift),

        // MARK: Layer 3 — Pure core: values, rules and state machines, no I/O

        // Domain values and pure state machines: queue, ordering, KPIs, coupons, rate limits.
        .target(name: "TurneroCore", dependencies: ["DecodingDiagnostics"], swiftSettings: strictSwift),
        // Barcode and QR module grids (libzint, libqrencode).
        .target(name: "Symbology", dependencies: ["CZint", "CQREncode"], swiftSettings: strictSwift),
        // Document model → ESC/POS bytes for a printer profile; profiles, status, code pages.
        .target(name: "ESCPOS", dependencies: ["Symbology", "DecodingDiagnostics"], swiftSettings: strictSwift),
        // Versioned wire types shared by kiosk and centre. See docs/sync.md.
        .target(
            name: "SyncProtocol",
            dependencies: [
                "CZlib", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strictSwift
        ),
        // Customer screens: input decoding, pure screen state machines, layout, i18n.
        .target(name: "TerminalFront", dependencies: ["TurneroCore"], swiftSettings: strictSwift),

        // MARK: Layer 4 — I/O libraries: storage, printers, sync

        // SQLite store: migrations, queue repository, outbox, change notifications.
        .target(
            name: "TurneroStore",
            dependencies: [
                "TurneroCore", "SystemIO",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API for the queue's hot statements (SQLiteCall), the library GRDB links.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSwift
        ),
        // Byte pipes to printers: TCP 9100, device files, libusb, memory.
        .target(name: "PrinterTransport", dependencies: ["CLibUSB", "SystemIO"], swiftSettings: strictSwift),
        // Virtual printer: parses ESC/POS, renders PNG + transcript, answers status, TCP 9100.
        .target(
            name: "PrinterEmulator", dependencies: ["ESCPOS", "Symbology", "CFreeType", "CZlib"],
            swiftSettings: strictSwift),
        // Reliable printing: print jobs, status checks, retries, the printer watcher.
        .target(
            name: "Printing",
            dependencies: [
                "TurneroCore", "TurneroStore", "ESCPOS", "PrinterTransport", "Symbology",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        // The emulator as a printer transport (the `virtual` connection), wired by the executable
        // so the kiosk libraries never link the emulator.
        .target(
            name: "EmulatorTransport", dependencies: ["PrinterEmulator", "PrinterTransport", "ESCPOS", "SystemIO"],
            swiftSettings: strictSwift),
        // The kiosk's outbox uploader, dataset downloader and heartbeat.
        .target(
            name: "SyncClient",
            dependencies: [
                "SyncProtocol", "TurneroCore", "TurneroStore", "SystemIO",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift
        ),

        // MARK: Layer 5 — Applications: services wired together

        // The kiosk, board and rating screen as ServiceGroups: terminal runner, printer watcher,
        // sync, heartbeat, database watches.
        .target(
            name: "KioskApp",
            dependencies: [
                "TurneroCore", "TurneroStore", "TerminalFront", "Printing", "PrinterTransport", "SyncClient",
                "SyncProtocol", "SystemIO",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift
        ),
        // The centre: a Hummingbird application (sync endpoints, datasets, dashboard, reports).
        .target(
            name: "CentralServer",
            dependencies: [
                "DecodingDiagnostics", "SyncProtocol", "TurneroCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
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
                "CentralServer", "SyncProtocol", "TurneroCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift
        ),

        // MARK: Layer 6 — Executables: parse options, read configuration, run an application

        // The commands of `turnero` (kiosk, board, counter, printer, sync, db …).
        .target(
            name: "TurneroCLI",
            dependencies: [
                "KioskApp", "Printing", "PrinterTransport", "EmulatorTransport", "PrinterEmulator", "ESCPOS",
                "SyncClient", "SyncProtocol", "TurneroCore", "TurneroStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "turnero",
            dependencies: ["TurneroCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strictSwift,
            // Release: relative relocations packed (DT_RELR, glibc 2.36+, lld), so the loader no
            // longer reads megabytes of relocation records at start; and no export of every
            // symbol, which the toolchain asks for when the Swift runtime is linked statically
            // (as the Debian package links it) and which kept 3.6 MB of symbol tables resident,
            // searched on every symbol lookup. Together 6 MB less in each kiosk, board and
            // counter process (issue 15, docs/performance.md).
            linkerSettings: [
                .unsafeFlags(
                    ["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker", "--no-export-dynamic"],
                    .when(configuration: .release))
            ]),
        .executableTarget(
            name: "turnero-central",
            dependencies: [
                "CentralServer", "CentralSQLite", "CentralPostgres", "DecodingDiagnostics", "SyncProtocol", "TurneroCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSwift
        ),
        // Benchmarks and the load test (figures in docs/performance.md).
        .executableTarget(
            name: "turnero-bench",
            dependencies: ["TurneroCore", "TurneroStore", .product(name: "GRDB", package: "GRDB.swift")],
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
        .executableTarget(name: "escpos-bench", dependencies: ["ESCPOS", "PrinterEmulator"], swiftSettings: strictSwift),
        .executableTarget(
            name: "sync-bench",
            dependencies: [
                "CentralServer", "CentralSQLite", "SyncClient", "SyncProtocol", "TurneroCore", "TurneroStore",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        // 1,000 simulated kiosks against a real turnero-central.
        .executableTarget(
            name: "central-load",
            dependencies: [
                "CentralServer", "CentralSQLite", "CentralPostgres", "SyncClient", "SyncProtocol", "TurneroCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),

        // MARK: Layer 7 — Tests

        // Helpers shared by the suites: temporary directories, fixtures, waiting on conditions,
        // the `turnero` binary, pseudo-terminals, a screen model, child processes.
        .target(
            name: "TestSupport",
            dependencies: ["ESCPOS", "TurneroCore", .product(name: "Logging", package: "swift-log")],
            path: "Tests/TestSupport", swiftSettings: strictSwift),
        // The test-only program the USB suite runs under `umockdev-run`.
        .executableTarget(
            name: "usb-probe", dependencies: ["PrinterTransport", "ESCPOS"], path: "Tests/USBProbe",
            swiftSettings: strictSwift),
        .testTarget(
            name: "TurneroCoreTests",
            dependencies: ["TurneroCore", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: strictSwift
        ),
        .testTarget(name: "TerminalFrontTests", dependencies: ["TerminalFront", "TurneroCore"], swiftSettings: strictSwift),
        .testTarget(
            name: "ESCPOSTests", dependencies: ["ESCPOS", "Symbology", "PrinterEmulator", "TestSupport"], exclude: ["Golden"],
            swiftSettings: strictSwift),
        .testTarget(
            name: "PrinterEmulatorTests",
            dependencies: ["PrinterEmulator", "ESCPOS", "TestSupport", "TurneroCore"],
            swiftSettings: strictSwift),
        .testTarget(
            name: "TurneroStoreTests",
            dependencies: ["TurneroCore", "TurneroStore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "PrintingTests",
            dependencies: [
                "Printing", "KioskApp", "PrinterTransport", "PrinterEmulator", "EmulatorTransport", "ESCPOS",
                "TurneroCore", "TurneroStore", "TerminalFront", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        // The libusb path under umockdev (device descriptions and URB scripts in Fixtures/).
        .testTarget(
            name: "USBTests",
            dependencies: [
                "PrinterTransport", "Printing", "ESCPOS", "TestSupport", "turnero", "usb-probe",
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
        .testTarget(
            name: "TurneroCLITests",
            dependencies: [
                "TurneroCore", "turnero", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
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
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
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
    ],
    swiftLanguageModes: [.v6]
)
