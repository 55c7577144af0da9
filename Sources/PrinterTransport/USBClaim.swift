import CLibUSB

/// The calls that make a printer interface ours, as an interface so the order can be tested
/// without hardware (umockdev always reports "no kernel driver").
protocol USBInterfaceControl {
    /// Whether a kernel driver (usblp) is bound to `interface`.
    func kernelDriverActive(_ interface: Int32) throws(USBError) -> Bool
    /// Unbinds the kernel driver from `interface`.
    func detachKernelDriver(_ interface: Int32) throws(USBError)
    /// The active configuration value (0: unconfigured).
    func activeConfiguration() throws(USBError) -> Int32
    /// Selects a configuration.
    func setConfiguration(_ value: Int32) throws(USBError)
    /// Claims `interface` for this process.
    func claimInterface(_ interface: Int32) throws(USBError)
}

/// What claiming changed, for logs and `turnero printer doctor`.
public struct USBClaimReport: Sendable, Hashable {
    /// A kernel driver (usblp) was bound and has been detached.
    public var detachedKernelDriver: Bool
    /// The configuration was changed (it differed from the printer interface's).
    public var changedConfiguration: Bool

    /// A report.
    public init(detachedKernelDriver: Bool = false, changedConfiguration: Bool = false) {
        self.detachedKernelDriver = detachedKernelDriver
        self.changedConfiguration = changedConfiguration
    }
}

enum USBClaim {
    /// Detaches a bound kernel driver explicitly (never libusb's auto-detach, which umockdev and
    /// some kernels refuse), sets the configuration only when it differs (setting it resets
    /// the device's interfaces), then claims.
    static func claim(
        interface: Int32, configuration: Int32, on control: some USBInterfaceControl
    ) throws(USBError) -> USBClaimReport {
        var report = USBClaimReport()
        let driverBound: Bool
        do throws(USBError) {
            driverBound = try control.kernelDriverActive(interface)
        } catch let error where error.code == .notSupported {
            driverBound = false  // not Linux: there is no kernel driver to detach
        }
        if driverBound {
            try control.detachKernelDriver(interface)
            report.detachedKernelDriver = true
        }
        if try control.activeConfiguration() != configuration {
            try control.setConfiguration(configuration)
            report.changedConfiguration = true
        }
        try control.claimInterface(interface)
        return report
    }
}

extension USBDeviceHandle: USBInterfaceControl {
    func kernelDriverActive(_ interface: Int32) throws(USBError) -> Bool {
        try usb("libusb_kernel_driver_active") { libusb_kernel_driver_active(raw, interface) } == 1
    }

    func detachKernelDriver(_ interface: Int32) throws(USBError) {
        try usb("libusb_detach_kernel_driver") { libusb_detach_kernel_driver(raw, interface) }
    }

    func activeConfiguration() throws(USBError) -> Int32 {
        var value: Int32 = 0
        try usb("libusb_get_configuration") { libusb_get_configuration(raw, &value) }
        return value
    }

    func setConfiguration(_ value: Int32) throws(USBError) {
        try usb("libusb_set_configuration") { libusb_set_configuration(raw, value) }
    }

    func claimInterface(_ interface: Int32) throws(USBError) {
        try usb("libusb_claim_interface") { libusb_claim_interface(raw, interface) }
        noteClaimed(interface)
    }
}
