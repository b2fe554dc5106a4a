import AdvLibrary
import Foundation

// The `adv` executable: a thin layer over AdvREPL (see Command.swift).
exit(Command.main(Array(CommandLine.arguments.dropFirst())))
