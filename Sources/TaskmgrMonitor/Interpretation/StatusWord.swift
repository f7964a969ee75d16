import Foundation

/// What an external job's status word means to taskmgr.
///
/// The words are the defaults of DESIGN.md ("Poll interpretation"), matched
/// case-insensitively after trimming, so `"Succeeded"`, `"DONE "` and `"done"` agree.
public enum StatusWord: Equatable, Sendable {
    case completed
    case failed
    case running

    /// The meaning of `word`, or nil when taskmgr doesn't know it (an error attempt).
    public init?(_ word: String) {
        // Most APIs send the word exactly as listed: skip Foundation's trimming and case
        // folding (a measurable share of a poll's CPU) unless the exact word is unknown.
        let normalized = Self.allWords.contains(word) ? word : word.trimmingCharacters(in: .whitespaces).lowercased()
        if Self.completedWords.contains(normalized) {
            self = .completed
        } else if Self.failedWords.contains(normalized) {
            self = .failed
        } else if Self.runningWords.contains(normalized) {
            self = .running
        } else {
            return nil
        }
    }

    static let completedWords: Set<String> = ["done", "completed", "complete", "succeeded", "success", "finished"]
    static let failedWords: Set<String> = ["failed", "failure", "error", "errored", "cancelled", "canceled", "aborted"]
    static let runningWords: Set<String> = ["pending", "queued", "running", "in_progress", "processing", "started", "active"]
    static let allWords = completedWords.union(failedWords).union(runningWords)
}
