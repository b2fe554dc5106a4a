// AdvAutograd: see the module table in README.md.
