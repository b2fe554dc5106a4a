/// Expression rules of Grammar/adv.ebnf, loosest binding first.
extension Parser {
    // rule: expression = orExpr ;
    mutating func expression() throws(Diagnostic) -> Expr {
        try enter()
        defer { leave() }
        let e = try orExpr()
        try limitHeight(e, at: e.range)
        return e
    }

    /// A left-associative chain `operand { op operand }`.
    private mutating func leftChain(
        _ ops: [String], keyword: Bool = false, logical: Bool = false,
        _ operand: (inout Parser) throws(Diagnostic) -> Expr
    ) throws(Diagnostic) -> Expr {
        var left = try operand(&self)
        while let op = ops.first(where: { keyword ? current.isKeyword($0) : current.isPunct($0) }) {
            let opRange = advance().range
            let right = try operand(&self)
            let range = left.range.through(right.range)
            left = Expr(kind: logical ? .logical(op: op, left, right) : .binary(op: op, left, right), range: range)
            try limitHeight(left, at: opRange)
        }
        return left
    }

    // rule: orExpr = andExpr { "or" andExpr } ;
    mutating func orExpr() throws(Diagnostic) -> Expr {
        try leftChain(["or"], keyword: true, logical: true) { (p: inout Parser) throws(Diagnostic) in try p.andExpr() }
    }

    // rule: andExpr = notExpr { "and" notExpr } ;
    mutating func andExpr() throws(Diagnostic) -> Expr {
        try leftChain(["and"], keyword: true, logical: true) { (p: inout Parser) throws(Diagnostic) in try p.notExpr() }
    }

    // rule: notExpr = "not" notExpr | comparison ;
    mutating func notExpr() throws(Diagnostic) -> Expr {
        guard current.isKeyword("not") else { return try comparison() }
        let start = advance().range
        try enter()
        defer { leave() }
        let operand = try notExpr()
        return Expr(kind: .unary(op: "not", operand), range: start.through(operand.range))
    }

    // rule: comparison = rangeExpr [ ( "==" | "!=" | "<" | "<=" | ">" | ">=" ) rangeExpr ] ;
    mutating func comparison() throws(Diagnostic) -> Expr {
        let left = try rangeExpr()
        guard let op = ["==", "!=", "<", "<=", ">", ">="].first(where: { current.isPunct($0) }) else { return left }
        advance()
        let right = try rangeExpr()
        if ["==", "!=", "<", "<=", ">", ">="].contains(where: { current.isPunct($0) }) {
            throw error("comparisons do not chain; write (a < b) and (b < c)")
        }
        return Expr(kind: .binary(op: op, left, right), range: left.range.through(right.range))
    }

    // rule: rangeExpr = additive [ ".." additive ] ;
    mutating func rangeExpr() throws(Diagnostic) -> Expr {
        let low = try additive()
        guard match("..") else { return low }
        let high = try additive()
        return Expr(kind: .range(low, high), range: low.range.through(high.range))
    }

    // rule: additive = term { ( "+" | "-" ) term } ;
    mutating func additive() throws(Diagnostic) -> Expr {
        try leftChain(["+", "-"]) { (p: inout Parser) throws(Diagnostic) in try p.term() }
    }

    // rule: term = unary { ( "*" | "/" | "%" | "@" ) unary } ;
    mutating func term() throws(Diagnostic) -> Expr {
        try leftChain(["*", "/", "%", "@"]) { (p: inout Parser) throws(Diagnostic) in try p.unary() }
    }

    // rule: unary = "-" unary | power ;
    mutating func unary() throws(Diagnostic) -> Expr {
        guard current.isPunct("-") else { return try power() }
        let start = advance().range
        try enter()
        defer { leave() }
        let operand = try unary()
        return Expr(kind: .unary(op: "-", operand), range: start.through(operand.range))
    }

    // rule: power = postfix [ "^" unary ] ;
    mutating func power() throws(Diagnostic) -> Expr {
        let base = try postfix()
        guard match("^") else { return base }
        try enter()
        defer { leave() }
        let exponent = try unary()
        return Expr(kind: .binary(op: "^", base, exponent), range: base.range.through(exponent.range))
    }

    // rule: postfix = primary { arguments | "[" indexItems "]" | "." IDENT } ;
    mutating func postfix() throws(Diagnostic) -> Expr {
        var value = try primary()
        while true {
            let link = current.range
            if current.isPunct("(") {
                let args = try arguments()
                value = Expr(kind: .call(value, args), range: range(from: value.range))
            } else if match("[") {
                let items = try indexItems()
                try expect("]", "to close the index")
                value = Expr(kind: .index(value, items), range: range(from: value.range))
            } else if match(".") {
                let name = try fieldName("of a field after '.'")
                value = Expr(kind: .field(value, name: name), range: range(from: value.range))
            } else {
                return value
            }
            try limitHeight(value, at: link)
        }
    }

