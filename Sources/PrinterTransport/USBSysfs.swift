import Glibc

/// What the kernel publishes about a USB device in sysfs: readable by every user, so
/// `turnero printer list` can name a printer (and its kernel driver) it may not open.
struct USBSysfs {
    /// `/sys/bus/usb/devices`.
    var root = "/sys/bus/usb/devices"

    /// The kernel's name for a device: `<bus>-<port>[.<port>…]` (`1-1.4`); nil for root hubs.
    static func deviceName(bus: UInt8, ports: [UInt8]) -> String? {
        guard !ports.isEmpty else { return nil }
        return "\(bus)-" + ports.map(String.init).joined(separator: ".")
    }

    /// An attribute of the device, trimmed (`manufacturer`, `product`, `serial`).
    func attribute(_ name: String, device: String) -> String? {
        guard let text = Self.readFile("\(root)/\(device)/\(name)") else { return nil }
        let trimmed = text.trimmingSpaces().split(separator: "\n").first.map(String.init) ?? ""
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The kernel driver bound to an interface (`usblp`), from the `driver` link of
    /// `<device>:<configuration>.<interface>`.
    func driver(device: String, configuration: UInt8, interface: UInt8) -> String? {
        let link = "\(root)/\(device):\(configuration).\(interface)/driver"
        var buffer = [CChar](repeating: 0, count: 512)
        let count = readlink(link, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        let target = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return target.split(separator: "/").last.map(String.init)
    }

    /// At most 4 KiB of a small text file.
    static func readFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }
}
