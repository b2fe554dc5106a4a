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

    /// A left-associative chain `operand { op operand }`: `spelling` gives the token of each
    /// operator in `ops`, `node` the expression two operands make with it.
    private mutating func leftChain<Operator>(
        _ ops: [Operator], spelling: (Operator) -> Token.Kind, node: (Operator, Expr, Expr) -> Expr.Kind,
        _ operand: (inout Parser) throws(Diagnostic) -> Expr
    ) throws(Diagnostic) -> Expr {
        var left = try operand(&self)
        while let op = ops.first(where: { current.kind == spelling($0) }) {
            let opRange = advance().range
            let right = try operand(&self)
            left = Expr(kind: node(op, left, right), range: left.range.through(right.range))
            try limitHeight(left, at: opRange)
        }
        return left
    }

    /// A chain of the binary operators `ops`.
    private mutating func binaryChain(
        _ ops: [BinaryOperator], _ operand: (inout Parser) throws(Diagnostic) -> Expr
    ) throws(Diagnostic) -> Expr {
        try leftChain(ops, spelling: { $0.token }, node: { .binary(op: $0, $1, $2) }, operand)
    }

    /// A chain of one short-circuit operator.
    private mutating func logicalChain(
        _ op: LogicalOperator, _ operand: (inout Parser) throws(Diagnostic) -> Expr
    ) throws(Diagnostic) -> Expr {
        try leftChain(
            [op], spelling: { .keyword($0 == .and ? .and : .or) }, node: { .logical(op: $0, $1, $2) }, operand)
    }

    // rule: orExpr = andExpr { "or" andExpr } ;
    mutating func orExpr() throws(Diagnostic) -> Expr {
        try logicalChain(.or) { (p: inout Parser) throws(Diagnostic) in try p.andExpr() }
    }

    // rule: andExpr = notExpr { "and" notExpr } ;
    mutating func andExpr() throws(Diagnostic) -> Expr {
        try logicalChain(.and) { (p: inout Parser) throws(Diagnostic) in try p.notExpr() }
    }

    // rule: notExpr = "not" notExpr | comparison ;
    mutating func notExpr() throws(Diagnostic) -> Expr {
        guard current.isKeyword(.not) else { return try comparison() }
        let start = advance().range
        try enter()
        defer { leave() }
        let operand = try notExpr()
        return Expr(kind: .unary(op: .not, operand), range: start.through(operand.range))
    }

    // rule: comparison = rangeExpr [ ( "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" ) rangeExpr ] ;
    mutating func comparison() throws(Diagnostic) -> Expr {
        let left = try rangeExpr()
        let comparisons: [BinaryOperator] = [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .in]
        guard let op = comparisons.first(where: { current.kind == $0.token }) else { return left }
        advance()
        let right = try rangeExpr()
        if comparisons.contains(where: { current.kind == $0.token }) {
            throw error("comparisons do not chain; write (a < b) and (b < c)")
        }
        return Expr(kind: .binary(op: op, left, right), range: left.range.through(right.range))
    }

    // rule: rangeExpr = additive [ ".." additive ] ;
    mutating func rangeExpr() throws(Diagnostic) -> Expr {
        let low = try additive()
        guard match(.range) else { return low }
        let high = try additive()
        return Expr(kind: .range(low, high), range: low.range.through(high.range))
    }

    // rule: additive = term { ( "+" | "-" ) term } ;
    mutating func additive() throws(Diagnostic) -> Expr {
        try binaryChain([.add, .subtract]) { (p: inout Parser) throws(Diagnostic) in try p.term() }
    }

    // rule: term = unary { ( "*" | "/" | "%" | "@" ) unary } ;
    mutating func term() throws(Diagnostic) -> Expr {
        try binaryChain([.multiply, .divide, .remainder, .matmul]) { (p: inout Parser) throws(Diagnostic) in
            try p.unary()
        }
    }

    // rule: unary = "-" unary | power ;
    mutating func unary() throws(Diagnostic) -> Expr {
        guard current.isPunct(.minus) else { return try power() }
        let start = advance().range
        try enter()
        defer { leave() }
        let operand = try unary()
        return Expr(kind: .unary(op: .negate, operand), range: start.through(operand.range))
    }

    // rule: power = postfix [ "^" unary ] ;
    mutating func power() throws(Diagnostic) -> Expr {
        let base = try postfix()
        guard match(.caret) else { return base }
        try enter()
        defer { leave() }
        let exponent = try unary()
        return Expr(kind: .binary(op: .power, base, exponent), range: base.range.through(exponent.range))
    }

    // rule: postfix = primary { arguments | "[" indexItems "]" | "." IDENT } ;
    mutating func postfix() throws(Diagnostic) -> Expr {
        var value = try primary()
        while true {
            let link = current.range
            if current.isPunct(.leftParen) {
                let args = try arguments()
                value = Expr(kind: .call(value, args), range: range(from: value.range))
            } else if match(.leftBracket) {
                let items = try indexItems()
                try expect(.rightBracket, "to close the index")
                value = Expr(kind: .index(value, items), range: range(from: value.range))
            } else if match(.dot) {
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
        let opener = try expect(.leftParen, "to start the arguments").range
        var args: [Argument] = []
        while !current.isPunct(.rightParen) {
            args.append(try argument())
            if !match(.comma) { break }
        }
        try expect(.rightParen, "to close the arguments", opener: opener)
        return args
    }

    // rule: argument = [ IDENT ":" ] expression ;
    mutating func argument() throws(Diagnostic) -> Argument {
        if peek(1).isPunct(.colon), case .identifier(let label) = current.kind {
            advance()
            advance()
            return Argument(label: label, value: try expression())
        }
        return Argument(label: nil, value: try expression())
    }

    // rule: indexItems = indexItem { "," indexItem } ;
    mutating func indexItems() throws(Diagnostic) -> [IndexItem] {
        var items = [try indexItem()]
        while match(.comma) { items.append(try indexItem()) }
        return items
    }

    // rule: indexItem = expression | [ expression ] ":" [ expression ] [ ":" [ expression ] ] ;
    mutating func indexItem() throws(Diagnostic) -> IndexItem {
        func bound(_ p: inout Parser) throws(Diagnostic) -> Expr? {
            p.current.isPunct(.colon) || p.current.isPunct(.comma) || p.current.isPunct(.rightBracket)
                ? nil : try p.expression()
        }
        let start = try bound(&self)
        guard match(.colon) else {
            guard let start else { throw error("expected an index or a slice, found \(current.display)") }
            return .single(start)
        }
        let end = try bound(&self)
        var step: Expr?
        if match(.colon) { step = try bound(&self) }
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
        case .keyword(.true), .keyword(.false):
            advance()
            return Expr(kind: .bool(token.isKeyword(.true)), range: token.range)
        case .keyword(.none):
            advance()
            return Expr(kind: .none, range: token.range)
        case .identifier(let name):
            advance()
            return Expr(kind: .name(name), range: token.range)
        case .punct(.leftBracket): return try listLiteral()
        case .punct(.leftBrace): return try recordLiteral()
        case .keyword(.fn): return try function()
        case .keyword(.model): return try modelExpr()
        case .punct(.leftParen):
            advance()
            let inner = try expression()
            try expect(.rightParen, "to close the parenthesis", opener: token.range)
            return Expr(kind: inner.kind, range: range(from: token.range))
        default:
            throw error("expected an expression, found \(token.display)")
        }
    }

    // rule: listLiteral = "[" [ expression { "," expression } [ "," ] ] "]" ;
    mutating func listLiteral() throws(Diagnostic) -> Expr {
        let start = advance().range
        var elements: [Expr] = []
        while !current.isPunct(.rightBracket) {
            elements.append(try expression())
            if !match(.comma) { break }
        }
        try expect(.rightBracket, "to close the list", opener: start)
        return Expr(kind: .list(elements), range: range(from: start))
    }

    // rule: recordLiteral = "{" [ recordField { "," recordField } [ "," ] ] "}" ;
    mutating func recordLiteral() throws(Diagnostic) -> Expr {
        let start = advance().range
        var fields: [(name: String, value: Expr)] = []
        var seen = Set<String>()
        skipSeparators()
        while !current.isPunct(.rightBrace) {
            let key = current.range
            let field = try recordField()
            guard seen.insert(field.name).inserted else {
                throw Diagnostic(.duplicateField, "field '\(field.name)' appears twice in the record", at: key)
            }
            fields.append(field)
            skipSeparators()
            if !match(.comma) { break }
            skipSeparators()
        }
        try expect(.rightBrace, "to close the record", opener: start)
        return Expr(kind: .record(fields), range: range(from: start))
    }

    // rule: recordField = IDENT ":" expression ;
    mutating func recordField() throws(Diagnostic) -> (name: String, value: Expr) {
        let name = try fieldName("of a record field")
        try expect(.colon, "after the field name '\(name)'")
        return (name, try expression())
    }

    // rule: function = "fn" parameters ( "=>" expression | block ) ;
    mutating func function() throws(Diagnostic) -> Expr {
        let start = advance().range
        let (names, ranges) = try parameters()
        let body: [Stmt]
        if match(.arrow) {
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
