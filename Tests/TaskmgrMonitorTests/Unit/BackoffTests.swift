import Foundation
import Testing
@testable import TaskmgrMonitor

@Suite("Backoff and Retry-After")
struct BackoffTests {
    let backoff = Backoff(baseSeconds: 10, capSeconds: 100, jitter: 0.2)

    @Test func doublesPerErrorUpToTheCap() {
        #expect(backoff.delayAfterError(consecutiveErrors: 1, retryAfterSeconds: nil, random: 0.5) == 10)
        #expect(backoff.delayAfterError(consecutiveErrors: 2, retryAfterSeconds: nil, random: 0.5) == 20)
        #expect(backoff.delayAfterError(consecutiveErrors: 4, retryAfterSeconds: nil, random: 0.5) == 80)
        #expect(backoff.delayAfterError(consecutiveErrors: 5, retryAfterSeconds: nil, random: 0.5) == 100)
        #expect(backoff.delayAfterError(consecutiveErrors: 500, retryAfterSeconds: nil, random: 0.5) == 100)
    }

    @Test func jitterStaysWithinTwentyPercent() {
        #expect(abs(backoff.delayAfterError(consecutiveErrors: 1, retryAfterSeconds: nil, random: 0) - 8) < 1e-9)
        #expect(abs(backoff.delayAfterError(consecutiveErrors: 1, retryAfterSeconds: nil, random: 0.999999) - 12) < 1e-3)
    }

    @Test func retryAfterIsAFloor() {
        #expect(backoff.delayAfterError(consecutiveErrors: 1, retryAfterSeconds: 300, random: 0.9) == 300)
        #expect(backoff.delayAfterError(consecutiveErrors: 3, retryAfterSeconds: 1, random: 0.5) == 40)
        #expect(Backoff.delayWhileRunning(intervalSeconds: 120, retryAfterSeconds: nil) == 120)
        #expect(Backoff.delayWhileRunning(intervalSeconds: 120, retryAfterSeconds: 600) == 600)
    }

    @Test func retryAfterSecondsAndDates() {
        let now = Date(timeIntervalSince1970: 1_445_412_480) // Wed, 21 Oct 2015 07:28:00 GMT
        #expect(RetryAfter.seconds(from: "120", now: now) == 120)
        #expect(RetryAfter.seconds(from: " 0 ", now: now) == 0)
        #expect(RetryAfter.seconds(from: "Wed, 21 Oct 2015 07:28:30 GMT", now: now) == 30)
        #expect(RetryAfter.seconds(from: "Wed, 21 Oct 2015 07:27:00 GMT", now: now) == 0)
        #expect(RetryAfter.seconds(from: "soon", now: now) == nil)
        #expect(RetryAfter.seconds(from: "-5", now: now) == nil)
        #expect(RetryAfter.seconds(from: nil, now: now) == nil)
    }
}
