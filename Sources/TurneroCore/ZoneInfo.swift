public import Foundation
import Synchronization

/// An office's time zone from the system's time-zone database (`/usr/share/zoneinfo`, TZif),
/// without ICU when the zone keeps one offset.
///
/// Foundation on Linux answers `TimeZone(identifier:)` through ICU, which maps its 30 MB data
/// file and leaves 3–4 MB of it resident in every kiosk process (issue 15). Colombia's zones,
/// and most of the region's, have kept one UTC offset for decades: for a zone whose database
/// lists no change since 2000 and no daylight-saving rule ahead, a fixed-offset `TimeZone`
/// gives the same local times for every day a kiosk can see, with no ICU at all. Any other
/// zone (daylight saving, a change since 2000, a zone the database lacks) is left to
/// Foundation as before.
public enum ZoneInfo {
    /// Where the system keeps its time-zone files.
    public static let directory = "/usr/share/zoneinfo"

    /// The earliest instant a kiosk's figures can concern: 2000-01-01 UTC.
    static let horizon: Int64 = 946_684_800

    /// The time zone named `identifier`: fixed-offset when the system's database shows it
    /// constant since 2000, Foundation's otherwise; nil when neither knows it. Resolved once
    /// per identifier and process.
    public static func timeZone(_ identifier: String) -> TimeZone? {
        if let known = cache.withLock({ $0[identifier] }) { return known }
        let zone = fixedOffset(identifier).flatMap(TimeZone.init(secondsFromGMT:)) ?? TimeZone(identifier: identifier)
        if let zone { cache.withLock { $0[identifier] = zone } }
        return zone
    }

    /// The zone's one UTC offset in seconds, read from the system's file, or nil.
    public static func fixedOffset(_ identifier: String) -> Int? {
        guard isPlausible(identifier),
            let data = FileManager.default.contents(atPath: directory + "/" + identifier)
        else { return nil }
        return fixedOffset(tzif: [UInt8](data))
    }

    /// The one UTC offset a TZif file (RFC 8536) gives from 2000 on, or nil when it changes
    /// after that, follows a daylight-saving rule, or the bytes are not a TZif file.
    public static func fixedOffset(tzif bytes: [UInt8]) -> Int? {
        var reader = TZifReader(bytes: bytes)
        guard let first = reader.header() else { return nil }
        // Version 2 and later repeat the data with 64-bit times after the 32-bit block.
        let block: TZifReader.Block
        if first.version >= 2 {
            guard reader.skip(first.dataLength(timeSize: 4)), let second = reader.header() else { return nil }
            guard let data = reader.block(second, timeSize: 8) else { return nil }
            block = data
            // The footer's rule governs after the last transition: any daylight saving has a comma.
            if reader.footer()?.contains(",") ?? true { return nil }
        } else {
            guard let data = reader.block(first, timeSize: 4) else { return nil }
            block = data
        }
        // Type 0 holds before the first transition. A transition that keeps the offset (files
        // may carry one at 2038 for 32-bit readers) is no change.
        guard var offset = block.offsets.first else { return nil }
        for transition in block.transitions {
            let next = block.offsets[Int(transition.type)]
            if transition.time >= horizon && next != offset { return nil }
            offset = next
        }
        return Int(offset)
    }

    /// Identifiers as the database spells them (`America/Bogota`, `Etc/GMT+5`): never a path
    /// that leaves the directory.
    static func isPlausible(_ identifier: String) -> Bool {
        !identifier.isEmpty && identifier.count <= 64 && !identifier.hasPrefix("/") && !identifier.contains("..")
            && identifier.utf8.allSatisfy { byte in
                (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || "/_-+".utf8.contains(byte)
            }
    }

    private static let cache = Mutex<[String: TimeZone]>([:])
}

/// Reads a TZif file's parts in order.
private struct TZifReader {
    struct Header {
        var version: Int
        var isUTCCount, isStandardCount, leapCount, transitionCount, typeCount, characterCount: Int

        func dataLength(timeSize: Int) -> Int {
            transitionCount * timeSize + transitionCount + typeCount * 6 + characterCount
                + leapCount * (timeSize + 4) + isStandardCount + isUTCCount
        }
    }

    struct Block {
        var transitions: [(time: Int64, type: UInt8)]
        var offsets: [Int32]
    }

    let bytes: [UInt8]
    var position = 0

    mutating func header() -> Header? {
        guard position + 44 <= bytes.count, bytes[position..<position + 4].elementsEqual("TZif".utf8) else { return nil }
        let versionByte = bytes[position + 4]
        let version = versionByte == 0 ? 1 : Int(versionByte) - Int(UInt8(ascii: "0"))
        position += 20
        var counts: [Int] = []
        for _ in 0..<6 { counts.append(Int(integer(size: 4))) }
        // A damaged file may claim negative or absurd counts; real ones are in the hundreds.
        guard counts.allSatisfy({ (0...100_000).contains($0) }) else { return nil }
        return Header(
            version: version, isUTCCount: counts[0], isStandardCount: counts[1], leapCount: counts[2],
            transitionCount: counts[3], typeCount: counts[4], characterCount: counts[5])
    }

    mutating func skip(_ length: Int) -> Bool {
        guard length >= 0, position + length <= bytes.count else { return false }
        position += length
        return true
    }

    mutating func block(_ header: Header, timeSize: Int) -> Block? {
        guard header.dataLength(timeSize: timeSize) <= bytes.count - position else { return nil }
        let times = (0..<header.transitionCount).map { _ in integer(size: timeSize) }
        let types = (0..<header.transitionCount).map { _ in UInt8(integer(size: 1)) }
        var offsets: [Int32] = []
        for _ in 0..<header.typeCount {
            offsets.append(Int32(truncatingIfNeeded: integer(size: 4)))
            position += 2  // is-DST flag and designation index
        }
        guard types.allSatisfy({ Int($0) < header.typeCount }) else { return nil }
        position += header.characterCount + header.leapCount * (timeSize + 4) + header.isStandardCount + header.isUTCCount
        return Block(transitions: Array(zip(times, types)), offsets: offsets)
    }

    /// The POSIX TZ rule between the two newlines that end a version 2+ file.
    mutating func footer() -> String? {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\n"),
            let end = bytes[(position + 1)...].firstIndex(of: UInt8(ascii: "\n"))
        else { return nil }
        return String(decoding: bytes[(position + 1)..<end], as: UTF8.self)
    }

    /// A big-endian signed integer of `size` bytes (the caller checked the length).
    private mutating func integer(size: Int) -> Int64 {
        var value: Int64 = 0
        for index in 0..<size { value = value << 8 | Int64(bytes[position + index]) }
        position += size
        if size < 8, size > 1, value & (1 << (size * 8 - 1)) != 0 { value -= 1 << (size * 8) }
        return value
    }
}
