import AdvData
import AdvLang
import AdvSyntax
import AdvTensor
import Foundation

/// Pictures: images and perturbations in the terminal and as PNG files.
///
/// On a terminal (stdout a tty, `NO_COLOR` unset) images draw as coloured half blocks, otherwise
/// (pipes, tests) as the ASCII ramp `" .:-=+*#%@"`, so golden output stays plain text. Where a
/// front end shows pictures inline (a notebook: `Session.display`), `show` hands it a PNG
/// instead, and the `save_` built-ins hand it the picture they wrote.
extension BuiltinLibrary {
    func registerPictures() {
        register(
            "show", "show(x, columns: 10)",
            """
            Draws x in the terminal: one image (a tensor [784] or a one-example set), or several \
            (a tensor [n, 784] or an example set) as a grid `columns` images wide. Square images of \
            any size work (d = side x side).
            """
        ) { args, session in
            try args.check(1...1, labels: ["columns"])
            let grid = try args.grid(try args.images(0, "x"))
            try session.show(try Picture.inline(grid), orPrint: try Picture.terminal(grid))
            return .none
        }
        register(
            "show_perturbation", "show_perturbation(adversarial, original, columns: 10)",
            """
            Draws adversarial - original as the papers do: centred on grey, negative dark, positive \
            light, one scale m for all images (printed below: black = -m, white = +m).
            """
        ) { args, session in
            try args.check(2...2, labels: ["columns"])
            let (images, scale) = try args.perturbation()
            let grid = try args.grid(images, background: 0.5)
            try session.show(try Picture.inline(grid), orPrint: try Picture.terminal(grid))
            session.output("black = -\(formatNumber(Double(scale))), grey = 0, white = +\(formatNumber(Double(scale)))")
            return .none
        }
        register(
            "save_png", "save_png(x, \"file.png\", scale: 4, columns: 10)",
            """
            Writes x (as for show) to a greyscale PNG, each pixel magnified `scale` times.
            """
        ) { args, session in
            try args.check(2...2, labels: ["scale", "columns"])
            let grid = try args.grid(try args.images(0, "x"))
            let (file, scale) = (try args.outputPath(1, "file", session), try args.scale())
            try args.naming { try grid.write(to: file, scale: scale) }
            try Picture.display(grid, scale: scale, in: session)
            return .none
        }
        register(
            "save_perturbation", "save_perturbation(adversarial, original, \"file.png\", scale: 4, columns: 10)",
            """
            Writes adversarial - original (drawn as by show_perturbation) to a greyscale PNG.
            """
        ) { args, session in
            try args.check(3...3, labels: ["scale", "columns"])
            let grid = try args.grid(try args.perturbation().images, background: 0.5)
            let (file, scale) = (try args.outputPath(2, "file", session), try args.scale())
            try args.naming { try grid.write(to: file, scale: scale) }
            try Picture.display(grid, scale: scale, in: session)
            return .none
        }
        register(
            "save_comparison", "save_comparison(adversarial, original, \"file.png\", scale: 4)",
            """
            Writes Szegedy's figure to a greyscale PNG: the originals in the top row, the perturbations \
            (centred on grey, one scale m for all; the scale is printed) in the middle, the adversarial \
            images at the bottom.
            """
        ) { args, session in
            try args.check(3...3, labels: ["scale"])
            let adversarial = try args.rows(0, "adversarial")
            let original = try args.rows(1, "original")
            let side = try args.squareSide(original, "original")
            let (image, scale) = try args.naming {
                try GreyImage.comparison(original: original, adversarial: adversarial, width: side, height: side)
            }
            let (file, magnify) = (try args.outputPath(2, "file", session), try args.scale())
            try args.naming { try image.write(to: file, scale: magnify) }
            try Picture.display(image, scale: magnify, in: session)
            session.output(
                "perturbations: black = -\(formatNumber(Double(scale))), grey = 0, white = +\(formatNumber(Double(scale)))"
            )
            return .none
        }
    }
}

/// Drawing images in the session's output.
enum Picture {
    /// The widest a picture is drawn, in character cells.
    static let maximumColumns = 120

    /// `image` as terminal text: one cell per pixel column up to `maximumColumns`, coloured half
    /// blocks on a terminal, ASCII otherwise. No trailing newline (the output adds one).
    static func terminal(_ image: GreyImage) throws -> String {
        let colour = TerminalImage.Colour.detect(
            environment: ProcessInfo.processInfo.environment, isTerminal: isatty(STDOUT_FILENO) == 1)
        var text = try TerminalImage.render(image, columns: min(image.width, maximumColumns), colour: colour)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// The widest an inline picture is magnified to, in pixels: a 28 x 28 digit shows 8 times
    /// over, a grid of ten no smaller than twice.
    static let inlineWidth = 600

    /// `image` as a PNG for a front end that shows pictures inline.
    static func inline(_ image: GreyImage) throws -> Display {
        try inline(image, scale: max(2, min(8, inlineWidth / max(image.width, 1))))
    }

    static func inline(_ image: GreyImage, scale: Int) throws -> Display {
        .png(try image.pngData(scale: scale), width: image.width * scale, height: image.height * scale)
    }

    /// Hands a picture a `save_` built-in wrote to the session's inline display, if it has one.
    static func display(_ image: GreyImage, scale: Int, in session: Session) throws {
        guard let sink = session.display else { return }
        sink(try inline(image, scale: scale))
    }
}

extension Arguments {
    /// The images of an example set or of a tensor [n, d] or [d], with d a square (784 = 28 x 28).
    func images(_ i: Int, _ name: String) throws -> [GreyImage] {
        let rows = try rows(i, name)
        let side = try squareSide(rows, name)
        return try GreyImage.images(rows, width: side, height: side)
    }

    /// Arguments 1 and 2 as adversarial and original rows; their difference drawn centred on grey.
    func perturbation() throws -> (images: [GreyImage], maxAbs: Float) {
        let adversarial = try rows(0, "adversarial")
        let original = try rows(1, "original")
        guard adversarial.shape == original.shape else {
            throw RuntimeError(
                "\(callee): adversarial \(adversarial.shape.shapeDescription) and original \(original.shape.shapeDescription) differ in shape"
            )
        }
        let side = try squareSide(adversarial, "adversarial")
        return try GreyImage.perturbation(try adversarial - original, width: side, height: side)
    }

    /// Several images as one grid `columns:` wide on `background` (black; grey for perturbations);
    /// one image alone stays as it is.
    func grid(_ images: [GreyImage], background: Float = 0) throws -> GreyImage {
        guard images.count > 1 else {
            guard let only = images.first else { throw RuntimeError("\(callee): there are no images to draw") }
            return only
        }
        return try GreyImage.grid(images, columns: try size("columns", 10), padding: 1, background: background)
    }

    /// The named `scale:` of a PNG, 1 to 64 (default 4).
    func scale() throws -> Int {
        let scale = try size("scale", 4)
        guard scale <= 64 else { throw RuntimeError("\(callee): scale must be from 1 to 64, got \(scale)") }
        return scale
    }

    func squareSide(_ rows: Tensor, _ name: String) throws -> Int {
        let d = rows.shape[1]
        let side = Int(Double(d).squareRoot().rounded())
        guard side > 0, side * side == d else {
            throw RuntimeError("\(callee): \(name) has \(d) pixels per image, not a square image (784 = 28 x 28)")
        }
        return side
    }
}
