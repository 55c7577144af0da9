import Testing
import TurneroCore

/// The one rate-limit rule of kiosk and centre.
@Suite("Token bucket")
struct TokenBucketTests {
    @Test func aFullBucketAllowsItsBurstThenRefusesWithTheWait() {
        var bucket = TokenBucket(rate: 2, burst: 3, now: 100)
        #expect(bucket.take(at: 100) == nil)
        #expect(bucket.take(at: 100) == nil)
        #expect(bucket.take(at: 100) == nil)
        #expect(bucket.take(at: 100) == 0.5)  // one token comes back at 2 a second
        #expect(bucket.take(at: 100.5) == nil)
        #expect(bucket.take(at: 100.5) != nil)
    }

    @Test func aQuietPeriodRefillsNoMoreThanTheBurst() {
        var bucket = TokenBucket(perMinute: 5, now: 0)
        for _ in 0..<5 { #expect(bucket.take(at: 0) == nil) }
        #expect(bucket.take(at: 0) != nil)
        #expect(bucket.take(at: 12) == nil)  // 5 a minute: one every 12 s
        for _ in 0..<5 { #expect(bucket.take(at: 3_600) == nil) }
        #expect(bucket.take(at: 3_600) != nil)
    }

    @Test func aClockSetBackRefillsNothing() {
        var bucket = TokenBucket(rate: 1, burst: 1, now: 1_000)
        #expect(bucket.take(at: 1_000) == nil)
        #expect(bucket.take(at: 10) != nil)
        #expect(bucket.take(at: 1_000.5) != nil)
        #expect(bucket.take(at: 1_001) == nil)
    }
}
