/// Statement rules of Grammar/adv.ebnf.
extension Parser {
    // rule: statement = fnDecl | ifStmt | forStmt | whileStmt | "break" | "continue" | returnStmt | printStmt | loadStmt | modelStmt | trainStmt | expectStmt | block | simpleStmt ;
    mutating func statement() throws(Diagnostic) -> Stmt {
        try enter()
        defer { leave() }
        switch current.kind {
        case .keyword(.fn) where peek(1).kind != .punct(.leftParen): return try fnDecl()
        case .keyword(.if): return try ifStmt()
        case .keyword(.for): return try forStmt()
        case .keyword(.while): return try whileStmt()
        case .keyword(.break): return Stmt(kind: .break, range: advance().range)
        case .keyword(.continue): return Stmt(kind: .continue, range: advance().range)
        case .keyword(.return): return try returnStmt()
        case .keyword(.print): return try printStmt()
        case .keyword(.load): return try loadStmt()
        case .keyword(.model): return try modelStmt()
        case .keyword(.train): return try trainStmt()
        case .keyword(.expect): return try expectStmt()
        case .punct(.leftBrace):
            let start = current.range
            return Stmt(kind: .block(try block()), range: range(from: start))
        default: return try simpleStmt()
        }
    }

    // rule: block = "{" { SEP } { statement SEP } "}" ;
    mutating func block() throws(Diagnostic) -> [Stmt] {
        let opener = try expect(.leftBrace, "to start a block").range
        let body = statementList(until: .rightBrace)
        try expect(.rightBrace, "to close the block", opener: opener)
        return body
    }

    // rule: fnDecl = "fn" IDENT parameters block ;
    mutating func fnDecl() throws(Diagnostic) -> Stmt {
        let start = advance().range
        let (name, _) = try identifier("after 'fn'")
        let (names, ranges) = try parameters()
        let body = try block()
        let decl = FunctionDecl(
            name: name, parameters: names, parameterRanges: ranges, body: body, range: range(from: start))
        return Stmt(kind: .function(decl), range: decl.range)
    }

    // rule: parameters = "(" [ IDENT { "," IDENT } ] ")" ;
    mutating func parameters() throws(Diagnostic) -> ([String], [SourceRange]) {
        try expect(.leftParen, "to start the parameter list")
        var names: [String] = []
        var ranges: [SourceRange] = []
        if !current.isPunct(.rightParen) {
            repeat {
                let (name, range) = try identifier("for a parameter")
                names.append(name)
                ranges.append(range)
            } while match(.comma)
        }
        try expect(.rightParen, "to close the parameter list")
        return (names, ranges)
    }

    // rule: ifStmt = "if" expression block [ [ SEP ] "else" ( ifStmt | block ) ] ;
    /// `links`: the `else if`s before this one; a chain longer than `maximumHeight` is an error,
    /// since each link nests the tree (and this function) one level deeper.
    mutating func ifStmt(links: Int = 0) throws(Diagnostic) -> Stmt {
        let start = advance().range
        guard links <= Parser.maximumHeight else {
            throw Diagnostic(
                .tooDeep, "too many 'else if's in one chain (more than \(Parser.maximumHeight)); use a loop or a list",
                at: start)
        }
        let condition = try expression()
        let then = try block()
        var otherwise: [Stmt]?
        if case .newline = current.kind, peek(1).isKeyword(.else) { advance() }
        if matchKeyword(.else) {
            otherwise = current.isKeyword(.if) ? [try ifStmt(links: links + 1)] : try block()
        }
        return Stmt(kind: .if(condition: condition, then: then, else: otherwise), range: range(from: start))
    }

    // rule: forStmt = "for" IDENT "in" expression block ;
    mutating func forStmt() throws(Diagnostic) -> Stmt {
        let start = advance().range
        let (name, _) = try identifier("after 'for'")
        guard matchKeyword(.in) else { throw error("expected 'in' after 'for \(name)', found \(current.display)") }
        let iterable = try expression()
        let body = try block()
        return Stmt(kind: .for(name: name, iterable: iterable, body: body), range: range(from: start))
    }

    // rule: whileStmt = "while" expression block ;
    mutating func whileStmt() throws(Diagnostic) -> Stmt {
        let start = advance().range
        let condition = try expression()
        let body = try block()
        return Stmt(kind: .while(condition: condition, body: body), range: range(from: start))
    }

    // rule: returnStmt = "return" [ expression ] ;
    mutating func returnStmt() throws(Diagnostic) -> Stmt {
        let start = advance().range
        var value: Expr?
        if !endsStatement { value = try expression() }
        return Stmt(kind: .return(value), range: range(from: start))
    }

