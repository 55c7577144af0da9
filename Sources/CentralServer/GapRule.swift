/// The rule of a declared gap (a kiosk's events the centre lost when it was restored from an
/// older backup, and the kiosk already deleted), once for every backend.
///
/// A declaration starting after the mark + 1 is refused (the centre would skip events it can
/// still get); the part at or below the mark is already held; only the part above it is lost,
/// recorded permanently, and the mark moves past it.
public enum GapRule {
    /// What the backend writes.
    public enum Decision: Sendable, Hashable {
        /// Nothing written: answer ``GapOutcome/gap(acceptedThrough:archivedThrough:)``.
        case refuse(GapOutcome)
        /// Record `lost` (nil: nothing above the mark) and set the stream's mark to `highWater`
        /// (creating the stream's row when missing); then answer with the stream's total lost.
        case record(lost: ClosedRange<Int64>?, highWater: Int64, archived: Int64)
    }

    /// Decides a declaration of `fromSeq…toSeq` against the stream's marks (nil: unknown stream).
    public static func decide(stream: StreamMarks?, fromSeq: Int64, toSeq: Int64) -> Decision {
        let marks = stream ?? StreamMarks(highWater: 0, archived: 0)
        guard fromSeq <= marks.highWater + 1 else {
            return .refuse(.gap(acceptedThrough: marks.highWater, archivedThrough: marks.archived))
        }
        guard toSeq > marks.highWater else { return .record(lost: nil, highWater: marks.highWater, archived: marks.archived) }
        return .record(lost: (marks.highWater + 1)...toSeq, highWater: toSeq, archived: marks.archived)
    }
}
