import Foundation
import CZlib

/// gzip for request and response bodies (zlib), with a hard limit on inflated size.
public enum Gzip {
    /// A gzip failure: corrupt input, or output over the limit.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
        /// Whether the inflated data would exceed the caller's limit (a 413, not a 400).
        public var isOverLimit: Bool
    }

    /// Compresses `data` as a gzip member (level 6).
    public static func compress(_ data: [UInt8]) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        // windowBits 15 + 16: gzip framing.
        guard deflateInit2_(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { throw Failure(description: "deflateInit2 failed", isOverLimit: false) }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(data.count))) + 32)
        var input = data
        let status: Int32 = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = uInt(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = uInt(outBuffer.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw Failure(description: "deflate failed (\(status))", isOverLimit: false) }
        output.removeLast(output.count - Int(stream.total_out))
        return output
    }

    /// Inflates a gzip (or zlib) body, refusing to produce more than `limit` bytes.
    public static func decompress(_ data: [UInt8], limit: Int) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        // windowBits 15 + 32: accept gzip or zlib framing.
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(description: "inflateInit2 failed", isOverLimit: false)
        }
        defer { inflateEnd(&stream) }
        var input = data
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var status: Int32 = Z_OK
        try input.withUnsafeMutableBufferPointer { (inBuffer) throws(Failure) in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = uInt(inBuffer.count)
            repeat {
                let produced: Int = chunk.withUnsafeMutableBufferPointer { outBuffer in
                    stream.next_out = outBuffer.baseAddress
                    stream.avail_out = uInt(outBuffer.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return outBuffer.count - Int(stream.avail_out)
                }
                guard status == Z_OK || status == Z_STREAM_END else {
                    throw Failure(description: "not valid gzip data (zlib status \(status))", isOverLimit: false)
                }
                guard output.count + produced <= limit else {
                    throw Failure(description: "inflated body exceeds \(limit) bytes", isOverLimit: true)
                }
                output.append(contentsOf: chunk[0..<produced])
                if status == Z_OK && produced == 0 && stream.avail_in == 0 {
                    throw Failure(description: "truncated gzip data", isOverLimit: false)
                }
            } while status != Z_STREAM_END
        }
        return output
    }
}
