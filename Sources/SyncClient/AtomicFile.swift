import Foundation

/// Durable atomic replacement of a small file: temp file, fsync, rename, fsync the directory.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t) throws(SyncError) {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw SyncError(.io, "cannot create \(temporary): \(String(cString: strerror(errno)))") }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else {
                close(fd)
                unlink(temporary)
                throw SyncError(.io, "cannot write \(temporary): \(String(cString: strerror(errno)))")
            }
            written += result
        }
        fchmod(fd, mode)
        guard fsync(fd) == 0 else {
            close(fd)
            unlink(temporary)
            throw SyncError(.io, "cannot sync \(temporary): \(String(cString: strerror(errno)))")
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw SyncError(.io, "cannot replace \(path): \(String(cString: strerror(errno)))")
        }
        let directoryFD = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            fsync(directoryFD)
            close(directoryFD)
        }
    }
}
