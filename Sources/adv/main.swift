import AdvLibrary
import Foundation

// The `adv` executable: a thin layer over AdvREPL (see Command.swift).
let status = Command.main(Array(CommandLine.arguments.dropFirst()))
// A progress line still shown must not leave the shell's prompt glued to it.
Command.statusLine.end()
exit(status)
