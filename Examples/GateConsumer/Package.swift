// swift-tools-version: 6.1
// A program outside the gate's package that runs it through GateKit's public API alone: if it builds, the public
// surface is enough for a library user. `ci/test` builds and runs it against the local stack.
import PackageDescription

let package = Package(
    name: "GateConsumer",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "gate", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "GateConsumer",
            dependencies: [.product(name: "GateKit", package: "gate")]
        ),
    ]
)
