import AdvData
import AdvLang
import AdvLibrary
import AdvREPL
import AdvSyntax
import Foundation

/// `adv run NAME --html FILE`: the run as usual on the terminal, and one page to share after it.
extension Command {
    static func runWithPage(_ file: SourceFile, arguments: [String], htmlPath: String, options: RunOptions) -> Int32 {
        let name = ((file.name as NSString).lastPathComponent as NSString).deletingPathExtension
        let page = RunPage(title: ([name] + arguments).joined(separator: " "))
        let started = Date()
        let before = pictureFiles(in: options.outputFolder)
        let data = LoadedData()
        let (session, outcome) = runSession(
            file, arguments: arguments, runSeed: 1, outputFolder: options.outputFolder, data: data,
            verbose: options.verbose, page: page)
        let seconds = Date().timeIntervalSince(started)
        // The pictures this run wrote: new files, or files rewritten since it started.
        for (path, modified) in pictureFiles(in: options.outputFolder).sorted(by: { $0.key < $1.key })
        where before[path].map({ $0 < modified }) ?? true || modified >= started {
            do {
                try page.addPictureFile(path)
            } catch {
                printError("adv: --html: cannot read the picture '\(path)': \(reason(error))")
            }
        }
        let machine = RunRecord.Machine.current
        let facts = [
            ("script", file.name),
            ("arguments", arguments.isEmpty ? "none (quick mode)" : arguments.joined(separator: " ")),
            ("run_seed", "1"), ("MNIST checksum", data.mnist?.checksum ?? "MNIST not loaded"),
            ("machine", "\(machine.cpu), \(machine.threads) BLAS threads, \(machine.vector), OpenBLAS \(machine.blas)"),
            ("wall time", String(format: "%.1f s", seconds)),
            ("expectations", session.expectationSummary ?? "none"),
            ("adv", Version.current),
        ]
        do {
            try Data(page.html(facts: facts).utf8).write(to: URL(fileURLWithPath: htmlPath))
            printOutput("page: \(htmlPath)")
        } catch {
            printError("adv: --html: cannot write '\(htmlPath)': \(reason(error))")
            return ExitCode.runtime
        }
        if let outcome { return report(outcome) }
        return session.hasFailedExpectations ? ExitCode.failedExpectation : ExitCode.ok
    }

    /// The PNG and SVG files directly in `folder`, with their modification dates.
    private static func pictureFiles(in folder: String) -> [String: Date] {
        let fm = FileManager.default
        var files: [String: Date] = [:]
        for entry in (try? fm.contentsOfDirectory(atPath: folder)) ?? []
        where ["png", "svg"].contains((entry as NSString).pathExtension.lowercased()) {
            let path = (folder as NSString).appendingPathComponent(entry)
            if let date = (try? fm.attributesOfItem(atPath: path))?[.modificationDate] as? Date { files[path] = date }
        }
        return files
    }
}
