import Glibc

/// Facts about a device node a technician needs: who may open it.
public enum DeviceNode {
    /// `crw-rw---- root:lp` for a device node, nil when it does not exist.
    public static func permissions(of path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let mode = info.st_mode
        let type: Character = (mode & S_IFMT) == S_IFCHR ? "c" : (mode & S_IFMT) == S_IFIFO ? "p" : "-"
        var text = String(type)
        let bits: [(mode_t, Character)] = [
            (S_IRUSR, "r"), (S_IWUSR, "w"), (S_IXUSR, "x"), (S_IRGRP, "r"), (S_IWGRP, "w"), (S_IXGRP, "x"),
            (S_IROTH, "r"), (S_IWOTH, "w"), (S_IXOTH, "x"),
        ]
        for (bit, letter) in bits { text.append(mode & bit != 0 ? letter : "-") }
        return "\(text) \(userName(info.st_uid)):\(groupName(info.st_gid))"
    }

    /// Whether this process may open `path` for writing.
    public static func isWritable(_ path: String) -> Bool {
        access(path, W_OK) == 0
    }

    /// The name of the user running this process.
    public static var currentUser: String { userName(geteuid()) }

    /// Whether this process has group `name` (primary or supplementary).
    public static func inGroup(_ name: String) -> Bool {
        var buffer = [CChar](repeating: 0, count: 16_384)
        let gid: gid_t? = buffer.withUnsafeMutableBufferPointer { storage in
            var entry = group()
            var result: UnsafeMutablePointer<group>?
            guard let base = storage.baseAddress, getgrnam_r(name, &entry, base, storage.count, &result) == 0, result != nil
            else { return nil }
            return entry.gr_gid
        }
        guard let gid else { return false }
        if getegid() == gid { return true }
        let count = getgroups(0, nil)
        guard count > 0 else { return false }
        var groups = [gid_t](repeating: 0, count: Int(count))
        let filled = getgroups(count, &groups)
        return filled > 0 && groups.prefix(Int(filled)).contains(gid)
    }

    /// The user's name (reentrant lookup: other threads may be resolving names too).
    static func userName(_ uid: uid_t) -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        return buffer.withUnsafeMutableBufferPointer { storage in
            var entry = passwd()
            var result: UnsafeMutablePointer<passwd>?
            guard let base = storage.baseAddress, getpwuid_r(uid, &entry, base, storage.count, &result) == 0, result != nil,
                let name = entry.pw_name
            else { return String(uid) }
            return String(cString: name)
        }
    }

    /// The group's name (reentrant lookup).
    static func groupName(_ gid: gid_t) -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        return buffer.withUnsafeMutableBufferPointer { storage in
            var entry = group()
            var result: UnsafeMutablePointer<group>?
            guard let base = storage.baseAddress, getgrgid_r(gid, &entry, base, storage.count, &result) == 0, result != nil,
                let name = entry.gr_name
            else { return String(gid) }
            return String(cString: name)
        }
    }
}
