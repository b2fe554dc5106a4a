import Foundation

/// Finds the script `adv run NAME` means: the path as given; else the path matched
/// component by component ignoring case (`scripts/table4.adv` finds `Scripts/table4.adv`); else
/// a bare name (`table4`, `table4.adv`) in the bundled Scripts/ folder, which is $ADV_SCRIPTS or
/// the first Scripts/ found walking up from the executable's directory.
public struct ScriptLocator {
    public let executablePath: String
    public let environment: [String: String]
    public let currentDirectory: String

    /// `executablePath` defaults to the running binary (/proc/self/exe through Foundation), so a
    /// bare `adv` found on PATH still finds the Scripts/ beside its checkout.
    public init(
        executablePath: String = Bundle.main.executablePath ?? CommandLine.arguments.first ?? "adv",
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) {
        self.executablePath = executablePath
        self.environment = environment
        self.currentDirectory = currentDirectory
    }

    public func locate(_ name: String) -> String? {
        let fm = FileManager.default
        if isFile(name) { return name }
        if let match = caseInsensitive(name) { return match }
        guard !name.contains("/") else { return nil }
        let file = name.hasSuffix(".adv") ? name : name + ".adv"
        for folder in scriptFolders() {
            let path = (folder as NSString).appendingPathComponent(file)
            if fm.fileExists(atPath: path) { return path }
            if let match = caseInsensitive(path) { return match }
        }
        return nil
    }

    /// $ADV_SCRIPTS, then each `Scripts/` above the executable's resolved directory.
    public func scriptFolders() -> [String] {
        var folders: [String] = []
        if let env = environment["ADV_SCRIPTS"], !env.isEmpty { folders.append(env) }
        let executable =
            executablePath.hasPrefix("/")
            ? executablePath
            : (currentDirectory as NSString).appendingPathComponent(executablePath)
        var directory = ((executable as NSString).resolvingSymlinksInPath as NSString).deletingLastPathComponent
        while directory != "/" && !directory.isEmpty {
            let candidate = (directory as NSString).appendingPathComponent("Scripts")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue {
                folders.append(candidate)
            }
            directory = (directory as NSString).deletingLastPathComponent
        }
        return folders
    }

    private func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// Walks `path` one component at a time, taking the directory entry equal ignoring case.
    private func caseInsensitive(_ path: String) -> String? {
        let absolute = path.hasPrefix("/")
        var current = absolute ? "/" : "."
        for component in path.split(separator: "/").map(String.init) where component != "." {
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: current) else { return nil }
            let exact = entries.first { $0 == component }
            guard let entry = exact ?? entries.first(where: { $0.lowercased() == component.lowercased() }) else {
                return nil
            }
            current = current == "." ? entry : (current as NSString).appendingPathComponent(entry)
        }
        return isFile(current) ? current : nil
    }
}
