import Foundation
import TaskmgrCore

/// Typed reads of environment variables with ranges, shared by the monitor's configuration types.
struct EnvironmentReader {
    let environment: [String: String]

    /// The trimmed value, or nil when unset or empty.
    func string(_ name: String) -> String? {
        guard let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    func int(_ name: String, default defaultValue: Int, range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let text = string(name) else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError("\(name)=\(text) must be a whole number in \(range.lowerBound)…\(range.upperBound)")
        }
        return value
    }

    func double(_ name: String, default defaultValue: Double, range: ClosedRange<Double>) throws(ConfigurationError) -> Double {
        guard let text = string(name) else { return defaultValue }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw ConfigurationError("\(name)=\(text) must be a number of seconds in \(range.lowerBound)…\(range.upperBound)")
        }
        return value
    }

    /// A comma- or space-separated list.
    func list(_ name: String) -> [String] {
        (string(name) ?? "").split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
    }

    /// A list of networks such as `10.0.0.0/8, fd00::/8`; one bad entry fails the whole list,
    /// so a typo never silently widens or narrows what may be reached.
    func cidrs(_ name: String) throws(ConfigurationError) -> [CIDR] {
        var networks: [CIDR] = []
        for entry in list(name) {
            guard let network = CIDR(entry) else {
                throw ConfigurationError("\(name): '\(entry)' is not a network such as 10.0.0.0/8 or fd00::/8")
            }
            networks.append(network)
        }
        return networks
    }
}