    // rule: arguments = "(" [ argument { "," argument } [ "," ] ] ")" ;
    mutating func arguments() throws(Diagnostic) -> [Argument] {
        try expect("(", "to start the arguments")
        var args: [Argument] = []
        while !current.isPunct(")") {
            args.append(try argument())
            if !match(",") { break }
        }
        try expect(")", "to close the arguments")
        return args
    }

    // rule: argument = [ IDENT ":" ] expression ;
    mutating func argument() throws(Diagnostic) -> Argument {
        if peek(1).isPunct(":"), case .identifier(let label) = current.kind {
            advance()
            advance()
            return Argument(label: label, value: try expression())
        }
        return Argument(label: nil, value: try expression())
    }

    // rule: indexItems = indexItem { "," indexItem } ;
    mutating func indexItems() throws(Diagnostic) -> [IndexItem] {
        var items = [try indexItem()]
        while match(",") { items.append(try indexItem()) }
        return items
    }

    // rule: indexItem = expression | [ expression ] ":" [ expression ] [ ":" [ expression ] ] ;
    mutating func indexItem() throws(Diagnostic) -> IndexItem {
        func bound(_ p: inout Parser) throws(Diagnostic) -> Expr? {
            p.current.isPunct(":") || p.current.isPunct(",") || p.current.isPunct("]") ? nil : try p.expression()
        }
        let start = try bound(&self)
        guard match(":") else {
            guard let start else { throw error("expected an index or a slice, found \(current.display)") }
            return .single(start)
        }
        let end = try bound(&self)
        var step: Expr?
        if match(":") { step = try bound(&self) }
        return .slice(start: start, end: end, step: step)
    }

    // rule: primary = NUMBER | STRING | "true" | "false" | "none" | IDENT | listLiteral | recordLiteral | function | modelExpr | "(" expression ")" ;
    mutating func primary() throws(Diagnostic) -> Expr {
        let token = current
        switch token.kind {
        case .number(let value):
            advance()
            return Expr(kind: .number(value), range: token.range)
        case .string(let value):
            advance()
            return Expr(kind: .string(value), range: token.range)
        case .keyword("true"), .keyword("false"):
            advance()
            return Expr(kind: .bool(token.isKeyword("true")), range: token.range)
        case .keyword("none"):
            advance()
            return Expr(kind: .none, range: token.range)
        case .identifier(let name):
            advance()
            return Expr(kind: .name(name), range: token.range)
        case .punct("["): return try listLiteral()
        case .punct("{"): return try recordLiteral()
        case .keyword("fn"): return try function()
        case .keyword("model"): return try modelExpr()
        case .punct("("):
            advance()
            let inner = try expression()
            try expect(")", "to close the parenthesis")
            return Expr(kind: inner.kind, range: range(from: token.range))
        default:
            throw error("expected an expression, found \(token.display)")
        }
    }

    // rule: listLiteral = "[" [ expression { "," expression } [ "," ] ] "]" ;
    mutating func listLiteral() throws(Diagnostic) -> Expr {
        let start = advance().range
        var elements: [Expr] = []
        while !current.isPunct("]") {
            elements.append(try expression())
            if !match(",") { break }
        }
        try expect("]", "to close the list")
        return Expr(kind: .list(elements), range: range(from: start))
    }

    // rule: recordLiteral = "{" [ recordField { "," recordField } [ "," ] ] "}" ;
    mutating func recordLiteral() throws(Diagnostic) -> Expr {
        let start = advance().range
        var fields: [(name: String, value: Expr)] = []
        var seen = Set<String>()
        skipSeparators()
        while !current.isPunct("}") {
            let key = current.range
            let field = try recordField()
            guard seen.insert(field.name).inserted else {
                throw Diagnostic(.duplicateField, "field '\(field.name)' appears twice in the record", at: key)
            }
            fields.append(field)
            skipSeparators()
            if !match(",") { break }
            skipSeparators()
        }
        try expect("}", "to close the record")
        return Expr(kind: .record(fields), range: range(from: start))
    }

    // rule: recordField = IDENT ":" expression ;
    mutating func recordField() throws(Diagnostic) -> (name: String, value: Expr) {
        let name = try fieldName("of a record field")
        try expect(":", "after the field name '\(name)'")
        return (name, try expression())
    }

    // rule: function = "fn" parameters ( "=>" expression | block ) ;
    mutating func function() throws(Diagnostic) -> Expr {
        let start = advance().range
        let (names, ranges) = try parameters()
        let body: [Stmt]
        if match("=>") {
            let value = try expression()
            body = [Stmt(kind: .return(value), range: value.range)]
        } else {
            body = try block()
        }
        let decl = FunctionDecl(
            name: nil, parameters: names, parameterRanges: ranges, body: body, range: range(from: start))
        return Expr(kind: .function(decl), range: decl.range)
    }

    // rule: modelExpr = "model" postfix ;
    mutating func modelExpr() throws(Diagnostic) -> Expr {
        let start = advance().range
        let value = try postfix()
        return Expr(kind: .model(value), range: start.through(value.range))
    }
}