    /// True at a separator, a closing brace or the end: where an optional expression is absent.
    var endsStatement: Bool {
        switch current.kind {
        case .newline, .end: return true
        case .punct(.rightBrace): return true
        default: return false
        }
    }

    // rule: printStmt = "print" expression { "," expression } ;
    mutating func printStmt() throws(Diagnostic) -> Stmt {
        let start = advance().range
        var values: [Expr] = []
        if !endsStatement {
            repeat { values.append(try expression()) } while match(.comma)
        }
        return Stmt(kind: .print(values), range: range(from: start))
    }

    // rule: loadStmt = "load" IDENT ;
    mutating func loadStmt() throws(Diagnostic) -> Stmt {
        let start = advance().range
        let (name, _) = try identifier("of a data set after 'load' (e.g. load mnist)")
        return Stmt(kind: .load(name: name), range: range(from: start))
    }

    // rule: modelStmt = "model" expression ;
    mutating func modelStmt() throws(Diagnostic) -> Stmt {
        let start = advance().range
        let value = try expression()
        // `model m = ...` is not a thing; but `model maxout(240)` followed by `= x` is an error anyway.
        return Stmt(kind: .model(value), range: range(from: start))
    }

    // rule: trainStmt = "train" [ postfix ] "on" postfix { trainClause } ;
    mutating func trainStmt() throws(Diagnostic) -> Stmt {
        let start = advance().range
        var target: Expr?
        if current.kind != .identifier("on") { target = try postfix() }
        guard current.kind == .identifier("on") else {
            throw error("expected 'on' and the training data in 'train', found \(current.display)")
        }
        advance()
        let data = try postfix()
        var clauses: [TrainClause] = []
        while !endsStatement { clauses.append(try trainClause()) }
        return Stmt(kind: .train(target: target, data: data, clauses: clauses), range: range(from: start))
    }

    // rule: trainClause = CLAUSE_WORD { unary } ;
    mutating func trainClause() throws(Diagnostic) -> TrainClause {
        guard case .identifier(let word) = current.kind, clauseWords.contains(word) else {
            var d = error(
                "expected a train clause (\(clauseWords.sorted().joined(separator: ", "))), found \(current.display)")
            if case .identifier(let word) = current.kind, let near = nearestName(to: word, among: clauseWords) {
                d.message = "unknown train clause '\(word)'; did you mean '\(near)'?"
            }
            throw d
        }
        let start = advance().range
        var values: [Expr] = []
        while !endsStatement {
            if case .identifier(let next) = current.kind, clauseWords.contains(next) { break }
            values.append(try unary())
        }
        return TrainClause(word: word, values: values, range: range(from: start))
    }

    // rule: expectStmt = "expect" expression [ "~" expression "within" expression ] ;
    mutating func expectStmt() throws(Diagnostic) -> Stmt {
        let start = advance().range
        let actual = try expression()
        var approx: (Expr, Expr)?
        if match(.tilde) {
            let expected = try expression()
            guard current.kind == .identifier("within") else {
                throw error("expected 'within' and a tolerance after 'expect A ~ B', found \(current.display)")
            }
            advance()
            approx = (expected, try expression())
        }
        return Stmt(kind: .expect(actual, approx: approx), range: range(from: start))
    }

    // rule: simpleStmt = expression [ ( "=" | "+=" | "-=" | "*=" | "/=" ) expression ] ;
    mutating func simpleStmt() throws(Diagnostic) -> Stmt {
        let start = current.range
        let target = try expression()
        guard case .punct(let mark) = current.kind, mark == .assign || BinaryOperator(compoundAssignment: mark) != nil
        else { return Stmt(kind: .expression(target), range: target.range) }
        advance()
        var path: [AssignmentStep] = []
        var base = target
        while true {
            if case .field(let inner, let name) = base.kind {
                path.insert(.field(name), at: 0)
                base = inner
            } else if case .index(let inner, let items) = base.kind {
                path.insert(.index(items, range: base.range), at: 0)
                base = inner
            } else {
                break
            }
        }
        guard case .name(let name) = base.kind else {
            throw Diagnostic(
                .invalidAssignment,
                "cannot assign to this expression; assign to a name, a field or an element (x = ..., x.f = ..., x[i] = ...)",
                at: target.range)
        }
        let value = try expression()
        return Stmt(
            kind: .assign(
                name: name, path: path, combining: BinaryOperator(compoundAssignment: mark), target: target.range,
                value: value),
            range: range(from: start))
    }
}
