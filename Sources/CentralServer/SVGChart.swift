import Foundation

/// Small inline SVG charts rendered on the server (no JavaScript, no build step), built as ``HTML``.
enum SVGChart {
    /// One bar.
    struct Bar {
        var label: String
        var value: Double?
        /// `ok`, `warn`, `bad` or nil for the neutral colour.
        var severity: String?
    }

    private static func colour(_ severity: String?) -> String {
        switch severity {
        case "ok": "#38a169"
        case "warn": "#d69e2e"
        case "bad": "#e53e3e"
        default: "#4a90d9"
        }
    }

    /// Vertical bars with an optional dashed target line; `unit` follows the axis maximum.
    static func bars(_ bars: [Bar], target: Double? = nil, unit: String, title: String, width: Int = 560, height: Int = 180) -> HTML {
        // The unit sits above the axis, clear of the top tick's label.
        let left = 34.0, bottom = 22.0, top = 24.0
        let plotWidth = Double(width) - left - 6
        let plotHeight = Double(height) - bottom - top
        let peak = max(bars.compactMap(\.value).max() ?? 0, target ?? 0, 1)
        let scale = niceCeiling(peak)
        let step = plotWidth / Double(max(bars.count, 1))
        var svg: HTML = """
            <svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="\(title)" viewBox="0 0 \(width) \(height)" width="100%" style="max-width:\(width)px">
            <title>\(title)</title>
            """
        for fraction in [0.0, 0.5, 1.0] {
            let y = top + plotHeight * (1 - fraction)
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(Double(width) - 6))\" y2=\"\(f(y))\" stroke=\"#e2e8f0\"/>"
            svg += "<text x=\"\(f(left - 4))\" y=\"\(f(y + 4))\" font-size=\"10\" text-anchor=\"end\" fill=\"#5d6b7a\">\(Format.number(scale * fraction))</text>"
        }
        for (index, bar) in bars.enumerated() {
            let x = left + step * Double(index)
            if let value = bar.value, value > 0 {
                let barHeight = plotHeight * value / scale
                let barWidth = min(step * 0.7, 64)  // a few bars stay bars, not slabs
                svg += "<rect x=\"\(f(x + (step - barWidth) / 2))\" y=\"\(f(top + plotHeight - barHeight))\" width=\"\(f(barWidth))\" height=\"\(f(barHeight))\" rx=\"2\" fill=\"\(colour(bar.severity))\"><title>\(bar.label): \(Format.number(value)) \(unit)</title></rect>"
            }
            if bars.count <= 24 || index % 2 == 0 {
                svg += "<text x=\"\(f(x + step / 2))\" y=\"\(f(Double(height) - 6))\" font-size=\"10\" text-anchor=\"middle\" fill=\"#5d6b7a\">\(bar.label)</text>"
            }
        }
        if let target {
            let y = top + plotHeight * (1 - target / scale)
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(Double(width) - 6))\" y2=\"\(f(y))\" stroke=\"#c53030\" stroke-dasharray=\"5 4\"/>"
            svg += "<text x=\"\(f(Double(width) - 8))\" y=\"\(f(y - 3))\" font-size=\"10\" text-anchor=\"end\" fill=\"#c53030\">meta \(Format.number(target)) \(unit)</text>"
        }
        svg += "<text x=\"2\" y=\"12\" font-size=\"10\" fill=\"#5d6b7a\">\(unit)</text></svg>"
        return svg
    }

    /// A horizontal gauge bar 0–100 % with a target tick.
    static func meter(_ share: Double?, target: Double, width: Int = 120) -> HTML {
        let value = min(max(share ?? 0, 0), 1)
        let severity = share.map { $0 >= target ? "ok" : ($0 >= target - 0.1 ? "warn" : "bad") }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(width) 10" width="\(width)" height="10" aria-hidden="true">\
            <rect width="\(width)" height="10" rx="3" fill="#edf2f7"/>\
            <rect width="\(f(Double(width) * value))" height="10" rx="3" fill="\(colour(severity))"/>\
            <line x1="\(f(Double(width) * target))" y1="0" x2="\(f(Double(width) * target))" y2="10" stroke="#1d2733" stroke-width="1.5"/></svg>
            """
    }

    private static func niceCeiling(_ value: Double) -> Double {
        let magnitude = pow(10, floor(log10(value)))
        for multiple in [1.0, 2.0, 2.5, 5.0, 10.0] where multiple * magnitude >= value { return multiple * magnitude }
        return 10 * magnitude
    }

    private static func f(_ value: Double) -> String { String(format: "%.1f", value) }
}
