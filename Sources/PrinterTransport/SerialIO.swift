import Dispatch

/// Runs a transport's blocking calls one at a time on its own queue (never on the cooperative
/// pool), so its descriptor is only ever touched from that queue.
final class SerialIO: Sendable {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    /// Runs `body` on the queue later, without waiting (freeing C handles from a `deinit`).
    func async(_ body: @escaping @Sendable () -> Void) {
        queue.async(execute: body)
    }

    func run<T: Sendable>(_ body: @escaping @Sendable () throws(TransportError) -> T) async throws(TransportError) -> T {
        let result: Result<T, TransportError> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(TransportError) {
                    continuation.resume(returning: .success(try body()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}
