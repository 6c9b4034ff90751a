// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "gate",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gate-runner", targets: ["GateRunner"]),
        .library(name: "GateKit", targets: ["GateKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // unixODBC's C API, through a shim header (pkg-config name "odbc").
        .systemLibrary(
            name: "CODBC",
            pkgConfig: "odbc",
            providers: [.apt(["unixodbc-dev"])]
        ),
        // Real clients: ODBC connection/statement, HTTP, Superset REST, sentinel.
        .target(
            name: "Probes",
            dependencies: [
                "CODBC",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // Expectations, lexer, lint, wrapper, arms, evaluation, reports.
        .target(
            name: "GateKit",
            dependencies: [
                "Probes",
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .executableTarget(
            name: "GateRunner",
            dependencies: [
                "GateKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "GateTests",
            dependencies: ["GateKit", "GateRunner", "Probes", .product(name: "PropertyBased", package: "swift-property-based"),
                           .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["Report/Golden", "Report/Schema"]
        ),
    ]
)
