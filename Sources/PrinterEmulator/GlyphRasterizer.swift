import CFreeType
import Foundation

/// Draws characters the way a thermal head prints resident fonts: DejaVu Sans Mono rendered
/// into the font's cell (12×24, 9×17 dots…) and thresholded to black and white.
///
/// Owns the FreeType library and faces and frees them in `deinit`.
/// `@unchecked Sendable`: FreeType state and the glyph cache are only touched under `lock`.
final class GlyphRasterizer: @unchecked Sendable {
    /// A rendered cell: `width × height` bytes, 1 = black.
    struct Glyph {
        var width: Int
        var height: Int
        var dots: [UInt8]
    }

    private struct Key: Hashable {
        var scalar: UInt32
        var width: Int
        var height: Int
        var bold: Bool
    }

    /// Where Debian's fonts-dejavu-core puts the fonts.
    static let defaultFontDirectory = "/usr/share/fonts/truetype/dejavu"

    private let lock = NSLock()
    private var library: FT_Library?
    private var regular: FT_Face?
    private var bold: FT_Face?
    private var cache: [Key: Glyph] = [:]

    private static let sharedLock = NSLock()
    nonisolated(unsafe) private static var shared: [String: GlyphRasterizer] = [:]  // guarded by `sharedLock`

    /// One rasterizer (and glyph cache) per font directory for the whole process: every
    /// virtual printer draws the same glyphs.
    static func shared(fontDirectory: String) throws(EmulatorError) -> GlyphRasterizer {
        sharedLock.lock()
        defer { sharedLock.unlock() }
        if let existing = shared[fontDirectory] { return existing }
        let rasterizer = try GlyphRasterizer(fontDirectory: fontDirectory)
        shared[fontDirectory] = rasterizer
        return rasterizer
    }

    init(fontDirectory: String = GlyphRasterizer.defaultFontDirectory) throws(EmulatorError) {
        try Self.freetype("FT_Init_FreeType") { FT_Init_FreeType(&library) }
        // Every stored property is initialized here, so a throw below still runs `deinit`,
        // which frees whatever was opened.
        regular = try Self.openFace(library, "\(fontDirectory)/DejaVuSansMono.ttf")
        bold = try Self.openFace(library, "\(fontDirectory)/DejaVuSansMono-Bold.ttf")
    }

    deinit {
        if let regular { FT_Done_Face(regular) }
        if let bold { FT_Done_Face(bold) }
        if let library { FT_Done_FreeType(library) }
    }

    /// The cell for a character; a blank cell if FreeType cannot render it.
    func glyph(_ scalar: Unicode.Scalar, width: Int, height: Int, bold isBold: Bool) -> Glyph {
        let key = Key(scalar: scalar.value, width: width, height: height, bold: isBold)
        return lock.withLock {
            if let cached = cache[key] { return cached }
            let glyph = render(key) ?? Glyph(width: width, height: height, dots: [UInt8](repeating: 0, count: width * height))
            cache[key] = glyph
            return glyph
        }
    }

    /// Called with `lock` held.
    private func render(_ key: Key) -> Glyph? {
        guard let face = key.bold ? bold : regular else { return nil }
        // DejaVu Sans Mono advances 0.602 em and spans about 1.17 em top to bottom.
        let pixels = max(6, min(Int(Double(key.width) / 0.602), Int(Double(key.height) / 1.17)))
        guard FT_Set_Pixel_Sizes(face, 0, FT_UInt(pixels)) == 0 else { return nil }
        guard FT_Load_Char(face, FT_ULong(key.scalar), FT_Int32(FT_LOAD_RENDER)) == 0, let slot = face.pointee.glyph else {
            return nil
        }
        let metrics = face.pointee.size.pointee.metrics
        let ascent = Int(metrics.ascender >> 6)
        let descent = Int(-metrics.descender >> 6)
        let baseline = (key.height - (ascent + descent)) / 2 + ascent
        let advance = Int(slot.pointee.advance.x >> 6)
        let bitmap = slot.pointee.bitmap
        let left = Int(slot.pointee.bitmap_left) + (key.width - advance) / 2
        let top = baseline - Int(slot.pointee.bitmap_top)
        var dots = [UInt8](repeating: 0, count: key.width * key.height)
        if let buffer = bitmap.buffer {
            for row in 0..<Int(bitmap.rows) {
                for column in 0..<Int(bitmap.width) {
                    let x = left + column
                    let y = top + row
                    guard x >= 0, x < key.width, y >= 0, y < key.height else { continue }
                    // Thermal dots bleed a little: a low threshold keeps thin strokes.
                    if buffer[row * Int(bitmap.pitch) + column] >= 96 { dots[y * key.width + x] = 1 }
                }
            }
        }
        return Glyph(width: key.width, height: key.height, dots: dots)
    }

    private static func openFace(_ library: FT_Library?, _ path: String) throws(EmulatorError) -> FT_Face? {
        var face: FT_Face?
        let status = FT_New_Face(library, path, 0, &face)
        guard status == 0 else {
            throw EmulatorError(
                .fontUnavailable, operation: "FT_New_Face",
                message: "cannot load \(path) (FreeType error \(status)); install fonts-dejavu-core")
        }
        return face
    }

    /// The FreeType choke point: a non-zero status becomes an `EmulatorError` naming the call.
    private static func freetype(_ name: String, _ body: () -> FT_Error) throws(EmulatorError) {
        let status = body()
        guard status == 0 else {
            throw EmulatorError(.fontUnavailable, operation: name, message: "FreeType error \(status)")
        }
    }
}
