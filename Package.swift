// swift-tools-version:6.0
// taskmgr: tracks long-running external jobs behind nginx (FastCGI), PostgreSQL and a systemd timer.
// No Swift package dependencies: Foundation, the toolchain's test libraries and Debian's C libraries only.
import PackageDescription

/// One executable per HTTP route; each is a few lines of `main` over `TaskmgrAPI`.
let routeExecutables = [
    "taskmgr-create-task",
    "taskmgr-task-status",
    "taskmgr-update-task",
    "taskmgr-tasks",
    "taskmgr-retry-task",
    "taskmgr-cancel-task",
    "taskmgr-task-events",
]

let package = Package(
    name: "taskmgr",
    platforms: [.macOS(.v13)],
    products: routeExecutables.map { .executable(name: $0, targets: [$0]) } + [
        .executable(name: "taskmgr-monitor", targets: ["taskmgr-monitor"]),
        .executable(name: "taskmgr-fcgi-hello", targets: ["taskmgr-fcgi-hello"]),
        .executable(name: "taskctl", targets: ["taskctl"]),
    ],
    dependencies: [],
    targets: [
        // MARK: C boundary (system libraries found by pkg-config)
        .systemLibrary(name: "CFastCGI", pkgConfig: "fcgi", providers: [.apt(["libfcgi-dev"])]),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),

        // MARK: Swift faces of the C libraries
        .target(name: "FastCGI", dependencies: ["CFastCGI"]),
        .target(name: "Postgres", dependencies: ["CLibPQ"]),
        .target(name: "HTTPClient", dependencies: ["CCurl", "TaskmgrCore"]),

        // MARK: Domain and boundaries
        .target(name: "TaskmgrCore", dependencies: ["Postgres"]),
        .target(name: "TaskmgrAPI", dependencies: ["TaskmgrCore", "FastCGI", "Postgres"]),
        .target(name: "TaskmgrMonitor", dependencies: ["TaskmgrCore", "Postgres", "HTTPClient"]),

        // MARK: Executables
        .executableTarget(name: "taskmgr-monitor", dependencies: ["TaskmgrMonitor"]),
        .executableTarget(name: "taskmgr-fcgi-hello", dependencies: ["FastCGI"]),
        .executableTarget(name: "taskctl", dependencies: ["TaskmgrCore", "Postgres"]),

        // MARK: Tests
        .target(name: "TestSupport", dependencies: ["Postgres"], path: "Tests/TestSupport"),
        .testTarget(name: "FastCGITests", dependencies: ["FastCGI", "TestSupport"]),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "TestSupport"]),
        .testTarget(name: "TaskmgrCoreTests", dependencies: ["TaskmgrCore", "TestSupport"]),
        .testTarget(name: "TaskmgrAPITests", dependencies: ["TaskmgrAPI", "TestSupport"]),
        .testTarget(name: "TaskmgrMonitorTests", dependencies: ["TaskmgrMonitor", "TestSupport"]),
        .testTarget(name: "HTTPClientTests", dependencies: ["HTTPClient", "TestSupport"]),
    ] + routeExecutables.map { .executableTarget(name: $0, dependencies: ["TaskmgrAPI"]) },
    swiftLanguageModes: [.v6]
)
