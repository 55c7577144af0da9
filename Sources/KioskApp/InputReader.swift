#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

/// Reads a file descriptor on its own thread and hands the bytes to `deliver`.
///
/// A dedicated thread, because `read` blocks: it must never hold a thread of the cooperative
/// pool. Stops at end of file or when the descriptor fails.
enum InputReader {
    static func start(fd: Int32, deliver: @escaping @Sendable ([UInt8]?) -> Void) {
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    deliver(Array(buffer[0..<count]))
                } else if count < 0 && (errno == EINTR || errno == EAGAIN) {
                    continue
                } else {
                    deliver(nil)
                    return
                }
            }
        }
        thread.name = "turnero-input"
        thread.start()
    }
}
