import Foundation

/// Reads and writes PostgreSQL's timestamp text without `DateFormatter`
/// (which is slow to create and not safe to share between worker threads).
///
/// Connections set `TimeZone=UTC` and `DateStyle=ISO`, so the server writes
/// `2026-11-30 01:02:03.123456+00`; offsets other than UTC are still honoured.
enum PostgresTimestamp {
    /// `2026-11-30T01:02:03.123456Z` — RFC 3339, UTC, microseconds.
    static func format(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        var seconds = Int64(interval.rounded(.down))
        var micros = Int64(((interval - Double(seconds)) * 1_000_000).rounded())
        if micros >= 1_000_000 {
            seconds += 1
            micros -= 1_000_000
        }
        let days = floorDivide(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T"
            + "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
            + ".\(pad(micros, 6))Z"
    }

    /// Parses `timestamptz`, `timestamp` (taken as UTC) and `date` text, with `T` or a space
    /// between date and time, `Z` or a `±HH[:MM]` offset, and `infinity`/`-infinity`.
    static func parse(_ text: String) -> Date? {
        switch text {
        case "infinity": return .distantFuture
        case "-infinity": return .distantPast
        default: break
        }
        var scanner = Scanner(Array(text.utf8))
        var isBC = false
        if scanner.bytes.count > 3, scanner.bytes.suffix(3) == Array(" BC".utf8) {
            isBC = true
            scanner.bytes.removeLast(3)
        }
        guard let rawYear = scanner.number(minDigits: 4, maxDigits: 7), scanner.skip("-"),
              let month = scanner.number(minDigits: 2, maxDigits: 2), scanner.skip("-"),
              let day = scanner.number(minDigits: 2, maxDigits: 2),
              (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        let year = isBC ? 1 - rawYear : rawYear
        var seconds = days(fromCivil: year, month, day) * 86_400
        var fraction = 0.0
        if !scanner.isAtEnd {
            guard scanner.skip(" ") || scanner.skip("T"),
                  let hour = scanner.number(minDigits: 2, maxDigits: 2), scanner.skip(":"),
                  let minute = scanner.number(minDigits: 2, maxDigits: 2), scanner.skip(":"),
                  let second = scanner.number(minDigits: 2, maxDigits: 2),
                  hour <= 24, minute < 60, second <= 60
            else { return nil }
            seconds += hour * 3600 + minute * 60 + second
            if scanner.skip(".") {
                let start = scanner.position
                guard let digits = scanner.number(minDigits: 1, maxDigits: 9) else { return nil }
                fraction = Double(digits) / pow(10, Double(scanner.position - start))
            }
            if scanner.skip("Z") {
                // UTC
            } else if let sign = scanner.sign() {
                guard let offsetHours = scanner.number(minDigits: 2, maxDigits: 2) else { return nil }
                var offset = offsetHours * 3600
                if scanner.skip(":") {
                    guard let offsetMinutes = scanner.number(minDigits: 2, maxDigits: 2) else { return nil }
                    offset += offsetMinutes * 60
                    if scanner.skip(":") {
                        guard let offsetSeconds = scanner.number(minDigits: 2, maxDigits: 2) else { return nil }
                        offset += offsetSeconds
                    }
                }
                seconds -= sign * offset
            }
        }
        guard scanner.isAtEnd else { return nil }
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// A cursor over ASCII bytes.
    private struct Scanner {
        var bytes: [UInt8]
        var position = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var isAtEnd: Bool { position == bytes.count }

        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard position < bytes.count, bytes[position] == UInt8(character.value) else { return false }
            position += 1
            return true
        }

        /// +1 or -1 after consuming a `+`/`-`, or `nil`.
        mutating func sign() -> Int64? {
            if skip("+") { return 1 }
            if skip("-") { return -1 }
            return nil
        }

        mutating func number(minDigits: Int, maxDigits: Int) -> Int64? {
            var value: Int64 = 0
            var count = 0
            while position < bytes.count, count < maxDigits, (48...57).contains(bytes[position]) {
                value = value * 10 + Int64(bytes[position] - 48)
                position += 1
                count += 1
            }
            return count >= minDigits ? value : nil
        }
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    private static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`).
    private static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
