import XCTest
@testable import AdvData
