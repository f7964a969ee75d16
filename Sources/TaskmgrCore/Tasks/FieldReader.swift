import Foundation

/// Reads typed fields out of a JSON object body and collects every complaint, so a 422
/// names all the bad fields at once instead of one per round trip.
struct FieldReader {
    let object: JSONObject
    var errors: [Problem.FieldError] = []

    init(object: JSONObject, allowed: Set<String>) {
        self.object = object
        for key in object.keys where !allowed.contains(key) {
            errors.append(.init(field: key, message: "unknown field"))
        }
    }

    mutating func fail(_ field: String, _ message: String) {
        errors.append(.init(field: field, message: message))
    }

    /// A present, non-null value; `null` counts as absent.
    func value(_ field: String) -> JSONValue? {
        guard let value = object[field], !value.isNull else { return nil }
        return value
    }

    mutating func string(_ field: String, maxLength: Int) -> String? {
        guard let value = value(field) else { return nil }
        guard let string = value.stringValue else {
            fail(field, "must be a string, got \(value.typeName)")
            return nil
        }
        guard string.count <= maxLength else {
            fail(field, "must be at most \(maxLength) characters")
            return nil
        }
        return string
    }

    mutating func integer(_ field: String, range: ClosedRange<Int>) -> Int? {
        guard let value = value(field) else { return nil }
        guard let number = value.intValue else {
            fail(field, "must be an integer, got \(value.typeName == "number" ? "a non-integer number" : value.typeName)")
            return nil
        }
        guard range.contains(number) else {
            fail(field, "must be between \(range.lowerBound) and \(range.upperBound)")
            return nil
        }
        return number
    }

    mutating func object(_ field: String, maxBytes: Int) -> JSONValue? {
        guard let value = value(field) else { return nil }
        guard value.objectValue != nil else {
            fail(field, "must be an object, got \(value.typeName)")
            return nil
        }
        guard value.serialized().utf8.count <= maxBytes else {
            fail(field, "must serialize to at most \(maxBytes) bytes")
            return nil
        }
        return value
    }

    mutating func uuid(_ field: String) -> UUID? {
        guard let string = string(field, maxLength: 36) else { return nil }
        guard let uuid = UUID(uuidString: string) else {
            fail(field, "must be a UUID")
            return nil
        }
        return uuid
    }

    mutating func jsonPointer(_ field: String) -> String? {
        guard let pointer = string(field, maxLength: 256) else { return nil }
        guard pointer.isEmpty || pointer.hasPrefix("/") else {
            fail(field, "must be a JSON Pointer (\"\" or starting with \"/\")")
            return nil
        }
        return pointer
    }
}
