extension PrinterProfile {
    /// Checks ranges and the rules that tie fields together.
    ///
    /// - Throws: `ProfileError` with the field and reason; `file` is filled in by the loader.
    public func validate() throws(ProfileError) {
        func invalid(_ field: String, _ reason: String) -> ProfileError {
            ProfileError(.invalid, file: "(profile)", field: field, reason: reason)
        }
        func contradictory(_ field: String, _ reason: String) -> ProfileError {
            ProfileError(.contradictory, file: "(profile)", field: field, reason: reason)
        }
        let idIsValid = !id.isEmpty && id.count <= 64
            && id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        guard idIsValid else { throw invalid("id", "use 1 to 64 lowercase letters, digits or '-' (got '\(id)')") }
        guard !vendor.isEmpty else { throw invalid("vendor", "must not be empty") }
        guard !model.isEmpty else { throw invalid("model", "must not be empty") }

        var seenUSB = Set<String>()
        for (index, match) in usb.enumerated() {
            for (name, value) in [("vendorId", match.vendorId), ("productId", match.productId)] {
                guard value.count == 4, UInt16(value, radix: 16) != nil, value == value.lowercased() else {
                    throw invalid("usb[\(index)].\(name)", "must be 4 lowercase hex digits (got '\(value)')")
                }
            }
            guard [7, 255].contains(match.interfaceClass) else {
                throw invalid(
                    "usb[\(index)].interfaceClass",
                    "must be 7 (printer class) or 255 (vendor specific), got \(match.interfaceClass)")
            }
            guard seenUSB.insert("\(match.vendorId):\(match.productId)").inserted else {
                throw contradictory("usb[\(index)]", "\(match.vendorId):\(match.productId) is listed twice")
            }
        }

        guard (40...120).contains(paper.widthMm) else { throw invalid("paper.widthMm", "must be 40 to 120 mm") }
        guard paper.printableWidthMm > 0, paper.printableWidthMm <= paper.widthMm else {
            throw contradictory("paper.printableWidthMm", "must be positive and at most paper.widthMm (\(paper.widthMm))")
        }
        guard (100...600).contains(paper.dpi) else { throw invalid("paper.dpi", "must be 100 to 600") }
        guard paper.dotsPerLine > 0, paper.dotsPerLine % 8 == 0, paper.dotsPerLine <= 4096 else {
            throw invalid("paper.dotsPerLine", "must be a positive multiple of 8 up to 4096 (got \(paper.dotsPerLine))")
        }
        let impliedWidth = Double(paper.dotsPerLine) / Double(paper.dpi) * 25.4
        guard abs(impliedWidth - paper.printableWidthMm) <= 1.5 else {
            throw contradictory(
                "paper.printableWidthMm",
                "\(paper.dotsPerLine) dots at \(paper.dpi) dpi is \(Self.millimetres(impliedWidth)) mm, not \(paper.printableWidthMm)")
        }

        guard fonts.contains(where: { $0.name == .a }) else { throw invalid("fonts", "font A is required") }
        var names = Set<FontName>()
        for (index, font) in fonts.enumerated() {
            let path = "fonts[\(index)]"
            guard names.insert(font.name).inserted else { throw contradictory("\(path).name", "font \(font.name.rawValue) is listed twice") }
            guard (5...48).contains(font.widthDots) else { throw invalid("\(path).widthDots", "must be 5 to 48") }
            guard (5...64).contains(font.heightDots) else { throw invalid("\(path).heightDots", "must be 5 to 64") }
            guard font.columns >= 16 else { throw invalid("\(path).columns", "must be at least 16") }
            guard font.columns * font.widthDots <= paper.dotsPerLine else {
                throw contradictory(
                    "\(path).columns",
                    "\(font.columns) columns × \(font.widthDots) dots = \(font.columns * font.widthDots) exceeds \(paper.dotsPerLine) dots per line")
            }
        }

        guard (0...255).contains(codePage.escT) else { throw invalid("codePage.escT", "must be 0 to 255") }

        if symbols.gs1_128, !symbols.code128 {
            throw contradictory("symbols.gs1_128", "GS1-128 is CODE128 with FNC1: code128 must be true too")
        }
        guard (1...6).contains(symbols.minModuleWidth) else { throw invalid("symbols.minModuleWidth", "must be 1 to 6") }
        guard (symbols.minModuleWidth...6).contains(symbols.maxModuleWidth) else {
            throw contradictory("symbols.maxModuleWidth", "must be between minModuleWidth (\(symbols.minModuleWidth)) and 6")
        }
        guard (1...16).contains(symbols.maxQRModuleSize) else { throw invalid("symbols.maxQRModuleSize", "must be 1 to 16") }

        guard (8...1024).contains(raster.bandRows) else { throw invalid("raster.bandRows", "must be 8 to 1024") }
        if raster.command == .escStar, raster.bandRows % 24 != 0 {
            throw contradictory("raster.bandRows", "ESC * prints 24-dot bands: use a multiple of 24")
        }

        guard (0...20).contains(cutter.feedLines) else { throw invalid("cutter.feedLines", "must be 0 to 20") }
        if status.nearEndSensor, !status.dleEot {
            throw contradictory("status.nearEndSensor", "a near-end sensor is read with DLE EOT 4: dleEot must be true")
        }
        if let buzzer {
            let range = buzzer.command == .escB ? 1...9 : 1...255
            guard range.contains(buzzer.duration) else {
                throw invalid("buzzer.duration", "must be \(range.lowerBound) to \(range.upperBound) for \(buzzer.command.rawValue)")
            }
        }
        guard (20...1000).contains(speedMmPerSecond) else { throw invalid("speedMmPerSecond", "must be 20 to 1000") }
    }

    private static func millimetres(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
