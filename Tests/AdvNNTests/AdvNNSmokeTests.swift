import XCTest
@testable import AdvNN
