// AdvData: see the module table in README.md.
