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
            dependencies: ["CODBC", .product(name: "Logging", package: "swift-log")]
        ),
        // Expectations, lexer, lint, wrapper, arms, evaluation, reports.
        .target(
            name: "GateKit",
            dependencies: [
                "Probes",
                .product(name: "Yams", package: "Yams"),
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
            dependencies: ["GateKit", "Probes"],
            exclude: ["Report/Golden"]
        ),
    ]
)
