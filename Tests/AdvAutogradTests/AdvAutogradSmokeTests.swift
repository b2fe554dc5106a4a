import XCTest
@testable import AdvAutograd
