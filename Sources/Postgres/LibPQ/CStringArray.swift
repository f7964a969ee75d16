#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Calls `body` with a C array of C strings (`const char * const *`) built from `strings`.
///
/// libpq wants parameter values and connection keywords as C arrays; Swift's `[String]`
/// does not convert to that type. The copies are `strdup`ed here and freed when `body`
/// returns, so no pointer outlives this scope. A `nil` element becomes a C `NULL`
/// (SQL NULL for parameters). With `nullTerminated`, one extra `NULL` ends the array,
/// as `PQconnectdbParams` requires.
func withCStringArray<Result>(
    _ strings: [String?],
    nullTerminated: Bool = false,
    _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> Result
) -> Result {
    var copies: [UnsafePointer<CChar>?] = strings.map { string in
        string.flatMap { strdup($0) }.map { UnsafePointer($0) }
    }
    if nullTerminated || copies.isEmpty { copies.append(nil) }
    defer {
        for copy in copies { free(UnsafeMutablePointer(mutating: copy)) }
    }
    return copies.withUnsafeBufferPointer { buffer in body(buffer.baseAddress!) }
}
